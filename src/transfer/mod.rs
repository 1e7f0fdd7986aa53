//! Pure conversions between domain values and bytes: the backlog document
//! (demo, export, import), the roadmap's formats, and the imports of CSV
//! files and plain-text user stories, which produce an import plan.

pub mod depmap;
pub mod detect;
pub mod diff;
pub mod document;
pub mod export;
pub mod import_csv;
pub mod import_json;
pub mod import_notes;
pub mod import_plan;
pub mod import_stories;
pub mod import_taskwarrior;
pub mod import_trello;
pub mod import_update;
pub mod input;
pub mod insights_csv;
pub mod json_text;
pub mod limits;
pub mod report;
pub mod roadmap;
pub mod trend_svg;
pub mod wire;
