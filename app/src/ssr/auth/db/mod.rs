//! Sessions and the login attempts counted against guessing.
pub mod login_attempts;
pub mod sessions;
