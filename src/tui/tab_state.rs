//! Each tab's own state: its rows, selection and scroll (and, for the
//! Roadmap, the comparison with a snapshot). The App holds one of each.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use super::rows::TreeRow;
use super::theme::ThemeName;
use crate::domain::Key;
use crate::domain::Kind;
use crate::domain::diff::ChangeKind;
use crate::domain::health::Health;
use crate::domain::roadmap::{Level as RoadmapLevel, Roadmap};
use crate::domain::snapshot::Snapshot;

/// A list's selection and scroll offset.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListState {
    pub selected: usize,
    pub offset: usize,
}

impl ListState {
    /// Keeps `selected` within `len` and on screen for `height` rows.
    pub fn clamp(&mut self, len: usize, height: usize) {
        if len == 0 {
            *self = ListState::default();
            return;
        }
        self.selected = self.selected.min(len - 1);
        let h = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + h {
            self.offset = self.selected + 1 - h;
        }
        self.offset = self.offset.min(len.saturating_sub(h));
    }

    /// Moves the selection by `d` within `len` rows, keeping it on screen
    /// for `height` rows.
    pub fn move_by(&mut self, d: isize, len: usize, height: usize) {
        if len == 0 {
            return;
        }
        self.selected = (self.selected as isize)
            .saturating_add(d)
            .clamp(0, len as isize - 1) as usize;
        self.clamp(len, height);
    }
}

/// The Backlog tab: the tree of initiatives, epics and stories.
pub struct TreeView {
    /// The items whose children show.
    pub expanded: HashSet<Key>,
    pub rows: Vec<TreeRow>,
    pub state: ListState,
}

impl TreeView {
    /// The key of the selected row.
    pub fn selected_key(&self) -> Option<Key> {
        self.rows.get(self.state.selected).map(|r| r.key)
    }

    /// The selected row.
    pub fn selected_row(&self) -> Option<&TreeRow> {
        self.rows.get(self.state.selected)
    }
}

/// The Ranked tab: every story (or epic) in one list by the sort model.
pub struct RankedView {
    pub rows: Vec<Key>,
    /// How many of `rows` have a score under the sort model.
    pub scored: usize,
    pub state: ListState,
    /// Stories or epics.
    pub kind: Kind,
    /// `rows` no longer matches the backlog, filter or model: they are
    /// recomputed when the Ranked tab shows (see `App::refresh_rows`).
    pub(super) stale: bool,
    /// When `rows` is stale: the keys to select once it is recomputed, the
    /// first one found wins (else the selected index stays).
    pub(super) anchors: Vec<Key>,
}

impl RankedView {
    pub fn new() -> RankedView {
        RankedView {
            rows: Vec::new(),
            scored: 0,
            state: ListState::default(),
            kind: Kind::Story,
            stale: true,
            anchors: Vec::new(),
        }
    }

    /// The key of the selected row.
    pub fn selected_key(&self) -> Option<Key> {
        self.rows.get(self.state.selected).copied()
    }

    /// Marks the rows out of date, remembering the selected key.
    pub(super) fn mark_stale(&mut self) {
        if !self.stale {
            self.stale = true;
            self.anchors = self.selected_key().into_iter().collect();
        }
    }

    /// The keys to select again once the rows are recomputed.
    pub(super) fn take_anchors(&mut self) -> Vec<Key> {
        if self.stale {
            std::mem::take(&mut self.anchors)
        } else {
            self.selected_key().into_iter().collect()
        }
    }

    /// Selects `key`, now or once the rows are recomputed.
    pub fn select_key(&mut self, key: Key) {
        if self.stale {
            self.anchors.insert(0, key);
        } else if let Some(i) = self.rows.iter().position(|x| *x == key) {
            self.state.selected = i;
        }
    }

    /// Forgets the selection (back to the top).
    pub fn reset_selection(&mut self) {
        self.state = ListState::default();
        if self.stale {
            // As if recomputed now: the first row's key is kept.
            self.anchors.clear();
            self.anchors.extend(self.rows.first().copied());
        }
    }
}

impl Default for RankedView {
    fn default() -> Self {
        RankedView::new()
    }
}

/// The Refine tab: a queue of stories that are not ready yet.
pub struct RefineState {
    /// The epic or initiative being refined; `None`: the whole backlog.
    pub scope: Option<Key>,
    /// The scope was picked with the scope picker: it stays until the
    /// user picks another, whatever the other tabs select meanwhile.
    pub chosen: bool,
    pub queue: Vec<Key>,
    pub pos: usize,
    /// How many lines of the story's body are scrolled off the top.
    pub scroll: usize,
    /// The Refine tab's own theme: high contrast unless switched.
    pub theme: ThemeName,
    /// Changes since then make up the session summary: the time of the
    /// first clock tick (`None` before it).
    pub since: Option<DateTime<Utc>>,
}

/// The Roadmap tab: columns of cards, and the changes since a snapshot.
pub struct RoadmapView {
    pub roadmap: Option<Roadmap>,
    pub level: RoadmapLevel,
    /// 0 Now, 1 Next, 2 Later, 3 unplanned.
    pub column: usize,
    pub selected: [usize; 4],
    pub offset: [usize; 4],
    /// The snapshot compared against, if any, with the changes per card.
    pub compare: Option<Compare>,
}

pub struct Compare {
    pub snapshot: Snapshot,
    pub marks: HashMap<Key, Vec<ChangeKind>>,
    /// For each card that moved lane: `now → next`, as `backlog diff`
    /// says it.
    pub moves: HashMap<Key, String>,
    pub summary: String,
    pub dropped: Vec<Key>,
}

/// The Health tab: the audit, as rows that can link to items. The audit
/// runs away from the keys (`tui::background`): until it is back, the tab
/// shows the rows it had, or a line saying it runs.
pub struct HealthView {
    pub health: Option<Health>,
    /// The rows shown: `all_rows` narrowed by `filter`.
    pub rows: Vec<HealthRow>,
    /// Every row of the audit, then the planning rows (from
    /// `planning_at` on) when the planning figures are in.
    pub all_rows: Vec<HealthRow>,
    /// Where the planning rows start in `all_rows`.
    pub planning_at: usize,
    /// The Health tab's own filter (`/` there filters here only).
    pub filter: String,
    /// The finding opened from the summary (`None`: the summary shows).
    pub open: Option<usize>,
    pub state: ListState,
    /// The latest audit asked for; an answer to an older one is dropped.
    pub generation: u64,
    /// An audit is running: its answer is awaited.
    pub running: bool,
    /// An audit to ask the runtime for, taken by `App::update`.
    pub(super) job: Option<super::background::AuditJob>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HealthRow {
    pub text: String,
    pub key: Option<Key>,
    pub heading: bool,
    pub problem: bool,
    /// One line of the one-screen summary (a finding and its count).
    pub summary: bool,
    /// The finding this row belongs to (`None`: the coverage heading).
    pub section: Option<usize>,
}

/// A place `Esc` goes back to: a tab, and on the Health tab the finding
/// that was open and the row selected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackTo {
    pub tab: super::tab::Tab,
    pub health_open: Option<usize>,
    pub health_selected: usize,
}
