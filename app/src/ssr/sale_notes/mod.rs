//! Notas de venta (see [`crate::domain::sale_notes`]): issued from an
//! accepted quote or a won deal's lines, then only read. Whoever sees a
//! deal sees its notes; whoever may edit it issues them.
pub mod db;
pub mod edit;
pub mod page;
