//! What the bell tells a user besides their reminders: an endpoint that
//! was switched off, and (later) an automation's notices. Written in the
//! transaction of what they tell.
pub mod db;
