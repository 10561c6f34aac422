//! One module per page (or group of small pages).
pub mod account;
pub mod actividades;
pub mod api_docs;
pub mod bitacora;
pub mod calendario;
pub mod clientes;
pub mod configuracion;
pub mod contactos;
pub mod deal;
pub mod deals;
pub mod embudo;
pub mod import;
pub mod login;
pub mod not_found;
pub mod productos;
pub mod resumen;
pub mod tokens;
