//! Small reusable drawing helpers.

pub mod columns;
pub mod text;
