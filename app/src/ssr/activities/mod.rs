//! Activities (calls, meetings, tasks…): their lists and calendar, and
//! their edits.
pub mod db;
pub mod edit;
pub mod page;
