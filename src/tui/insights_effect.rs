//! Runs the Insights tab's writes through the same use cases as
//! `backlog insight link | unlink | rm`, and reports them as saved.

use super::action::{Action, Saved};
use super::insights_state::InsightWrite;
use crate::ops::insights::{archive, link, unlink};
use crate::store::Store;

pub fn run(store: &mut Store, write: InsightWrite) -> Action {
    let done = match write {
        InsightWrite::Link { insight, target } => link(store, insight, &[target]),
        InsightWrite::Unlink { insight, target } => unlink(store, insight, target),
        InsightWrite::Archive { insight } => archive(store, insight),
    };
    Action::Saved(
        done.map(|d| Saved {
            items: vec![d.value],
            summary: d.summary,
            created: None,
            change: d.change,
        })
        .map_err(|e| e.to_string()),
    )
}
