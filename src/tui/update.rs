//! `App::update`: the only place state changes. It returns the effects
//! (store writes, quitting, `$EDITOR`) for the event loop to run.

use crossterm::event::{KeyCode, KeyEvent};

use super::action::{Action, Effect, Saved};
use super::app::{App, Focus, Mode, Tab};
use super::form::{Confirm, Field, Form, FormEvent, FormTarget, Palette, PickTarget, Picker};
use super::keymap::Cmd;
use crate::domain::number::fmt_plain;
use crate::domain::ready::set_status;
use crate::domain::scoring::Field as ScoreField;
use crate::domain::text::optional_text;
use crate::domain::{DomainError, Item, Key, Kind, Lane, Status};

const POINTS_HINT: &str = "1 2 3 5 8 13 20 · empty clears";
const FIB_HINT: &str = "1 2 3 5 8 13 20";

impl App {
    /// Applies one action; returns what the loop must do next.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Command(cmd) => self.command(cmd),
            Action::Input(key) => self.input(key),
            Action::Click { column, row } => {
                self.click(column, row);
                vec![]
            }
            Action::Scroll(d) => {
                self.move_by(d as isize);
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
                self.backlog = *backlog;
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
                self.backlog = *backlog;
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
                // A form waiting for this keeps its input and shows why.
                if let Mode::Form(f) = &mut self.mode
                    && f.pending
                {
                    f.pending = false;
                    f.error = Some(msg);
                } else {
                    self.error(msg);
                }
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
            Action::SnapshotLoaded(snapshot) => {
                self.compare_with(*snapshot);
                vec![]
            }
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
                    self.backlog.upsert(item);
                }
                let mut note = "";
                if let Some(k) = saved.created {
                    if let Some(p) = self.backlog.get(k).and_then(|i| i.parent) {
                        self.expanded.insert(p);
                    }
                    self.refresh_rows();
                    if !self.filter.is_empty() && !self.tree.iter().any(|r| r.key == k) {
                        // The new item does not match: show it anyway.
                        self.filter.clear();
                        self.refresh_rows();
                        note = " (filter cleared to show it)";
                    }
                    self.select_tree_key(k);
                    self.select_ranked_key(k);
                    self.clamp_lists();
                } else {
                    self.refresh_rows();
                }
                if let Mode::Form(f) = &self.mode
                    && f.pending
                {
                    self.mode = Mode::Normal;
                }
                self.info(format!("Saved: {}{note}", saved.summary));
            }
            Err(msg) => {
                if let Mode::Form(f) = &mut self.mode
                    && f.pending
                {
                    f.pending = false;
                    f.error = Some(msg);
                } else {
                    self.error(msg);
                }
            }
        }
    }

    fn command(&mut self, cmd: Cmd) -> Vec<Effect> {
        let help_max = super::views::help_max_scroll(self.size);
        if let Mode::Help { scroll } = &mut self.mode {
            match cmd {
                Cmd::Down => *scroll = scroll.saturating_add(1).min(help_max),
                Cmd::Up => *scroll = scroll.saturating_sub(1),
                Cmd::Quit => return self.quit(),
                _ => self.mode = Mode::Normal,
            }
            return vec![];
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
            Cmd::Down => self.move_by(1),
            Cmd::Up => self.move_by(-1),
            Cmd::PageDown => self.move_by(self.list_height().max(1) as isize),
            Cmd::PageUp => self.move_by(-(self.list_height().max(1) as isize)),
            Cmd::Top => self.move_by(isize::MIN / 2),
            Cmd::Bottom => self.move_by(isize::MAX / 2),
            Cmd::Collapse => self.collapse(),
            Cmd::Expand => self.expand(),
            Cmd::Open => return self.open(),
            // Only the Backlog tab draws the criteria as focusable.
            Cmd::Focus if self.tab == Tab::Backlog => self.toggle_focus(),
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
            Cmd::SwitchModel => {
                self.model = self.model.toggled();
                self.refresh_rows();
                self.info(format!("Ranking by {}", self.model.label()));
            }
            Cmd::ToggleKind => {
                self.ranked_kind = if self.ranked_kind == Kind::Story {
                    Kind::Epic
                } else {
                    Kind::Story
                };
                self.reset_ranked_selection();
                self.refresh_rows();
                self.info(format!("Ranked: {}", self.ranked_kind.plural()));
            }
            Cmd::Filter => {
                self.mode = Mode::Filter;
            }
            Cmd::Palette => self.mode = Mode::Palette(Palette::new()),
            Cmd::Help => self.mode = Mode::Help { scroll: 0 },
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
            Cmd::Park => return self.park(),
            Cmd::ExportSummary => {
                return self.write(Effect::ExportSummary {
                    since: self.refine.since,
                });
            }
            Cmd::RefineNext => self.refine_step(1),
            Cmd::RefinePrev => self.refine_step(-1),
            Cmd::QuickPoints => self.quick_points(),
            Cmd::RefineScope => self.scope_picker(),
            Cmd::LaneEarlier
            | Cmd::LaneLater
            | Cmd::ToggleLevel
            | Cmd::ExportRoadmap
            | Cmd::TakeSnapshot
            | Cmd::CompareSnapshot => {
                self.info(format!(
                    "{}: press 3 for the Roadmap tab",
                    cmd.description()
                ));
            }
            Cmd::Back => {
                if self.focus == Focus::Criteria {
                    self.focus = Focus::List;
                } else if !self.filter.is_empty() {
                    self.filter.clear();
                    self.refresh_rows();
                    self.info("Filter cleared");
                } else {
                    self.message = None;
                }
            }
            Cmd::Quit => return self.quit(),
        }
        vec![]
    }

    fn quit(&mut self) -> Vec<Effect> {
        self.quit = true;
        vec![Effect::Quit]
    }

    /// Refuses writes on a read-only file before asking the store.
    pub(super) fn write_effect(&mut self, effect: Effect) -> Vec<Effect> {
        self.write(effect)
    }

    /// Refuses writes on a read-only file before asking the store.
    fn write(&mut self, effect: Effect) -> Vec<Effect> {
        if self.read_only {
            self.error(format!(
                "{} is read-only: nothing was changed",
                self.file_name
            ));
            return vec![];
        }
        vec![effect]
    }

    fn switch_tab(&mut self, tab: Tab) {
        if tab == Tab::Refine && self.tab != Tab::Refine {
            // Refine what the Backlog had selected: its epic or initiative.
            let scope = self.selected_item().and_then(|i| match i.kind() {
                Kind::Story => i.parent,
                _ => Some(i.key),
            });
            if scope != self.refine.scope {
                self.refine.scope = scope;
                self.refine.pos = 0;
            }
            self.refresh_refine();
        }
        self.tab = tab;
        self.focus = Focus::List;
        if tab == Tab::Ranked {
            self.ensure_ranked();
        }
        if tab == Tab::Health {
            self.refresh_health();
        }
        if tab == Tab::Roadmap {
            self.refresh_roadmap();
        }
        self.clamp_lists();
    }

    fn refine_step(&mut self, d: isize) {
        if self.tab != Tab::Refine || self.refine.queue.is_empty() {
            return;
        }
        let last = self.refine.queue.len() as isize - 1;
        self.refine.pos = (self.refine.pos as isize + d).clamp(0, last) as usize;
        self.focus = Focus::List;
        self.criterion = 0;
    }

    fn quick_points(&mut self) {
        let Some(item) = self.target(Some(Kind::Story), "Points") else {
            return;
        };
        let options: Vec<(String, String)> = crate::domain::scoring::FIBONACCI
            .iter()
            .map(|p| (format!("{} points", fmt_plain(*p)), fmt_plain(*p)))
            .collect();
        let selected = item
            .points
            .and_then(|p| {
                crate::domain::scoring::FIBONACCI
                    .iter()
                    .position(|f| *f == p)
            })
            .unwrap_or(2);
        self.mode = Mode::Picker(Picker::new(
            format!("Estimate {} {}", item.key, item.title),
            PickTarget::Points {
                key: item.key,
                version: item.version,
            },
            options,
            selected,
        ));
    }

    fn scope_picker(&mut self) {
        let mut options = vec![("All stories".to_string(), "all".to_string())];
        for kind in [Kind::Initiative, Kind::Epic] {
            options.extend(
                self.backlog
                    .items()
                    .iter()
                    .filter(|i| i.kind() == kind && !self.backlog.is_hidden(i))
                    .map(|i| (format!("{}  {}", i.key, i.title), i.key.to_string())),
            );
        }
        self.mode = Mode::Picker(
            Picker::new(
                "Refine which epic or initiative? (type to search)",
                PickTarget::Scope,
                options,
                0,
            )
            .searchable(),
        );
    }

    fn mark_ready(&mut self) -> Vec<Effect> {
        let Some(mut item) = self.target(Some(Kind::Story), "Ready") else {
            return vec![];
        };
        if item.status == Status::Ready {
            self.info(format!("{} is already ready", item.key));
            return vec![];
        }
        let backlog = &self.backlog;
        match set_status(&mut item, Status::Ready, |k| backlog.status_of(k), false) {
            Ok(_) => {
                let summary = format!("{} is ready", item.key);
                self.write(Effect::Save {
                    items: vec![item],
                    summary,
                })
            }
            Err(DomainError::NotReady { key, missing }) => {
                self.error(format!(
                    "{key} is not ready: missing {}",
                    missing.join("; ")
                ));
                vec![]
            }
            Err(e) => {
                self.error(e.to_string());
                vec![]
            }
        }
    }

    fn park(&mut self) -> Vec<Effect> {
        let Some(mut item) = self.target(Some(Kind::Story), "Park") else {
            return vec![];
        };
        let parked = crate::domain::session::PARKED;
        let summary = if item.labels.iter().any(|l| l == parked) {
            item.labels.retain(|l| l != parked);
            format!("{} unparked", item.key)
        } else {
            item.labels.push(parked.to_string());
            format!("{} parked", item.key)
        };
        self.write(Effect::Save {
            items: vec![item],
            summary,
        })
    }

    fn decide_form(&mut self) {
        let Some(item) = self.target(None, "Decisions") else {
            return;
        };
        let fields = vec![
            Field::new("Decision", "what was decided", ""),
            Field::new("Rationale", "why", ""),
        ];
        self.mode = Mode::Form(Form::new(
            format!("Decision on {} {}", item.key, item.title),
            FormTarget::Decide {
                key: item.key,
                version: item.version,
            },
            fields,
        ));
    }

    fn move_by(&mut self, d: isize) {
        if self.focus == Focus::Criteria {
            let n = self.selected_item().map_or(0, |i| i.criteria.len());
            if n > 0 {
                self.criterion = (self.criterion as isize + d).clamp(0, n as isize - 1) as usize;
            }
            return;
        }
        if self.tab == Tab::Refine {
            return;
        }
        let h = self.list_height();
        let (state, len) = match self.tab {
            Tab::Ranked => (&mut self.ranked_state, self.ranked.len()),
            Tab::Health => (&mut self.health.state, self.health.rows.len()),
            _ => (&mut self.tree_state, self.tree.len()),
        };
        if len == 0 {
            return;
        }
        state.selected = (state.selected as isize)
            .saturating_add(d)
            .clamp(0, len as isize - 1) as usize;
        state.clamp(len, h);
        self.criterion = 0;
    }

    fn collapse(&mut self) {
        if self.tab != Tab::Backlog {
            return;
        }
        let Some(row) = self.tree.get(self.tree_state.selected).cloned() else {
            return;
        };
        if row.expanded {
            self.expanded.remove(&row.key);
            self.refresh_rows();
        } else if let Some(p) = self.backlog.get(row.key).and_then(|i| i.parent) {
            self.select_tree_key(p);
            self.clamp_lists();
        }
    }

    fn expand(&mut self) {
        if self.tab != Tab::Backlog {
            return;
        }
        if let Some(row) = self.tree.get(self.tree_state.selected).cloned()
            && row.has_children
            && !row.expanded
        {
            self.expanded.insert(row.key);
            self.refresh_rows();
        }
    }

    fn open(&mut self) -> Vec<Effect> {
        match self.tab {
            Tab::Backlog => {
                if let Some(row) = self.tree.get(self.tree_state.selected).cloned() {
                    if row.has_children {
                        if row.expanded {
                            self.expanded.remove(&row.key);
                        } else {
                            self.expanded.insert(row.key);
                        }
                        self.refresh_rows();
                    } else if row.key.kind == Kind::Story {
                        self.toggle_focus();
                    }
                }
            }
            Tab::Ranked | Tab::Health => {
                if let Some(k) = self.selected_key() {
                    self.tab = Tab::Backlog;
                    self.focus = Focus::List;
                    self.select_tree_key(k);
                    self.clamp_lists();
                }
            }
            Tab::Refine => self.toggle_focus(),
            Tab::Roadmap => {}
        }
        vec![]
    }

    fn toggle_focus(&mut self) {
        match self.focus {
            Focus::Criteria => self.focus = Focus::List,
            Focus::List => {
                let story = self
                    .selected_item()
                    .filter(|i| i.kind() == Kind::Story)
                    .map(|i| i.criteria.len());
                match story {
                    Some(n) if n > 0 => {
                        self.focus = Focus::Criteria;
                        self.criterion = self.criterion.min(n - 1);
                    }
                    Some(_) => self.info("No acceptance criteria yet: press c to add one"),
                    None => {}
                }
            }
        }
    }

    fn new_item_form(&mut self, kind: Kind, parent: Option<Key>) {
        if self.read_only {
            self.error(format!(
                "{} is read-only: nothing was changed",
                self.file_name
            ));
            return;
        }
        let title = match parent.and_then(|p| self.backlog.get(p)) {
            Some(p) => format!("New {kind} under {} {}", p.key, p.title),
            None => format!("New {kind}"),
        };
        let fields = vec![Field::new("Title", "one line", "")];
        self.mode = Mode::Form(Form::new(
            title,
            FormTarget::NewItem { kind, parent },
            fields,
        ));
    }

    fn add_child(&mut self) {
        let Some(item) = self.selected_item() else {
            self.new_item_form(Kind::Initiative, None);
            return;
        };
        let (kind, parent) = match item.kind() {
            Kind::Initiative => (Kind::Epic, item.key),
            Kind::Epic => (Kind::Story, item.key),
            Kind::Story => match item.parent {
                Some(p) => (Kind::Story, p),
                None => return,
            },
        };
        self.new_item_form(kind, Some(parent));
    }

    /// The selected item, or a message saying why there is none suitable.
    fn target(&mut self, kind: Option<Kind>, what: &str) -> Option<Item> {
        if self.read_only {
            self.error(format!(
                "{} is read-only: nothing was changed",
                self.file_name
            ));
            return None;
        }
        match self.selected_item() {
            Some(i) if kind.is_none_or(|k| i.kind() == k) => Some(i.clone()),
            Some(i) => {
                let msg = format!(
                    "{what} applies to {}; {} is {} {}",
                    kind.map_or("items", |k| k.plural()),
                    i.key,
                    if i.kind() == Kind::Story { "a" } else { "an" },
                    i.kind()
                );
                self.error(msg);
                None
            }
            None => {
                self.error("Nothing selected");
                None
            }
        }
    }

    fn edit_form(&mut self) {
        if self.focus == Focus::Criteria {
            let n = self.criterion + 1;
            self.criterion_form(Some(n));
            return;
        }
        let Some(item) = self.target(None, "edit") else {
            return;
        };
        let t = FormTarget::EditItem {
            key: item.key,
            version: item.version,
        };
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        let lane = item.lane.map_or(String::new(), |l| l.to_string());
        let mut fields = vec![Field::new("Title", "one line", &item.title)];
        match item.kind() {
            Kind::Initiative => {
                fields.push(Field::new("Lane", "now · next · later · empty", &lane));
                fields.push(Field::new("Owner", "", &opt(&item.owner)));
                fields.push(Field::new(
                    "Outcome",
                    "the outcome it pursues",
                    &opt(&item.outcome),
                ));
                fields.push(Field::new(
                    "Hypothesis",
                    "we believe … will …",
                    &opt(&item.hypothesis),
                ));
            }
            Kind::Epic => {
                fields.push(Field::new(
                    "Lane",
                    "now · next · later · empty: initiative's",
                    &lane,
                ));
                fields.push(Field::new("Owner", "", &opt(&item.owner)));
            }
            Kind::Story => {
                fields.push(Field::new("As a", "persona", &opt(&item.persona)));
                fields.push(Field::new(
                    "I want",
                    "goal, e.g. to export invoices",
                    &opt(&item.goal),
                ));
                fields.push(Field::new("So that", "benefit", &opt(&item.benefit)));
                fields.push(Field::new("Owner", "", &opt(&item.owner)));
            }
        }
        fields.push(
            Field::new(
                "Description",
                "Markdown · Alt-Enter new line · E in the list opens $EDITOR",
                &item.description,
            )
            .multiline(),
        );
        self.mode = Mode::Form(Form::new(
            format!("Edit {} {}", item.key, item.title),
            t,
            fields,
        ));
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

    fn criterion_form(&mut self, n: Option<usize>) {
        let Some(item) = self.target(Some(Kind::Story), "Acceptance criteria") else {
            return;
        };
        let (title, target, value) = match n {
            Some(n) => match item.criteria.get(n - 1) {
                Some(c) => (
                    format!("Edit criterion {n} of {}", item.key),
                    FormTarget::EditCriterion {
                        key: item.key,
                        version: item.version,
                        n,
                    },
                    c.text.clone(),
                ),
                None => return,
            },
            None => (
                format!("New acceptance criterion for {}", item.key),
                FormTarget::AddCriterion {
                    key: item.key,
                    version: item.version,
                },
                String::new(),
            ),
        };
        let fields = vec![Field::new("Criterion", "Given … when … then …", &value)];
        self.mode = Mode::Form(Form::new(title, target, fields));
    }

    fn toggle_criterion(&mut self) -> Vec<Effect> {
        let Some(mut item) = self.target(Some(Kind::Story), "Acceptance criteria") else {
            return vec![];
        };
        if item.criteria.is_empty() {
            self.info("No acceptance criteria yet: press c to add one");
            return vec![];
        }
        let n = self.criterion.min(item.criteria.len() - 1) + 1;
        match item.toggle_criterion(n) {
            Ok(done) => {
                let summary = format!(
                    "{} criterion {n} {}",
                    item.key,
                    if done { "met" } else { "not met" }
                );
                vec![Effect::Save {
                    items: vec![item],
                    summary,
                }]
            }
            Err(e) => {
                self.error(e.to_string());
                vec![]
            }
        }
    }

    fn delete_criterion(&mut self) {
        if self.focus != Focus::Criteria {
            self.info("Tab to the criteria, then x deletes the selected one");
            return;
        }
        let Some(mut item) = self.target(Some(Kind::Story), "Acceptance criteria") else {
            return;
        };
        let n = self.criterion + 1;
        if let Ok(text) = item.remove_criterion(n) {
            let summary = format!("remove criterion {n} of {}", item.key);
            self.mode = Mode::Confirm(Confirm {
                message: format!("Delete criterion {n} of {}: “{}”?", item.key, text),
                effect: Effect::Save {
                    items: vec![item],
                    summary,
                },
            });
        }
    }

    fn reorder(&mut self, d: isize) -> Vec<Effect> {
        if self.focus == Focus::Criteria {
            let Some(mut item) = self.target(Some(Kind::Story), "Acceptance criteria") else {
                return vec![];
            };
            let n = self.criterion + 1;
            let to = n as isize + d;
            if to < 1 || to as usize > item.criteria.len() {
                return vec![];
            }
            if item.move_criterion(n, to as usize).is_ok() {
                self.criterion = to as usize - 1;
                let summary = format!("reorder criteria of {}", item.key);
                return vec![Effect::Save {
                    items: vec![item],
                    summary,
                }];
            }
            return vec![];
        }
        if self.tab != Tab::Backlog {
            return vec![];
        }
        // Swap manual rank with the neighbouring sibling.
        let Some(item) = self.target(None, "reorder") else {
            return vec![];
        };
        let siblings: Vec<&Item> = match item.parent {
            Some(p) => self.backlog.children(p).filter(|c| !c.archived).collect(),
            None => self.backlog.roots().filter(|c| !c.archived).collect(),
        };
        let Some(pos) = siblings.iter().position(|s| s.key == item.key) else {
            return vec![];
        };
        let other = pos as isize + d;
        if other < 0 || other as usize >= siblings.len() {
            return vec![];
        }
        let mut a = item.clone();
        let mut b = siblings[other as usize].clone();
        if a.rank == b.rank {
            // Equal ranks: renumber the siblings so the swap is visible.
            let mut all: Vec<Item> = siblings.iter().map(|s| (*s).clone()).collect();
            for (i, s) in all.iter_mut().enumerate() {
                s.rank = i as i64 + 1;
            }
            all.swap(pos, other as usize);
            for (i, s) in all.iter_mut().enumerate() {
                s.rank = i as i64 + 1;
            }
            return vec![Effect::Save {
                items: all,
                summary: format!("move {} {}", item.key, if d > 0 { "down" } else { "up" }),
            }];
        }
        std::mem::swap(&mut a.rank, &mut b.rank);
        vec![Effect::Save {
            items: vec![a, b],
            summary: format!("move {} {}", item.key, if d > 0 { "down" } else { "up" }),
        }]
    }

    fn points_form(&mut self) {
        let Some(item) = self.target(Some(Kind::Story), "Points") else {
            return;
        };
        let v = item.points.map(fmt_plain).unwrap_or_default();
        let fields = vec![Field::new("Points", POINTS_HINT, &v)];
        self.mode = Mode::Form(Form::new(
            format!("Points for {} {}", item.key, item.title),
            FormTarget::Points {
                key: item.key,
                version: item.version,
            },
            fields,
        ));
    }

    fn score_form(&mut self, rice: bool) {
        let Some(item) = self.target(None, "Scores") else {
            return;
        };
        if let Err(e) = item.require_scorable() {
            self.error(e.to_string());
            return;
        }
        let v = |x: Option<f64>| x.map(fmt_plain).unwrap_or_default();
        let (title, target, fields) = if rice {
            (
                format!("RICE for {} {}", item.key, item.title),
                FormTarget::Rice {
                    key: item.key,
                    version: item.version,
                },
                vec![
                    Field::new(
                        "Reach",
                        "people or events per period, ≥ 0",
                        &v(item.rice.reach),
                    ),
                    Field::new(
                        "Impact",
                        "3 massive · 2 high · 1 medium · 0.5 low · 0.25 minimal",
                        &v(item.rice.impact),
                    ),
                    Field::new(
                        "Confidence %",
                        "100 high · 80 medium · 50 low",
                        &v(item.rice.confidence),
                    ),
                    Field::new("Effort", "person-months, > 0", &v(item.rice.effort)),
                ],
            )
        } else {
            (
                format!("WSJF for {} {}", item.key, item.title),
                FormTarget::Wsjf {
                    key: item.key,
                    version: item.version,
                },
                vec![
                    Field::new("Value", FIB_HINT, &v(item.wsjf.value)),
                    Field::new("Time criticality", FIB_HINT, &v(item.wsjf.time_criticality)),
                    Field::new("Risk reduction", FIB_HINT, &v(item.wsjf.risk_reduction)),
                    Field::new("Job size", FIB_HINT, &v(item.wsjf.job_size)),
                ],
            )
        };
        self.mode = Mode::Form(Form::new(title, target, fields));
    }

    fn status_picker(&mut self) {
        let Some(item) = self.target(None, "Status") else {
            return;
        };
        let options: Vec<(String, String)> = Status::ALL
            .iter()
            .map(|s| (s.to_string(), s.to_string()))
            .collect();
        let selected = Status::ALL
            .iter()
            .position(|s| *s == item.status)
            .unwrap_or(0);
        self.mode = Mode::Picker(Picker::new(
            format!("Status of {} {}", item.key, item.title),
            PickTarget::Status {
                key: item.key,
                version: item.version,
            },
            options,
            selected,
        ));
    }

    fn parent_picker(&mut self) {
        let Some(item) = self.target(None, "Move") else {
            return;
        };
        let Some(parent_kind) = item.kind().parent_kind() else {
            self.error("Initiatives have no parent; reorder them with J / K");
            return;
        };
        let options: Vec<(String, String)> = self
            .backlog
            .items()
            .iter()
            .filter(|i| {
                i.kind() == parent_kind && !self.backlog.is_hidden(i) && Some(i.key) != item.parent
            })
            .map(|i| (format!("{}  {}", i.key, i.title), i.key.to_string()))
            .collect();
        if options.is_empty() {
            self.error(format!(
                "There is no other {parent_kind} to move {} to",
                item.key
            ));
            return;
        }
        self.mode = Mode::Picker(
            Picker::new(
                format!("Move {} {} to… (type to search)", item.key, item.title),
                PickTarget::Parent {
                    key: item.key,
                    version: item.version,
                },
                options,
                0,
            )
            .searchable(),
        );
    }

    fn confirm_archive(&mut self) {
        let Some(mut item) = self.target(None, "Archive") else {
            return;
        };
        let below = visible_descendants(&self.backlog, item.key);
        let message = if below > 0 {
            format!(
                "Archive {} “{}” and the {} under it? (undo with u)",
                item.key,
                item.title,
                super::widgets::text::counted(below, "item", "items")
            )
        } else {
            format!("Archive {} “{}”? (undo with u)", item.key, item.title)
        };
        item.archived = true;
        let summary = format!("archive {}", item.key);
        self.mode = Mode::Confirm(Confirm {
            message,
            effect: Effect::Save {
                items: vec![item],
                summary,
            },
        });
    }

    /// Raw keys for the open filter, form, picker, palette or dialog.
    fn input(&mut self, key: KeyEvent) -> Vec<Effect> {
        let mode = std::mem::replace(&mut self.mode, Mode::Normal);
        match mode {
            Mode::Filter => {
                match key.code {
                    KeyCode::Esc => {
                        self.filter.clear();
                        self.refresh_rows();
                    }
                    KeyCode::Enter | KeyCode::Down | KeyCode::Up => {
                        // Keep the filter; back to the list.
                    }
                    KeyCode::Backspace => {
                        self.filter.pop();
                        self.refresh_rows();
                        self.mode = Mode::Filter;
                    }
                    KeyCode::Char(c)
                        if !key
                            .modifiers
                            .contains(crossterm::event::KeyModifiers::CONTROL) =>
                    {
                        self.filter.push(c);
                        self.tree_state = Default::default();
                        self.reset_ranked_selection();
                        self.refresh_rows();
                        self.mode = Mode::Filter;
                    }
                    _ => self.mode = Mode::Filter,
                }
                vec![]
            }
            Mode::Form(mut form) => {
                if form.pending {
                    self.mode = Mode::Form(form);
                    return vec![];
                }
                match form.handle(key) {
                    FormEvent::Cancel => vec![],
                    FormEvent::None => {
                        self.mode = Mode::Form(form);
                        vec![]
                    }
                    FormEvent::Submit => match self.submit(&form) {
                        Ok(effect) => {
                            form.pending = true;
                            self.mode = Mode::Form(form);
                            self.write(effect)
                        }
                        Err(msg) => {
                            form.error = Some(msg);
                            self.mode = Mode::Form(form);
                            vec![]
                        }
                    },
                }
            }
            Mode::Picker(mut picker) => match picker.handle(key) {
                FormEvent::Cancel => vec![],
                FormEvent::None => {
                    self.mode = Mode::Picker(picker);
                    vec![]
                }
                FormEvent::Submit => match self.pick(&picker) {
                    Ok(effects) => effects,
                    Err(msg) => {
                        self.error(msg);
                        vec![]
                    }
                },
            },
            Mode::Palette(mut palette) => match palette.handle(key) {
                FormEvent::Cancel => vec![],
                FormEvent::None => {
                    self.mode = Mode::Palette(palette);
                    vec![]
                }
                FormEvent::Submit => match palette.shown.get(palette.selected).copied() {
                    Some(cmd) => self.command(cmd),
                    None => vec![],
                },
            },
            Mode::Confirm(c) => match key.code {
                KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter => self.write(c.effect),
                KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc | KeyCode::Char('q') => {
                    self.info("Cancelled");
                    vec![]
                }
                _ => {
                    self.mode = Mode::Confirm(c);
                    vec![]
                }
            },
            other => {
                self.mode = other;
                vec![]
            }
        }
    }

    /// The stored item a form was opened on, if it has not changed since.
    fn current(&self, key: Key, version: i64) -> Result<Item, String> {
        match self.backlog.get(key) {
            Some(i) if i.version == version => Ok(i.clone()),
            Some(_) => Err(format!(
                "{key} was changed elsewhere since you opened this form: Esc and try again"
            )),
            None => Err(format!("{key} no longer exists")),
        }
    }

    fn submit(&self, form: &Form) -> Result<Effect, String> {
        let e = |d: DomainError| d.to_string();
        match form.target {
            FormTarget::NewItem { kind, parent } => {
                let title = crate::domain::text::clean_title("title", &form.value(0)).map_err(e)?;
                Ok(Effect::Create {
                    kind,
                    parent,
                    title,
                })
            }
            FormTarget::EditItem { key, version } => {
                let mut item = self.current(key, version)?;
                item.set_title(&form.value(0)).map_err(e)?;
                let mut i = 1;
                let mut next = || {
                    i += 1;
                    form.value(i - 1)
                };
                match item.kind() {
                    Kind::Initiative => {
                        item.set_lane(parse_lane(&next())?).map_err(e)?;
                        item.owner = optional_text(&next());
                        item.outcome = optional_text(&next());
                        item.hypothesis = optional_text(&next());
                    }
                    Kind::Epic => {
                        item.set_lane(parse_lane(&next())?).map_err(e)?;
                        item.owner = optional_text(&next());
                    }
                    Kind::Story => {
                        item.persona = optional_text(&next());
                        item.goal = optional_text(&next());
                        item.benefit = optional_text(&next());
                        item.owner = optional_text(&next());
                    }
                }
                item.description = next().trim_end().to_string();
                Ok(Effect::Save {
                    summary: format!("edit {key}"),
                    items: vec![item],
                })
            }
            FormTarget::AddCriterion { key, version } => {
                let mut item = self.current(key, version)?;
                item.add_criterion(&form.value(0)).map_err(e)?;
                Ok(Effect::Save {
                    summary: format!("add a criterion to {key}"),
                    items: vec![item],
                })
            }
            FormTarget::EditCriterion { key, version, n } => {
                let mut item = self.current(key, version)?;
                item.edit_criterion(n, &form.value(0)).map_err(e)?;
                Ok(Effect::Save {
                    summary: format!("edit criterion {n} of {key}"),
                    items: vec![item],
                })
            }
            FormTarget::Points { key, version } => {
                let mut item = self.current(key, version)?;
                let v = form.value(0);
                let p = if v.trim().is_empty() {
                    None
                } else {
                    Some(
                        crate::domain::number::parse_number(
                            "points",
                            &v,
                            "a number ≥ 0 (1 2 3 5 8 13 20)",
                        )
                        .map_err(e)?,
                    )
                };
                item.set_points(p).map_err(e)?;
                Ok(Effect::Save {
                    summary: format!("{key} points {}", p.map_or("cleared".into(), fmt_plain)),
                    items: vec![item],
                })
            }
            FormTarget::ExportRoadmap => self.export_effect(form),
            FormTarget::Snapshot => {
                let name = crate::domain::snapshot::check_name(&form.value(0)).map_err(e)?;
                Ok(Effect::TakeSnapshot { name })
            }
            FormTarget::Decide { key, version } => {
                let mut item = self.current(key, version)?;
                let decision =
                    crate::domain::text::clean_title("decision", &form.value(0)).map_err(e)?;
                item.decisions.push(crate::domain::Decision {
                    date: self.now.date_naive(),
                    decision,
                    rationale: form.value(1).trim().to_string(),
                });
                Ok(Effect::Save {
                    summary: format!("decision on {key}"),
                    items: vec![item],
                })
            }
            FormTarget::Rice { key, version } | FormTarget::Wsjf { key, version } => {
                let mut item = self.current(key, version)?;
                let rice = matches!(form.target, FormTarget::Rice { .. });
                let fields = if rice {
                    ScoreField::RICE
                } else {
                    ScoreField::WSJF
                };
                for (i, f) in fields.into_iter().enumerate() {
                    let v = form.value(i);
                    let parsed = if v.trim().is_empty() {
                        None
                    } else {
                        Some(f.parse(&v).map_err(e)?)
                    };
                    if rice {
                        item.rice.set(f, parsed);
                    } else {
                        item.wsjf.set(f, parsed);
                    }
                }
                let shown = if rice {
                    item.rice.explain()
                } else {
                    item.wsjf.explain()
                };
                Ok(Effect::Save {
                    summary: format!("{key} {} {shown}", if rice { "RICE" } else { "WSJF" }),
                    items: vec![item],
                })
            }
        }
    }

    fn pick(&mut self, picker: &Picker) -> Result<Vec<Effect>, String> {
        let value = picker.current().ok_or("Nothing to choose")?.to_string();
        match picker.target {
            PickTarget::Status { key, version } => {
                let mut item = self.current(key, version)?;
                let status: Status = value.parse().map_err(|e: DomainError| e.to_string())?;
                let backlog = &self.backlog;
                set_status(&mut item, status, |k| backlog.status_of(k), false).map_err(
                    |e| match e {
                        DomainError::NotReady { key, missing } => {
                            format!("{key} is not ready: missing {}", missing.join("; "))
                        }
                        other => other.to_string(),
                    },
                )?;
                Ok(self.write(Effect::Save {
                    summary: format!("{key} status {status}"),
                    items: vec![item],
                }))
            }
            PickTarget::Parent { key, version } => {
                let mut item = self.current(key, version)?;
                let parent: Key = value.parse().map_err(|e: DomainError| e.to_string())?;
                item.parent = Some(parent);
                item.rank = self.backlog.next_rank(Some(parent));
                Ok(self.write(Effect::Save {
                    summary: format!("move {key} to {parent}"),
                    items: vec![item],
                }))
            }
            PickTarget::Compare => Ok(vec![Effect::LoadSnapshot { name: value }]),
            PickTarget::Scope => {
                self.refine.scope = if value == "all" {
                    None
                } else {
                    Some(value.parse().map_err(|e: DomainError| e.to_string())?)
                };
                self.refine.pos = 0;
                self.refresh_refine();
                self.info(format!(
                    "Refining {} stories not ready",
                    self.refine.queue.len()
                ));
                Ok(vec![])
            }
            PickTarget::Points { key, version } => {
                let mut item = self.current(key, version)?;
                let p: f64 = value.parse().map_err(|_| "not a number".to_string())?;
                item.set_points(Some(p)).map_err(|e| e.to_string())?;
                Ok(self.write(Effect::Save {
                    summary: format!("{key} points {value}"),
                    items: vec![item],
                }))
            }
        }
    }

    fn click(&mut self, column: u16, row: u16) {
        let [tabs, ..] = super::layout::frame(self.size);
        if row == tabs.y {
            let mut x = tabs.x;
            for tab in Tab::ALL {
                let w = super::views::tab_label(tab).chars().count() as u16;
                if column >= x && column < x + w {
                    self.switch_tab(tab);
                    return;
                }
                x += w + 1;
            }
            return;
        }
        let area = super::layout::list_area(self.size, self);
        if column < area.x
            || column >= area.x + area.width
            || row <= area.y
            || row >= area.y + area.height
        {
            return;
        }
        let index = (row - area.y - 1) as usize;
        let (state, len) = match self.tab {
            Tab::Ranked => (&mut self.ranked_state, self.ranked.len()),
            Tab::Backlog => (&mut self.tree_state, self.tree.len()),
            Tab::Health => (&mut self.health.state, self.health.rows.len()),
            _ => return,
        };
        let i = state.offset + index;
        if i < len {
            state.selected = i;
            self.focus = Focus::List;
            self.criterion = 0;
        }
    }
}

/// How many items below `key` are not archived: what archiving it hides.
fn visible_descendants(backlog: &crate::domain::Backlog, key: Key) -> usize {
    backlog
        .children(key)
        .filter(|c| !c.archived)
        .map(|c| 1 + visible_descendants(backlog, c.key))
        .sum()
}

fn parse_lane(s: &str) -> Result<Option<Lane>, String> {
    if s.trim().is_empty() {
        Ok(None)
    } else {
        s.parse().map(Some).map_err(|e: DomainError| e.to_string())
    }
}
