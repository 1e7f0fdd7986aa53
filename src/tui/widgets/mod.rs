//! Small reusable drawing helpers.

pub mod columns;
pub mod text;
pub mod wrap;
