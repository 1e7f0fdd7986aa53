//! Pure conversions between domain values and bytes: the JSON views of the
//! CLI, the backlog document (demo, export, import), and the imports of
//! CSV files and plain-text user stories, which produce an import plan.

pub mod diff;
pub mod document;
pub mod export;
pub mod import_csv;
pub mod import_json;
pub mod import_notes;
pub mod import_plan;
pub mod import_stories;
pub mod input;
pub mod json;
pub mod roadmap;
pub mod wire;
