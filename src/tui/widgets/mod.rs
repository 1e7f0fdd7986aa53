//! Small reusable drawing helpers.

pub mod columns;
pub mod progress;
pub mod text;
pub mod wrap;
