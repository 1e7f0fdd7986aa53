//! Exporting the whole backlog as one backlog document.

use crate::domain::text::{count, kinds_phrase};
use crate::domain::{Backlog, Kind};
use crate::store::{Result, Store};
use crate::transfer::export::to_json;
use crate::transfer::import_plan::NextKeys;

/// A backlog document, and what it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Exported {
    /// Pretty JSON ending in a newline.
    pub text: String,
    /// Initiatives, epics and stories in it.
    pub counts: [usize; 3],
    /// Customer insights in it (archived ones too: the document keeps them).
    pub insights: usize,
}

impl Exported {
    /// `1 initiative, 4 epics, 19 stories, 3 customer insights` (the
    /// insights only when there are some).
    pub fn counts_phrase(&self) -> String {
        let kinds = kinds_phrase(self.counts);
        if self.insights == 0 {
            return kinds;
        }
        let insights = count(self.insights, "customer insight", "customer insights");
        if self.counts == [0; 3] {
            insights
        } else {
            format!("{kinds}, {insights}")
        }
    }
}

/// The backlog, its next keys and its snapshots as one document, read in
/// one consistent state.
pub fn export_document(store: &Store) -> Result<Exported> {
    let (backlog, seq) = store.load_with_key_sequence()?;
    let snapshots = store.all_snapshots()?;
    let settings = store.planning_settings()?;
    let counts = counts(&backlog);
    Ok(Exported {
        text: to_json(&backlog, NextKeys::from_map(&seq), snapshots, &settings),
        counts,
        insights: backlog.insights().len(),
    })
}

/// How many initiatives, epics and stories `backlog` holds.
pub fn counts(backlog: &Backlog) -> [usize; 3] {
    let mut counts = [0; 3];
    for i in backlog.items() {
        counts[kind_index(i.kind())] += 1;
    }
    counts
}

/// A kind's place in `[initiatives, epics, stories]`.
fn kind_index(kind: Kind) -> usize {
    match kind {
        Kind::Initiative => 0,
        Kind::Epic => 1,
        Kind::Story | Kind::Insight => 2,
    }
}
