//! `App::update` for the dependency view (`b`): opening it on the selected
//! item, walking and folding its trees, jumping to a node's item, and
//! adding (the dependency picker) and removing links from there.

use super::action::Effect;
use super::app::{App, BackTo, Focus, Tab};
use super::deps_view::{self, DepRow, DepsView};
use super::keymap::Cmd;
use crate::domain::Key;
use crate::domain::depmap::Side;

impl App {
    /// `b`: the dependency view of the selected item.
    pub(super) fn open_deps(&mut self) {
        let Some(key) = self.selected_key() else {
            self.error("Nothing selected");
            return;
        };
        if self.backlog.get(key).is_none() {
            self.error(format!("{key} no longer exists"));
            return;
        }
        let height = self.deps_height();
        self.deps = Some(DepsView::new(&self.backlog, key, height));
    }

    fn deps_height(&self) -> usize {
        deps_view::tree_rows(self.size)
    }

    /// The view again after the backlog changed; closed if its item is
    /// gone.
    pub(super) fn refresh_deps(&mut self) {
        let height = self.deps_height();
        let Some(view) = &mut self.deps else {
            return;
        };
        let focus = view.focus;
        if self.backlog.get(focus).is_none() {
            self.deps = None;
            self.info(format!("{focus} no longer exists: dependency view closed"));
            return;
        }
        view.recompute(&self.backlog, height);
    }

    /// Keeps the view's selection on screen (after a resize).
    pub(super) fn clamp_deps(&mut self) {
        let height = self.deps_height();
        if let Some(view) = &mut self.deps {
            view.clamp(height);
        }
    }

    /// Moves the view's selection (keys, mouse wheel).
    pub(super) fn deps_move(&mut self, d: isize) {
        let height = self.deps_height();
        if let Some(view) = &mut self.deps {
            view.move_by(d, height);
        }
    }

    /// A command while the view is open: `Some` when the view handled it.
    /// Undo, redo, help, the palette, the theme and quitting work over the
    /// view; any other command closes it and runs as usual (`None`).
    pub(super) fn deps_command(&mut self, cmd: Cmd) -> Option<Vec<Effect>> {
        let height = self.deps_height();
        let view = self.deps.as_mut()?;
        match cmd {
            Cmd::DepsDown => view.move_by(1, height),
            Cmd::DepsUp => view.move_by(-1, height),
            Cmd::DepsPageDown => view.move_by(height.max(1) as isize, height),
            Cmd::DepsPageUp => view.move_by(-(height.max(1) as isize), height),
            Cmd::DepsTop => view.move_by(-(view.rows.len() as isize), height),
            Cmd::DepsBottom => view.move_by(view.rows.len() as isize, height),
            Cmd::DepsFold => view.fold(height),
            Cmd::DepsUnfold => view.unfold(height),
            Cmd::DepsJump => self.deps_jump(),
            Cmd::DepsAdd => self.deps_add(),
            Cmd::DepsRemove => return Some(self.deps_remove()),
            Cmd::DepsClose => self.deps = None,
            Cmd::Undo
            | Cmd::Redo
            | Cmd::Help
            | Cmd::Palette
            | Cmd::Theme
            | Cmd::SwitchModel
            | Cmd::Quit => return None,
            c if c.scope().is_modal() => return None,
            _ => {
                self.deps = None;
                return None;
            }
        }
        Some(vec![])
    }

    /// `Enter`: the selected node's item, selected in the Backlog tab.
    fn deps_jump(&mut self) {
        let Some(key) = self.deps.as_ref().and_then(DepsView::selected_key) else {
            return;
        };
        match self.backlog.get(key) {
            None => {
                self.error(format!("{key} does not exist: nothing to go to"));
                return;
            }
            Some(i) if self.backlog.is_hidden(i) => {
                self.error(format!(
                    "{key} is archived: `backlog restore {key}` brings it back"
                ));
                return;
            }
            Some(_) => {}
        }
        self.deps = None;
        if self.tab != Tab::Backlog {
            self.back.push(BackTo {
                tab: self.tab,
                health_open: self.health.open,
                health_selected: self.health.state.selected,
            });
            self.tab = Tab::Backlog;
        }
        self.focus = Focus::List;
        self.select_tree_key(key);
        if self.tree.selected_key() != Some(key) && !self.filter.is_empty() {
            // The filter hides it: show it anyway.
            self.filter.clear();
            self.refresh_rows();
            self.select_tree_key(key);
            self.info(format!("{key}: filter cleared to show it"));
        }
        self.clamp_lists();
    }

    /// `a`: the dependency picker of the view's item.
    fn deps_add(&mut self) {
        if self.read_only {
            self.error(format!(
                "{} is read-only: nothing was changed",
                self.file_name
            ));
            return;
        }
        let Some(item) = self
            .deps
            .as_ref()
            .and_then(|v| self.backlog.get(v.focus))
            .cloned()
        else {
            return;
        };
        self.depends_picker_for(item);
    }

    /// `d` / `x`: removes the selected direct link (undoable).
    fn deps_remove(&mut self) -> Vec<Effect> {
        let Some(view) = &self.deps else {
            return vec![];
        };
        let focus = view.focus;
        let Some(DepRow::Node(node)) = view.selected_row() else {
            self.info(format!(
                "Select a link to remove ({} adds one)",
                self.keymap.hint(Cmd::DepsAdd)
            ));
            return vec![];
        };
        if node.depth > 1 {
            self.error(format!(
                "{} is {} links away: only {focus}'s own links are removed here ({} goes to it)",
                node.key,
                node.depth,
                self.keymap.hint(Cmd::DepsJump)
            ));
            return vec![];
        }
        let (from, on) = match node.side {
            Side::Upstream => (focus, node.key),
            Side::Downstream => (node.key, focus),
        };
        let edge = &view.map.edges[node.edge];
        if !edge.links.iter().any(|l| l.from == from && l.on == on) {
            let through: Vec<String> = edge
                .links
                .iter()
                .map(|l| format!("{} → {}", l.from, l.on))
                .collect();
            self.error(format!(
                "{from} does not depend on {on} itself: the link is {} (go to it to remove it)",
                through.join(", ")
            ));
            return vec![];
        }
        self.remove_link(from, on)
    }

    fn remove_link(&mut self, from: Key, on: Key) -> Vec<Effect> {
        let Some(item) = self.backlog.get(from).cloned() else {
            return vec![];
        };
        match self.depends_effect(item, on) {
            Ok(effect) => self.write(effect),
            Err(msg) => {
                self.error(msg);
                vec![]
            }
        }
    }
}
