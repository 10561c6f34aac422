//! Organizations (clientes) and their contacts: the directory pages, their
//! edits, tags and saved filters.
pub mod db;
pub mod edit;
pub mod page;
