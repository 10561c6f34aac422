-- The expired quotes (sent, past their valid-until day) are listed the
-- latest to lapse first, read through this index: a page costs the same
-- however many quotes the account has sent.
CREATE INDEX quotes_account_state_validity ON quotes (account_id, state, valid_until, id);
