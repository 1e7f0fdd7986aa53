//! `search --json`: the items found, best first, with where they matched.

use serde::Serialize;

use crate::domain::Key;
use crate::ops::search::Found;

#[derive(Serialize)]
pub struct FoundJson {
    #[serde(serialize_with = "super::key")]
    pub key: Key,
    pub kind: String,
    pub title: String,
    pub status: String,
    /// key, title, label, goal, persona, benefit, criterion or description.
    pub field: &'static str,
    /// The text of that field (for a criterion, that criterion).
    pub text: String,
    pub score: u32,
}

impl FoundJson {
    pub fn new(f: &Found) -> FoundJson {
        FoundJson {
            key: f.item.key,
            kind: f.item.kind().to_string(),
            title: f.item.title.clone(),
            status: f.item.status.to_string(),
            field: f.hit.field.name(),
            text: f.hit.text.clone(),
            score: f.hit.score,
        }
    }
}
