//! The application state. Changed only by [`App::update`] (update.rs).

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use ratatui::layout::Rect;

use super::config::Config;
use super::deps_view::DepsView;
use super::form::{Confirm, Form, Palette, Picker};
use super::keymap::Keymap;
use super::layout;
use super::planning_state::PlanningView;
use super::rows::{FilterMatches, tree_rows};
use super::theme::ThemeName;
use crate::domain::diff::Diff;
use crate::domain::roadmap::{Level as RoadmapLevel, Roadmap};
use crate::domain::{Backlog, Item, Key, Lane, Model};

pub use super::tab::Tab;
pub use super::tab_state::{
    BackTo, Compare, HealthRow, HealthView, ListState, RankedView, RefineState, RoadmapView,
    TreeView,
};

/// Which part of the Backlog tab has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Criteria,
}

/// What has the keyboard besides the lists.
pub enum Mode {
    Normal,
    Filter,
    Form(Form),
    Picker(Picker),
    Palette(Palette),
    Help {
        scroll: u16,
    },
    Confirm(Confirm),
    /// The selected item's history (`v`).
    History(super::history::ItemHistory),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Level {
    Info,
    Error,
}

pub struct App {
    /// Shared with a running audit (`tui::background`); changed through
    /// `Arc::make_mut`, which copies it only while an audit still reads it.
    pub backlog: Arc<Backlog>,
    pub file_name: String,
    pub read_only: bool,
    pub tab: Tab,
    pub mode: Mode,
    pub focus: Focus,
    /// The Backlog tab's tree.
    pub tree: TreeView,
    /// The Ranked tab's rows. Recomputed only while that tab shows (or
    /// when it is switched to): see [`App::refresh_rows`].
    pub ranked: RankedView,
    /// The items the filter matches, kept between keystrokes.
    filter_matches: Option<FilterMatches>,
    pub model: Model,
    pub filter: String,
    pub criterion: usize,
    pub message: Option<(String, Level)>,
    /// The item selected when the message was given: a message about one
    /// item goes when the user moves to another.
    pub message_about: Option<Key>,
    pub refine: RefineState,
    /// Changes this session made, newest last: `u` undoes only these, so
    /// another process's change is never undone from here.
    pub undo_stack: Vec<i64>,
    pub redo_stack: Vec<i64>,
    pub health: HealthView,
    /// Where `Esc` goes back to after a jump (newest last), as lazygit's
    /// back-stack.
    pub back: Vec<BackTo>,
    pub roadmap: RoadmapView,
    /// Now's capacity and the epics' 85 % dates (Roadmap, Ranked).
    pub planning: PlanningView,
    /// The Insights tab: customer insights, the inbox first.
    pub insights: super::insights_state::InsightsView,
    /// The dependency view (`b`), over the current tab while open.
    pub deps: Option<DepsView>,
    /// The metrics or archive panel (`O`, `A`), over the current tab while open.
    pub panel: Option<super::panel::Panel>,
    /// The time, from the clock tick the runtime sends before each action
    /// (update itself reads no clock).
    pub now: DateTime<Utc>,
    /// In-progress items unchanged for this many days count as stale.
    pub stale_days: i64,
    pub checkin_days: i64,
    /// Where `W` writes the stakeholder report (the directory the TUI was
    /// started in).
    pub export_dir: std::path::PathBuf,
    pub keymap: Keymap,
    pub theme: ThemeName,
    /// `NO_COLOR` is set: draw without colour.
    pub no_color: bool,
    pub size: Rect,
    pub quit: bool,
}

impl App {
    pub fn new(backlog: Backlog, file_name: impl Into<String>, config: &Config) -> App {
        backlog.prepare_search();
        // Start with initiatives expanded: their epics show at once.
        let expanded: HashSet<Key> = backlog.roots().map(|i| i.key).collect();
        let mut app = App {
            backlog: Arc::new(backlog),
            file_name: file_name.into(),
            read_only: false,
            tab: Tab::Backlog,
            mode: Mode::Normal,
            focus: Focus::List,
            tree: TreeView {
                expanded,
                rows: Vec::new(),
                state: ListState::default(),
            },
            ranked: RankedView::new(),
            filter_matches: None,
            model: Model::Rice,
            filter: String::new(),
            criterion: 0,
            message: config.warnings.first().map(|w| (w.clone(), Level::Error)),
            message_about: None,
            refine: RefineState {
                scope: None,
                chosen: false,
                queue: Vec::new(),
                pos: 0,
                scroll: 0,
                theme: ThemeName::HighContrast,
                since: None,
            },
            roadmap: RoadmapView {
                roadmap: None,
                level: RoadmapLevel::Epic,
                column: 0,
                selected: [0; 4],
                offset: [0; 4],
                compare: None,
            },
            deps: None,
            insights: Default::default(),
            panel: None,
            planning: PlanningView::default(),
            undo_stack: Vec::new(),
            redo_stack: Vec::new(),
            back: Vec::new(),
            health: HealthView {
                health: None,
                rows: Vec::new(),
                all_rows: Vec::new(),
                planning_at: 0,
                filter: String::new(),
                open: None,
                state: ListState::default(),
                generation: 0,
                running: false,
                job: None,
            },
            now: DateTime::<Utc>::UNIX_EPOCH,
            stale_days: config.stale_days,
            checkin_days: config.checkin_days,
            export_dir: std::path::PathBuf::from("."),
            keymap: config.keymap.clone(),
            theme: config.theme,
            no_color: false,
            size: Rect::new(0, 0, 120, 40),
            quit: false,
        };
        app.refresh_rows();
        app
    }

    fn filter_query(&self) -> Option<&str> {
        (!self.filter.trim().is_empty()).then_some(self.filter.as_str())
    }

    /// The filter's matches, current for this backlog and query (narrowed
    /// from the previous query's while the user types on).
    fn update_filter_matches(&mut self) {
        match self.filter_query() {
            None => self.filter_matches = None,
            Some(q) => {
                if self
                    .filter_matches
                    .as_ref()
                    .is_some_and(|m| m.is_for(&self.backlog, q))
                {
                    return;
                }
                let m = FilterMatches::new(&self.backlog, q, self.filter_matches.as_ref());
                self.filter_matches = Some(m);
            }
        }
    }

    /// Rebuilds the tree's rows from the expanded nodes and the filter.
    fn rebuild_tree(&mut self) {
        self.update_filter_matches();
        self.tree.rows = tree_rows(
            &self.backlog,
            &self.tree.expanded,
            self.filter_matches.as_ref(),
        );
    }

    /// Recomputes the rows the current tab shows, keeping the selected
    /// keys. The tree is always current (it is cheap: only expanded
    /// nodes are visited); the ranked list and the refinement queue, which
    /// sort or walk every item, are recomputed when their tab is showing
    /// and otherwise marked stale until it is.
    pub fn refresh_rows(&mut self) {
        let tree_key = self.tree.selected_key();
        self.rebuild_tree();
        if let Some(k) = tree_key {
            self.select_tree_key(k);
        }
        if self.tab == Tab::Ranked {
            self.refresh_ranked();
        } else {
            self.ranked.mark_stale();
        }
        // The refinement queue is recomputed whenever the Refine tab is
        // switched to.
        if self.tab == Tab::Refine {
            self.refresh_refine();
        }
        if self.tab == Tab::Roadmap {
            self.refresh_roadmap();
        } else {
            self.roadmap.roadmap = None;
        }
        if self.tab == Tab::Health {
            self.refresh_health();
        } else {
            self.health.health = None;
            self.forget_audit();
        }
        self.refresh_deps();
        self.refresh_panel();
        self.clamp_lists();
    }

    /// Recomputes the Ranked tab's rows, keeping the selected key.
    pub fn refresh_ranked(&mut self) {
        let anchors = self.ranked.take_anchors();
        self.update_filter_matches();
        let rows = super::rows::ranked_rows(
            Arc::make_mut(&mut self.backlog),
            self.ranked.kind,
            self.model,
            self.filter_matches.as_ref(),
        );
        self.ranked.rows = rows.keys;
        self.ranked.scored = rows.scored;
        self.ranked.stale = false;
        if let Some(i) = anchors
            .iter()
            .find_map(|k| self.ranked.rows.iter().position(|x| x == k))
        {
            self.ranked.state.selected = i;
        }
        let h = self.list_height();
        self.ranked.state.clamp(self.ranked.rows.len(), h);
    }

    /// Brings the Ranked rows up to date if they are stale.
    pub fn ensure_ranked(&mut self) {
        if self.ranked.stale {
            self.refresh_ranked();
        }
    }

    /// Recomputes the refinement queue, staying on the current story if it
    /// is still in it (else on the one that took its place).
    pub fn refresh_refine(&mut self) {
        let current = self.refine.queue.get(self.refine.pos).copied();
        self.update_filter_matches();
        self.refine.queue = super::rows::refine_queue(
            &self.backlog,
            self.refine.scope,
            self.filter_matches.as_ref(),
        );
        if let Some(k) = current
            && let Some(i) = self.refine.queue.iter().position(|x| *x == k)
        {
            self.refine.pos = i;
        }
        self.refine.pos = self
            .refine
            .pos
            .min(self.refine.queue.len().saturating_sub(1));
        if self.refine.queue.get(self.refine.pos).copied() != current {
            // Another story shows: from its top, the list focused.
            self.refine.scroll = 0;
            if self.tab == Tab::Refine {
                self.focus = Focus::List;
                self.criterion = 0;
            }
        }
    }

    /// Builds the roadmap (and the changes since the compared snapshot),
    /// keeping the selected card selected wherever it went.
    pub fn refresh_roadmap(&mut self) {
        let current = self.selected_roadmap_key();
        let roadmap = Roadmap::build(&self.backlog, self.model, self.roadmap.level, self.now);
        if let Some(c) = &mut self.roadmap.compare {
            match c.snapshot.roadmap(self.roadmap.level, self.model) {
                Some(old) => {
                    let diff = Diff::between(&old, &roadmap, self.model);
                    c.marks = diff.marks();
                    let lane = |l: Option<Lane>| l.map_or("unplanned", Lane::as_str);
                    c.moves = diff
                        .moved
                        .iter()
                        .map(|m| (m.key, format!("{} → {}", lane(m.from), lane(m.to))))
                        .collect();
                    c.summary = diff.summary.clone();
                    c.dropped = diff.dropped.iter().map(|d| d.key).collect();
                }
                None => {
                    c.marks.clear();
                    c.moves.clear();
                    c.summary = "the snapshot has no roadmap at this level".into();
                    c.dropped.clear();
                }
            }
        }
        if let Some(k) = current
            && let Some((lane, i, _)) = roadmap.locate(k)
        {
            let col = lane.map_or(3, |l| Lane::ALL.iter().position(|x| *x == l).unwrap_or(0));
            self.roadmap.column = col;
            self.roadmap.selected[col] = i;
        }
        self.roadmap.roadmap = Some(roadmap);
        self.clamp_roadmap();
    }

    /// The cards of roadmap column `col` (3: unplanned).
    pub fn roadmap_cards(&self, col: usize) -> &[crate::domain::roadmap::Card] {
        let lane = Lane::ALL.get(col).copied();
        self.roadmap
            .roadmap
            .as_ref()
            .map_or(&[], |r| r.cards_in(lane))
    }

    pub fn selected_roadmap_key(&self) -> Option<Key> {
        let col = self.roadmap.column;
        self.roadmap_cards(col)
            .get(self.roadmap.selected[col])
            .map(|c| c.key)
    }

    /// Keeps each column's selection in range and on screen.
    pub fn clamp_roadmap(&mut self) {
        let visible = layout::cards_per_column(self.size);
        for col in 0..4 {
            let len = self.roadmap_cards(col).len();
            let mut st = ListState {
                selected: self.roadmap.selected[col],
                offset: self.roadmap.offset[col],
            };
            st.clamp(len, visible);
            self.roadmap.selected[col] = st.selected;
            self.roadmap.offset[col] = st.offset;
        }
        if self.roadmap.column == 3 && self.roadmap_cards(3).is_empty() {
            self.roadmap.column = 2;
        }
    }

    /// Asks for the audit of the backlog as it is now (run away from the
    /// keys; see `tui::background`). The rows shown stay until it is back.
    pub fn refresh_health(&mut self) {
        self.health.generation += 1;
        self.health.running = true;
        self.health.job = Some(super::background::AuditJob {
            generation: self.health.generation,
            backlog: Arc::clone(&self.backlog),
            now: self.now,
            stale_days: self.stale_days,
            checkin_days: self.checkin_days,
        });
    }

    /// No audit asked for so far is wanted any more (the backlog changed
    /// while the Health tab was not showing).
    fn forget_audit(&mut self) {
        if self.health.running || self.health.job.is_some() {
            self.health.generation += 1;
            self.health.running = false;
            self.health.job = None;
        }
    }

    /// The answer to an audit: shown if it answers the latest request.
    pub(super) fn health_ready(
        &mut self,
        generation: u64,
        health: crate::domain::health::Health,
        rows: Vec<HealthRow>,
    ) {
        if generation != self.health.generation {
            return;
        }
        self.health.running = false;
        self.health.planning_at = rows.len();
        self.health.all_rows = rows;
        self.health.health = Some(health);
        self.add_health_planning();
        self.apply_health_filter();
        let h = self.list_height();
        self.health.state.clamp(self.health.rows.len(), h);
    }

    /// Selects `key` in the tree, expanding its ancestors if needed.
    pub fn select_tree_key(&mut self, key: Key) {
        if let Some(i) = self.tree.rows.iter().position(|r| r.key == key) {
            self.tree.state.selected = i;
            return;
        }
        let mut cur = self.backlog.get(key).and_then(|i| i.parent);
        let mut opened = false;
        while let Some(p) = cur {
            opened |= self.tree.expanded.insert(p);
            cur = self.backlog.get(p).and_then(|i| i.parent);
        }
        if opened {
            self.rebuild_tree();
        }
        if let Some(i) = self.tree.rows.iter().position(|r| r.key == key) {
            self.tree.state.selected = i;
        }
    }

    pub fn clamp_lists(&mut self) {
        let h = self.list_height();
        self.tree.state.clamp(self.tree.rows.len(), h);
        self.ranked.state.clamp(self.ranked.rows.len(), h);
        if self.tab == Tab::Insights {
            // Its rows are rebuilt (and clamped) whenever it shows.
            self.refresh_insights();
        }
        let n = self.selected_item().map_or(0, |i| i.criteria.len());
        self.criterion = self.criterion.min(n.saturating_sub(1));
        if n == 0 {
            // Nothing left to focus (last criterion deleted, item gone).
            self.focus = Focus::List;
        }
        self.clamp_deps();
    }

    /// Rows available to the current list.
    pub fn list_height(&self) -> usize {
        layout::list_rows(self.size, self.tab)
    }

    /// The item the current tab has selected.
    pub fn selected_key(&self) -> Option<Key> {
        match self.tab {
            Tab::Ranked => self.ranked.selected_key(),
            Tab::Refine => self.refine.queue.get(self.refine.pos).copied(),
            Tab::Roadmap => self.selected_roadmap_key(),
            Tab::Health => self
                .health
                .rows
                .get(self.health.state.selected)
                .and_then(|r| r.key),
            Tab::Backlog => self.tree.selected_key(),
            Tab::Insights => self.insights.selected_key(),
        }
    }

    pub fn selected_item(&self) -> Option<&Item> {
        self.selected_key().and_then(|k| self.backlog.get(k))
    }

    pub fn info(&mut self, msg: impl Into<String>) {
        self.message = Some((msg.into(), Level::Info));
        self.message_about = self.selected_key();
    }

    pub fn error(&mut self, msg: impl Into<String>) {
        self.message = Some((msg.into(), Level::Error));
        self.message_about = self.selected_key();
    }

    /// After the user moved from `before` to another item: a message about
    /// `before` no longer applies.
    pub(super) fn forget_message_about(&mut self, before: Option<Key>) {
        let now = self.selected_key();
        if now != before && self.message.is_some() && self.message_about == before {
            self.message = None;
            self.message_about = None;
        }
    }
}
