//! The application state. Changed only by [`App::update`] (update.rs).

use std::collections::HashSet;

use ratatui::layout::Rect;

use super::config::Config;
use super::form::{Confirm, Form, Palette, Picker};
use super::keymap::Keymap;
use super::rows::{TreeRow, ranked_rows, tree_rows};
use super::theme::ThemeName;
use crate::domain::{Backlog, Item, Key, Kind, Model};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Backlog,
    Ranked,
    Roadmap,
    Refine,
    Health,
}

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::Backlog,
        Tab::Ranked,
        Tab::Roadmap,
        Tab::Refine,
        Tab::Health,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Backlog => "Backlog",
            Tab::Ranked => "Ranked",
            Tab::Roadmap => "Roadmap",
            Tab::Refine => "Refine",
            Tab::Health => "Health",
        }
    }
}

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
    Help { scroll: u16 },
    Confirm(Confirm),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Level {
    Info,
    Error,
}

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
}

pub struct App {
    pub backlog: Backlog,
    pub file_name: String,
    pub read_only: bool,
    pub tab: Tab,
    pub mode: Mode,
    pub focus: Focus,
    pub expanded: HashSet<Key>,
    pub tree: Vec<TreeRow>,
    pub tree_state: ListState,
    pub ranked: Vec<Key>,
    pub ranked_state: ListState,
    pub ranked_kind: Kind,
    pub model: Model,
    pub filter: String,
    pub criterion: usize,
    pub message: Option<(String, Level)>,
    pub keymap: Keymap,
    pub theme: ThemeName,
    /// `NO_COLOR` is set: draw without colour.
    pub no_color: bool,
    pub size: Rect,
    pub quit: bool,
}

impl App {
    pub fn new(backlog: Backlog, file_name: impl Into<String>, config: &Config) -> App {
        // Start with initiatives expanded: their epics show at once.
        let expanded: HashSet<Key> = backlog.roots().map(|i| i.key).collect();
        let mut app = App {
            backlog,
            file_name: file_name.into(),
            read_only: false,
            tab: Tab::Backlog,
            mode: Mode::Normal,
            focus: Focus::List,
            expanded,
            tree: Vec::new(),
            tree_state: ListState::default(),
            ranked: Vec::new(),
            ranked_state: ListState::default(),
            ranked_kind: Kind::Story,
            model: Model::Rice,
            filter: String::new(),
            criterion: 0,
            message: config.warnings.first().map(|w| (w.clone(), Level::Error)),
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

    /// Recomputes the rows of both lists, keeping the selected keys.
    pub fn refresh_rows(&mut self) {
        let tree_key = self.tree.get(self.tree_state.selected).map(|r| r.key);
        let ranked_key = self.ranked.get(self.ranked_state.selected).copied();
        self.tree = tree_rows(&self.backlog, &self.expanded, self.filter_query());
        self.ranked = ranked_rows(
            &self.backlog,
            self.ranked_kind,
            self.model,
            self.filter_query(),
        );
        if let Some(k) = tree_key {
            self.select_tree_key(k);
        }
        if let Some(k) = ranked_key
            && let Some(i) = self.ranked.iter().position(|x| *x == k)
        {
            self.ranked_state.selected = i;
        }
        self.clamp_lists();
    }

    /// Selects `key` in the tree, expanding its ancestors if needed.
    pub fn select_tree_key(&mut self, key: Key) {
        if let Some(i) = self.tree.iter().position(|r| r.key == key) {
            self.tree_state.selected = i;
            return;
        }
        let mut cur = self.backlog.get(key).and_then(|i| i.parent);
        let mut opened = false;
        while let Some(p) = cur {
            opened |= self.expanded.insert(p);
            cur = self.backlog.get(p).and_then(|i| i.parent);
        }
        if opened {
            self.tree = tree_rows(&self.backlog, &self.expanded, self.filter_query());
        }
        if let Some(i) = self.tree.iter().position(|r| r.key == key) {
            self.tree_state.selected = i;
        }
    }

    pub fn clamp_lists(&mut self) {
        let h = self.list_height();
        self.tree_state.clamp(self.tree.len(), h);
        self.ranked_state.clamp(self.ranked.len(), h);
        let n = self.selected_item().map_or(0, |i| i.criteria.len());
        self.criterion = self.criterion.min(n.saturating_sub(1));
        if n == 0 {
            // Nothing left to focus (last criterion deleted, item gone).
            self.focus = Focus::List;
        }
    }

    /// Rows available to the current list.
    pub fn list_height(&self) -> usize {
        super::layout::list_area(self.size, self)
            .height
            .saturating_sub(1) as usize
    }

    /// The item the current tab has selected.
    pub fn selected_key(&self) -> Option<Key> {
        match self.tab {
            Tab::Ranked => self.ranked.get(self.ranked_state.selected).copied(),
            _ => self.tree.get(self.tree_state.selected).map(|r| r.key),
        }
    }

    pub fn selected_item(&self) -> Option<&Item> {
        self.selected_key().and_then(|k| self.backlog.get(k))
    }

    pub fn info(&mut self, msg: impl Into<String>) {
        self.message = Some((msg.into(), Level::Info));
    }

    pub fn error(&mut self, msg: impl Into<String>) {
        self.message = Some((msg.into(), Level::Error));
    }

    /// Whether a text field, filter or palette takes raw keys.
    pub fn wants_text(&self) -> bool {
        matches!(
            self.mode,
            Mode::Filter | Mode::Form(_) | Mode::Picker(_) | Mode::Palette(_) | Mode::Confirm(_)
        )
    }
}
