//! `App::update` for the archive panel (`A`): every archived item, the
//! latest archived first; `r` (or `Enter`) restores the selected one (and
//! so what it hid), undone with `u`; `P` deletes it for good, after asking.

use super::action::Effect;
use super::app::{App, Mode};
use super::form::Confirm;
use super::keymap::Cmd;
use super::panel::{ArchivePanel, Panel};
use super::tab_state::ListState;
use crate::domain::{Backlog, Key};

/// The items archived themselves, the latest change first.
pub fn archived_keys(backlog: &Backlog) -> Vec<Key> {
    let mut items: Vec<_> = backlog.items().iter().filter(|i| i.archived).collect();
    items.sort_by(|a, b| b.updated.cmp(&a.updated).then(a.key.cmp(&b.key)));
    items.into_iter().map(|i| i.key).collect()
}

impl App {
    /// `A`: the archive panel.
    pub(super) fn open_archive(&mut self) {
        let rows = archived_keys(&self.backlog);
        if rows.is_empty() {
            self.info(format!(
                "Nothing is archived ({} archives the selected item)",
                self.keymap.hint(Cmd::Archive)
            ));
        }
        self.panel = Some(Panel::Archive(ArchivePanel {
            rows,
            state: ListState::default(),
        }));
    }

    /// The archived items again, the selection staying on its item (or
    /// where it was, when that item was restored).
    pub(super) fn refresh_archive(&mut self) {
        let height = self.panel_height();
        let rows = archived_keys(&self.backlog);
        let Some(Panel::Archive(a)) = &mut self.panel else {
            return;
        };
        let current = a.rows.get(a.state.selected).copied();
        if let Some(i) = current.and_then(|k| rows.iter().position(|x| *x == k)) {
            a.state.selected = i;
        }
        a.rows = rows;
        a.state.clamp(a.rows.len(), height);
    }

    pub(super) fn archive_command(&mut self, cmd: Cmd) -> Vec<Effect> {
        let height = self.panel_height();
        let Some(Panel::Archive(a)) = &mut self.panel else {
            return vec![];
        };
        let len = a.rows.len();
        let selected = a.rows.get(a.state.selected).copied();
        match cmd {
            Cmd::ArchiveDown => a.state.move_by(1, len, height),
            Cmd::ArchiveUp => a.state.move_by(-1, len, height),
            Cmd::ArchiveClose => self.panel = None,
            Cmd::ArchiveRestore | Cmd::ArchivePurge => {
                let Some(key) = selected else {
                    self.info("Nothing is archived");
                    return vec![];
                };
                if cmd == Cmd::ArchiveRestore {
                    return self.restore(key);
                }
                self.confirm_purge(key);
            }
            _ => {}
        }
        vec![]
    }

    /// Restores `key` (what it hid comes back with it).
    fn restore(&mut self, key: Key) -> Vec<Effect> {
        let Some(mut item) = self.backlog.get(key).cloned() else {
            self.error(format!("{key} no longer exists"));
            return vec![];
        };
        item.archived = false;
        let hidden_above = item
            .parent
            .and_then(|p| self.backlog.get(p))
            .filter(|p| self.backlog.is_hidden(p))
            .map(|p| format!(" (still hidden: {} above it is archived)", p.key))
            .unwrap_or_default();
        self.write(Effect::Save {
            items: vec![item],
            summary: format!("restore {key}{hidden_above}"),
        })
    }

    fn confirm_purge(&mut self, key: Key) {
        if self.read_only {
            self.error(format!(
                "{} is read-only: nothing was changed",
                self.file_name
            ));
            return;
        }
        let Some(item) = self.backlog.get(key) else {
            return;
        };
        self.mode = Mode::Confirm(Confirm {
            message: format!(
                "Delete {key} “{}” for good, with its history? This cannot be undone.",
                item.title
            ),
            effect: Effect::Purge { key },
        });
    }
}
