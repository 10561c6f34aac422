-- The customer's link of a sent quote (/q/{public_token}): 256 random
-- bits, URL-safe base64, set when the quote is sent. Kept as given (the
-- seller copies the link again later); a quote's page, PDF and answer are
-- all it opens.
ALTER TABLE quotes ADD COLUMN public_token TEXT;
CREATE UNIQUE INDEX quotes_public_token ON quotes (public_token);
