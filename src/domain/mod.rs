//! Pure domain model and rules: no I/O, no clock reads, no SQL.

pub mod backlog;
pub mod checkin;
pub mod criteria;
pub mod depmap;
pub mod deps;
pub mod diff;
pub mod duplicates;
pub mod error;
pub mod forecast;
pub mod health;
pub mod health_evidence;
pub mod health_metrics;
pub mod insight;
pub mod item;
pub mod key;
pub mod number;
pub mod parse;
pub mod planning;
pub mod progress;
pub mod ready;
pub mod roadmap;
pub mod scoring;
pub mod search;
pub mod session;
pub mod snapshot;
pub mod status;
pub mod text;
pub mod user_story;

pub use backlog::Backlog;
pub use error::DomainError;
pub use insight::InsightInfo;
pub use item::{AcceptanceCriterion, CheckIn, Decision, Item, Metric};
pub use key::{Key, Kind};
pub use scoring::{Model, RiceInputs, WsjfInputs};
pub use status::{Lane, Status};
