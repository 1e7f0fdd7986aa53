//! User intents and results fed to [`App::update`](super::app::App::update),
//! and the effects update asks the loop to run.

use crossterm::event::KeyEvent;

use super::keymap::Cmd;
use crate::domain::{Backlog, Item, Key, Kind};

/// Something that happened: a command, raw input for a text field, a mouse
/// event, or the result of an effect.
#[derive(Debug)]
pub enum Action {
    /// The time now: the runtime sends it before every other action, so
    /// update reads no clock.
    Tick(chrono::DateTime<chrono::Utc>),
    /// What the runtime found out on opening: whether the file is
    /// read-only, and whether to draw without colour (`NO_COLOR`).
    Opened {
        read_only: bool,
        no_color: bool,
    },
    Command(Cmd),
    /// A key for the open text field, filter or palette.
    Input(KeyEvent),
    Click {
        column: u16,
        row: u16,
    },
    Scroll(i32),
    Resize {
        width: u16,
        height: u16,
    },
    /// A write finished.
    Saved(Result<Saved, String>),
    /// The whole backlog was read again (after undo/redo or an external change).
    Reloaded {
        backlog: Box<Backlog>,
        message: Option<String>,
    },
    /// `$EDITOR` returned the new text for a field.
    Edited {
        key: Key,
        version: i64,
        text: Option<String>,
    },
    /// A change of this session was undone (or redone); the backlog as it
    /// is now.
    UndoDone {
        backlog: Box<Backlog>,
        change: i64,
        undone: bool,
        summary: String,
    },
    /// Something failed before reaching the store.
    Failed(String),
    /// Something worth telling (e.g. where a file was written).
    Notice(String),
    /// An item's history, read from the store.
    HistoryLoaded(Box<super::history::ItemHistory>),
    /// The stored snapshots, newest first, to pick one to compare with.
    Snapshots(Vec<(String, chrono::DateTime<chrono::Utc>)>),
    /// A snapshot to compare the roadmap with.
    SnapshotLoaded(Box<crate::domain::snapshot::Snapshot>),
    /// The audit asked for with [`Effect::Audit`] is done: its findings
    /// and the Health tab's rows. `generation` says which request it
    /// answers; update drops an answer to an older one.
    /// The planning figures asked for with [`Effect::Plan`].
    Planned {
        plan_for: super::planning_state::PlanFor,
        planning: Result<Box<crate::domain::planning::Planning>, String>,
    },
    HealthReady {
        generation: u64,
        health: Box<crate::domain::health::Health>,
        rows: Vec<super::tab_state::HealthRow>,
    },
}

/// What a successful write stored.
#[derive(Debug)]
pub struct Saved {
    pub items: Vec<Item>,
    pub summary: String,
    /// The key of a newly created item, to select it.
    pub created: Option<Key>,
    /// The change recorded, for undo.
    pub change: Option<i64>,
}

/// I/O that update asks for; the event loop runs it and reports back.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Create an item with its fields; the store allocates its key and rank.
    Create {
        kind: Kind,
        parent: Option<Key>,
        new: Box<crate::ops::create::NewItem>,
    },
    /// Store these items over their stored versions (version-checked), in
    /// one transaction.
    Save {
        items: Vec<Item>,
        summary: String,
    },
    /// Undo exactly this change (one this session made).
    Undo {
        change: i64,
    },
    Redo {
        change: i64,
    },
    /// Write the refinement session summary (changes since `since`) as a
    /// Markdown file in `dir`.
    ExportSummary {
        since: chrono::DateTime<chrono::Utc>,
        dir: std::path::PathBuf,
    },
    /// Write the stakeholder report (the last 30 days, Markdown) in `dir`.
    ExportReport {
        dir: std::path::PathBuf,
    },
    /// Render the live roadmap (read afresh from the file, exactly as
    /// `backlog roadmap` does) and write it to `path`.
    ExportRoadmap {
        format: crate::transfer::roadmap::Format,
        path: String,
        model: crate::domain::Model,
        level: crate::domain::roadmap::Level,
    },
    TakeSnapshot {
        name: String,
    },
    /// Delete an archived item for good (`ops::archive::purge`).
    Purge {
        key: Key,
    },
    ListSnapshots,
    /// Read an item's history (for the popup).
    LoadHistory {
        key: Key,
    },
    LoadSnapshot {
        name: String,
    },
    /// Run the backlog audit away from the keys (see `tui::background`);
    /// it reports back with [`Action::HealthReady`].
    Audit(super::background::AuditJob),
    /// Compute the planning figures of a backlog (with the store's
    /// history); it reports back with [`Action::Planned`].
    Plan(super::planning_state::PlanJob),
    /// Link, unlink or archive a customer insight (the Insights tab).
    Insight(super::insights_state::InsightWrite),
    /// Open `$EDITOR` on an item's description.
    EditDescription {
        key: Key,
        version: i64,
        text: String,
    },
    Quit,
}
