//! `App::update`: the only place state changes. It returns the effects
//! (store writes, quitting, `$EDITOR`) for the event loop to run.

use super::action::{Action, Effect, Saved};
use super::app::{App, Focus, Mode, Tab};
use super::form::Palette;
use super::keymap::Cmd;
use crate::domain::Kind;

impl App {
    /// Applies one action; returns what the loop must do next.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        let mut effects = self.apply(action);
        if let Some(job) = self.health.job.take() {
            effects.push(Effect::Audit(job));
        }
        self.ensure_planning();
        effects.extend(self.planning.job.take().map(Effect::Plan));
        effects
    }

    fn apply(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::HealthReady {
                generation,
                health,
                rows,
            } => {
                self.health_ready(generation, *health, rows);
                vec![]
            }
            Action::Planned { plan_for, planning } => {
                self.planned(plan_for, planning.map(|p| *p));
                vec![]
            }
            Action::Tick(now) => {
                self.now = now;
                // The refinement session starts with the first tick.
                self.refine.since.get_or_insert(now);
                vec![]
            }
            Action::Opened {
                read_only,
                no_color,
            } => {
                self.read_only = read_only;
                self.no_color = no_color;
                vec![]
            }
            Action::Command(cmd) => self.command(cmd),
            Action::Input(key) => self.input(key),
            Action::Click { column, row } => {
                self.click(column, row);
                vec![]
            }
            Action::Scroll(d) => {
                if self.panel.is_some() && matches!(self.mode, Mode::Normal) {
                    self.panel_move(d as isize);
                } else if self.deps.is_some() && matches!(self.mode, Mode::Normal) {
                    self.deps_move(d as isize);
                } else if self.tab == Tab::Refine && matches!(self.mode, Mode::Normal) {
                    self.refine_scroll(d as isize);
                } else {
                    self.move_by(d as isize);
                }
                vec![]
            }
            Action::Resize { width, height } => {
                self.size = ratatui::layout::Rect::new(0, 0, width, height);
                self.clamp_lists();
                vec![]
            }
            Action::Saved(result) => {
                self.saved(result);
                vec![]
            }
            Action::UndoDone {
                backlog,
                change,
                undone,
                summary,
            } => {
                self.backlog = std::sync::Arc::new(*backlog);
                self.backlog.prepare_search();
                if undone {
                    self.redo_stack.push(change);
                    self.info(format!("Undone: {summary}"));
                } else {
                    self.undo_stack.push(change);
                    self.info(format!("Redone: {summary}"));
                }
                self.refresh_rows();
                vec![]
            }
            Action::Reloaded { backlog, message } => {
                self.backlog = std::sync::Arc::new(*backlog);
                self.backlog.prepare_search();
                self.refresh_rows();
                if let Some(m) = message {
                    self.info(m);
                }
                vec![]
            }
            Action::Edited { key, version, text } => match (text, self.backlog.get(key)) {
                (Some(text), Some(item)) if item.version == version => {
                    let mut item = item.clone();
                    item.description = text.trim_end().to_string();
                    vec![Effect::Save {
                        items: vec![item],
                        summary: format!("edit {key}: description"),
                    }]
                }
                (Some(_), Some(_)) => {
                    self.error(format!(
                        "{key} changed while you were editing: nothing saved"
                    ));
                    vec![]
                }
                _ => {
                    self.info("Description unchanged");
                    vec![]
                }
            },
            Action::Failed(msg) => {
                self.failed(msg);
                vec![]
            }
            Action::Notice(msg) => {
                if let Mode::Form(f) = &self.mode
                    && f.pending
                {
                    self.mode = Mode::Normal;
                }
                self.info(msg);
                vec![]
            }
            Action::Snapshots(list) => {
                self.snapshot_picker(list);
                vec![]
            }
            Action::HistoryLoaded(history) => self.history_loaded(*history),
            Action::SnapshotLoaded(snapshot) => {
                self.compare_with(*snapshot);
                vec![]
            }
        }
    }

    /// A write or effect failed: a form waiting for it keeps its input
    /// and shows why; otherwise the status line does.
    fn failed(&mut self, msg: String) {
        if let Mode::Form(f) = &mut self.mode
            && f.pending
        {
            f.pending = false;
            f.error = Some(msg);
        } else {
            self.error(msg);
        }
    }

    fn saved(&mut self, result: Result<Saved, String>) {
        match result {
            Ok(saved) => {
                if let Some(change) = saved.change {
                    self.undo_stack.push(change);
                    self.redo_stack.clear();
                }
                for item in saved.items {
                    std::sync::Arc::make_mut(&mut self.backlog).upsert(item);
                }
                let mut note = "";
                if let Some(k) = saved.created {
                    if let Some(p) = self.backlog.get(k).and_then(|i| i.parent) {
                        self.tree.expanded.insert(p);
                    }
                    self.refresh_rows();
                    if !self.filter.is_empty() && !self.tree.rows.iter().any(|r| r.key == k) {
                        // The new item does not match: show it anyway.
                        self.filter.clear();
                        self.refresh_rows();
                        note = " (filter cleared to show it)";
                    }
                    self.select_tree_key(k);
                    self.ranked.select_key(k);
                    self.clamp_lists();
                } else {
                    self.refresh_rows();
                }
                self.close_saved_form(saved.created);
                self.info(format!("Saved: {}{note}", saved.summary));
            }
            Err(msg) => self.failed(msg),
        }
    }

    pub(super) fn command(&mut self, cmd: Cmd) -> Vec<Effect> {
        if let Some(effects) = self.popup_command(cmd) {
            return effects;
        }
        if self.deps.is_some()
            && matches!(self.mode, Mode::Normal)
            && let Some(effects) = self.deps_command(cmd)
        {
            return effects;
        }
        if let Some(effects) = self.panel_command(cmd) {
            return effects;
        }
        if let Some(effects) = self.insights_command(cmd) {
            return effects;
        }
        if cmd.scope().is_modal() {
            // A dialog's command with no dialog open (e.g. from a test or
            // a stale key): nothing to do.
            return self.modal_command(cmd);
        }
        if self.tab == Tab::Roadmap
            && !self.backlog.is_empty()
            && let Some(effects) = self.roadmap_command(cmd)
        {
            return effects;
        }
        match cmd {
            Cmd::TabBacklog => self.switch_tab(Tab::Backlog),
            Cmd::TabRanked => self.switch_tab(Tab::Ranked),
            Cmd::TabRoadmap => self.switch_tab(Tab::Roadmap),
            Cmd::TabRefine => self.switch_tab(Tab::Refine),
            Cmd::TabHealth => self.switch_tab(Tab::Health),
            Cmd::TabInsights | Cmd::InsightLink | Cmd::InsightUnlink | Cmd::InsightJump => {}
            Cmd::PageDown | Cmd::PageUp | Cmd::Top | Cmd::Bottom if self.tab == Tab::Refine => {
                let d = match cmd {
                    Cmd::PageDown => self.refine_page(),
                    Cmd::PageUp => -self.refine_page(),
                    Cmd::Top => isize::MIN / 2,
                    _ => isize::MAX / 2,
                };
                self.refine_scroll(d);
            }
            Cmd::Down => self.move_by(1),
            Cmd::Up => self.move_by(-1),
            Cmd::PageDown => self.move_by(self.list_height().max(1) as isize),
            Cmd::PageUp => self.move_by(-(self.list_height().max(1) as isize)),
            Cmd::Top => self.move_by(isize::MIN / 2),
            Cmd::Bottom => self.move_by(isize::MAX / 2),
            Cmd::Collapse => self.collapse(),
            Cmd::Expand => self.expand(),
            Cmd::Open => return self.open(),
            // The Backlog and Refine tabs draw the criteria as focusable.
            Cmd::Focus if matches!(self.tab, Tab::Backlog | Tab::Refine) => {
                self.toggle_focus();
                self.refine_follow_criterion();
            }
            Cmd::Focus => {}
            Cmd::NewInitiative => self.new_item_form(Kind::Initiative, None),
            Cmd::AddChild => self.add_child(),
            Cmd::Edit => self.edit_form(),
            Cmd::EditInEditor => return self.edit_in_editor(),
            Cmd::AddCriterion => self.criterion_form(None),
            Cmd::ToggleCriterion => return self.toggle_criterion(),
            Cmd::DeleteCriterion => self.delete_criterion(),
            Cmd::MoveDown => return self.reorder(1),
            Cmd::MoveUp => return self.reorder(-1),
            Cmd::Points => self.points_form(),
            Cmd::Rice => self.score_form(true),
            Cmd::Wsjf => self.score_form(false),
            Cmd::Status => self.status_picker(),
            Cmd::MoveToParent => self.parent_picker(),
            Cmd::Depends => self.open_deps(),
            Cmd::Labels => self.labels_form(),
            Cmd::Metrics => self.open_metrics(),
            Cmd::ArchiveBrowser => self.open_archive(),
            Cmd::SwitchModel => {
                self.model = self.model.toggled();
                self.refresh_rows();
                self.info(format!("Ranking by {}", self.model.label()));
            }
            Cmd::ToggleKind => {
                self.ranked.kind = if self.ranked.kind == Kind::Story {
                    Kind::Epic
                } else {
                    Kind::Story
                };
                self.ranked.reset_selection();
                self.refresh_rows();
                self.info(format!("Ranked: {}", self.ranked.kind.plural()));
            }
            Cmd::Filter => {
                self.mode = Mode::Filter;
            }
            Cmd::Palette => self.mode = Mode::Palette(Palette::new()),
            Cmd::Help => self.mode = Mode::Help { scroll: 0 },
            Cmd::History => return self.open_history(),
            Cmd::Undo | Cmd::Redo if self.read_only => {
                self.error(format!("{} is read-only: nothing was changed", self.file_name));
            }
            Cmd::Undo => match self.undo_stack.pop() {
                Some(change) => return self.write(Effect::Undo { change }),
                None => self.info("Nothing to undo in this session (`backlog undo` undoes the file's last change)"),
            },
            Cmd::Redo => match self.redo_stack.pop() {
                Some(change) => return self.write(Effect::Redo { change }),
                None => self.info("Nothing to redo"),
            },
            Cmd::Archive => self.confirm_archive(),
            Cmd::Theme => {
                if self.tab == Tab::Refine {
                    self.refine.theme = self.refine.theme.toggled();
                    self.info(format!("Refine theme: {}", self.refine.theme.label()));
                } else {
                    self.theme = self.theme.toggled();
                    self.info(format!("Theme: {}", self.theme.label()));
                }
            }
            Cmd::MarkReady => return self.mark_ready(),
            Cmd::Decide => self.decide_form(),
            Cmd::CheckIn => self.checkin_form(),
            Cmd::Park => return self.park(),
            Cmd::ExportReport => {
                return vec![Effect::ExportReport {
                    dir: self.export_dir.clone(),
                }];
            }
            Cmd::ExportSummary => {
                // A file beside the backlog, not a change to it: read-only
                // access may write one too.
                return vec![Effect::ExportSummary {
                    since: self.refine.since.unwrap_or(self.now),
                    dir: self.export_dir.clone(),
                }];
            }
            Cmd::RefineNext => self.refine_step(1),
            Cmd::RefinePrev => self.refine_step(-1),
            Cmd::QuickPoints => self.quick_points(),
            Cmd::RefineScope => {
                // From the palette on another tab: go there and pick.
                if self.tab != Tab::Refine {
                    self.switch_tab(Tab::Refine);
                }
                self.scope_picker();
            }
            Cmd::LaneEarlier
            | Cmd::LaneLater
            | Cmd::ToggleLevel
            | Cmd::Unpin
            | Cmd::ExportRoadmap
            | Cmd::TakeSnapshot
            | Cmd::CompareSnapshot => {
                // From the palette on another tab: go there and do it.
                self.switch_tab(Tab::Roadmap);
                if !self.backlog.is_empty()
                    && let Some(effects) = self.roadmap_command(cmd)
                {
                    return effects;
                }
            }
            Cmd::Back => {
                if self.focus == Focus::Criteria {
                    self.focus = Focus::List;
                } else if !self.shown_filter().is_empty() {
                    self.filter_mut().clear();
                    self.filter_changed();
                    self.info("Filter cleared");
                } else if !((self.tab == Tab::Health && self.health_close()) || self.go_back()) {
                    self.message = None;
                }
            }
            Cmd::Quit => return self.quit(),
            Cmd::HelpDown
            | Cmd::HelpUp
            | Cmd::HelpPageDown
            | Cmd::HelpPageUp
            | Cmd::HelpClose
            | Cmd::ConfirmYes
            | Cmd::ConfirmNo
            | Cmd::FilterKeep
            | Cmd::FilterClear
            | Cmd::FilterErase
            | Cmd::FormSave
            | Cmd::FormSaveAnother
            | Cmd::FormCancel
            | Cmd::FormNextField
            | Cmd::FormReachFromEvidence
            | Cmd::FormPrevField
            | Cmd::FieldNewLine
            | Cmd::FieldLineDown
            | Cmd::FieldLineUp
            | Cmd::PickerDown
            | Cmd::PickerUp
            | Cmd::PickerChoose
            | Cmd::PickerCancel
            | Cmd::ListPickerDown
            | Cmd::ListPickerUp
            | Cmd::PaletteDown
            | Cmd::PaletteUp
            | Cmd::PaletteRun
            | Cmd::PaletteClose
            | Cmd::DepsDown
            | Cmd::DepsUp
            | Cmd::DepsPageDown
            | Cmd::DepsPageUp
            | Cmd::DepsTop
            | Cmd::DepsBottom
            | Cmd::DepsFold
            | Cmd::DepsUnfold
            | Cmd::DepsJump
            | Cmd::DepsAdd
            | Cmd::DepsRemove
            | Cmd::DepsClose
            | Cmd::MetricsDown
            | Cmd::MetricsUp
            | Cmd::MetricsAdd
            | Cmd::MetricsEdit
            | Cmd::MetricsRemove
            | Cmd::MetricsClose
            | Cmd::ArchiveDown
            | Cmd::ArchiveUp
            | Cmd::ArchiveRestore
            | Cmd::ArchivePurge
            | Cmd::ArchiveClose => {}
        }
        vec![]
    }

    pub(super) fn quit(&mut self) -> Vec<Effect> {
        self.quit = true;
        vec![Effect::Quit]
    }

    /// Refuses writes on a read-only file before asking the store.
    pub(super) fn write(&mut self, effect: Effect) -> Vec<Effect> {
        if self.read_only {
            self.error(format!(
                "{} is read-only: nothing was changed",
                self.file_name
            ));
            return vec![];
        }
        vec![effect]
    }

    pub(super) fn switch_tab(&mut self, tab: Tab) {
        self.deps = None;
        self.panel = None;
        let from = self.tab;
        if tab == Tab::Refine && self.tab != Tab::Refine {
            // Refine what the Backlog (or Ranked) had selected: its epic or
            // initiative; unless a scope was picked in the Refine tab, which
            // stays until another is picked.
            let from_list = matches!(self.tab, Tab::Backlog | Tab::Ranked);
            if from_list && !self.refine.chosen {
                let scope = self.selected_item().and_then(|i| match i.kind() {
                    Kind::Story => i.parent,
                    _ => Some(i.key),
                });
                if scope != self.refine.scope {
                    self.refine.scope = scope;
                    self.refine.pos = 0;
                    self.refine.scroll = 0;
                }
            }
            self.refresh_refine();
        }
        self.tab = tab;
        self.focus = Focus::List;
        if tab == Tab::Ranked {
            self.ensure_ranked();
        }
        if tab == Tab::Health {
            if from != Tab::Health || self.health.health.is_none() {
                // What the tab showed last time may be out of date: it
                // shows that the audit runs until the answer is back.
                self.health.rows.clear();
                self.health.all_rows.clear();
                self.health.planning_at = 0;
                self.health.health = None;
            }
            self.refresh_health();
        }
        if tab == Tab::Roadmap {
            self.refresh_roadmap();
        }
        self.clamp_lists();
    }

    fn move_by(&mut self, d: isize) {
        if self.focus == Focus::Criteria {
            let n = self.selected_item().map_or(0, |i| i.criteria.len());
            if n > 0 {
                self.criterion = (self.criterion as isize + d).clamp(0, n as isize - 1) as usize;
            }
            self.refine_follow_criterion();
            return;
        }
        if self.tab == Tab::Refine {
            self.refine_scroll(d);
            return;
        }
        let before = self.selected_key();
        let h = self.list_height();
        let (state, len) = match self.tab {
            Tab::Ranked => (&mut self.ranked.state, self.ranked.rows.len()),
            Tab::Health => (&mut self.health.state, self.health.rows.len()),
            Tab::Insights => (&mut self.insights.state, self.insights.rows.len()),
            _ => (&mut self.tree.state, self.tree.rows.len()),
        };
        if len == 0 {
            return;
        }
        state.move_by(d, len, h);
        self.criterion = 0;
        self.forget_message_about(before);
    }

    fn collapse(&mut self) {
        if self.tab == Tab::Health {
            self.health_close();
            return;
        }
        if self.tab != Tab::Backlog {
            return;
        }
        let Some(row) = self.tree.selected_row().cloned() else {
            return;
        };
        if row.expanded {
            self.tree.expanded.remove(&row.key);
            self.refresh_rows();
        } else if let Some(p) = self.backlog.get(row.key).and_then(|i| i.parent) {
            self.select_tree_key(p);
            self.clamp_lists();
        }
    }

    fn expand(&mut self) {
        if self.tab == Tab::Health {
            if self
                .health
                .rows
                .get(self.health.state.selected)
                .is_some_and(|r| r.key.is_none())
            {
                self.health_open();
            }
            return;
        }
        if self.tab != Tab::Backlog {
            return;
        }
        if let Some(row) = self.tree.selected_row().cloned()
            && row.has_children
            && !row.expanded
        {
            self.tree.expanded.insert(row.key);
            self.refresh_rows();
        }
    }

    fn open(&mut self) -> Vec<Effect> {
        match self.tab {
            Tab::Backlog => {
                if let Some(row) = self.tree.selected_row().cloned() {
                    if row.has_children {
                        if row.expanded {
                            self.tree.expanded.remove(&row.key);
                        } else {
                            self.tree.expanded.insert(row.key);
                        }
                        self.refresh_rows();
                    } else if row.key.kind == Kind::Story {
                        self.toggle_focus();
                    }
                }
            }
            Tab::Health => self.health_open(),
            Tab::Ranked => {
                if let Some(k) = self.selected_key() {
                    self.tab = Tab::Backlog;
                    self.focus = Focus::List;
                    self.select_tree_key(k);
                    self.clamp_lists();
                }
            }
            Tab::Refine => self.toggle_focus(),
            Tab::Roadmap | Tab::Insights => {}
        }
        vec![]
    }

    fn edit_in_editor(&mut self) -> Vec<Effect> {
        let Some(item) = self.target(None, "edit") else {
            return vec![];
        };
        vec![Effect::EditDescription {
            key: item.key,
            version: item.version,
            text: item.description,
        }]
    }
}
