//! Notas de venta (see [`crate::domain::sale_notes`]): issued from an
//! accepted quote or a won deal's lines, then only read. Whoever sees a
//! deal sees its notes; whoever may edit it issues them, and sets how
//! each is paid and invoiced ([`cfdi`]: the invoice request).
pub mod cfdi;
pub mod db;
pub mod edit;
pub mod page;
