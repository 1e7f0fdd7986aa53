//! Exporting the whole backlog as one backlog document.

use crate::domain::planning::PlanningSettings;
use crate::domain::snapshot::Snapshot;
use crate::domain::text::{count, kinds_phrase};
use crate::domain::{Backlog, Kind};
use crate::store::{Result, Store};
use crate::transfer::export::write_json;
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
        counts_phrase(self.counts, self.insights)
    }
}

/// What a backlog document is made of, read in one consistent state, to
/// be written as it is made ([`Export::write_to`]): a backlog with a big
/// text is not held twice more as the document's text.
#[derive(Debug)]
pub struct Export {
    backlog: Backlog,
    next: NextKeys,
    snapshots: Vec<Snapshot>,
    settings: PlanningSettings,
    /// Initiatives, epics and stories in it.
    pub counts: [usize; 3],
    /// Customer insights in it (archived ones too: the document keeps them).
    pub insights: usize,
}

impl Export {
    /// Writes the document (pretty JSON ending in a newline) to `writer`.
    pub fn write_to<W: std::io::Write>(&self, writer: W) -> std::io::Result<()> {
        write_json(
            writer,
            &self.backlog,
            self.next,
            &self.snapshots,
            &self.settings,
        )
    }

    /// As [`Exported::counts_phrase`].
    pub fn counts_phrase(&self) -> String {
        counts_phrase(self.counts, self.insights)
    }
}

fn counts_phrase(counts: [usize; 3], insights: usize) -> String {
    let kinds = kinds_phrase(counts);
    if insights == 0 {
        return kinds;
    }
    let insights = count(insights, "customer insight", "customer insights");
    if counts == [0; 3] {
        insights
    } else {
        format!("{kinds}, {insights}")
    }
}

/// The backlog, its next keys, its snapshots and its planning settings,
/// read in one consistent state, for a document.
pub fn read_export(store: &Store) -> Result<Export> {
    let (backlog, seq) = store.load_with_key_sequence()?;
    let snapshots = store.all_snapshots()?;
    let settings = store.planning_settings()?;
    Ok(Export {
        counts: counts(&backlog),
        insights: backlog.insights().len(),
        next: NextKeys::from_map(&seq),
        backlog,
        snapshots,
        settings,
    })
}

/// The backlog, its next keys and its snapshots as one document, read in
/// one consistent state.
pub fn export_document(store: &Store) -> Result<Exported> {
    let export = read_export(store)?;
    let mut text = Vec::new();
    export
        .write_to(&mut text)
        .expect("a document always serialises into memory");
    Ok(Exported {
        // Only whole UTF-8 text and ASCII escapes were written.
        text: String::from_utf8(text).expect("JSON is UTF-8"),
        counts: export.counts,
        insights: export.insights,
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
