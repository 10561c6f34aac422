//! The product catalogue (`/crm/productos`): its pages and its edits. Anyone
//! of the account with the CRM reads it (a seller picks products for a
//! deal's lines); admins and whoever configures the pipeline
//! (`crm.pipeline.configure`) add, change and delete products.
pub mod db;
pub mod edit;
pub mod page;
