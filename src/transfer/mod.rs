//! Pure conversions between domain values and bytes: the JSON views of the
//! CLI, the backlog document (demo, export, import).

pub mod diff;
pub mod document;
pub mod json;
pub mod roadmap;
