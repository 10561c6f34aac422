//! Deals (tratos): created and edited from the form, moved, won and lost on
//! the board, reopened and commented on their page, listed and searched on
//! `/crm/tratos`. The rules they keep are in [`crate::domain::deal_change`].
pub mod board;
pub mod db;
pub mod edit;
pub mod history;
pub mod lines;
pub mod list;
pub mod page;
