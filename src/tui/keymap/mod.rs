//! Key bindings: every command has a name, a description, default keys
//! and a scope (see `table.rs`); the config file may override the keys of
//! any command, one at a time.

mod binding;
mod table;

use std::collections::HashMap;

use crossterm::event::KeyEvent;

pub use binding::Binding;
pub use table::{Cmd, Info, Scope, TABLE};

/// The live keymap.
#[derive(Debug, Clone)]
pub struct Keymap {
    keys: HashMap<Cmd, Vec<Binding>>,
    lookup: HashMap<(Scope, Binding), Cmd>,
}

impl Default for Keymap {
    fn default() -> Self {
        let keys = TABLE
            .iter()
            .map(|t| {
                (
                    t.cmd,
                    t.keys.iter().filter_map(|k| Binding::parse(k)).collect(),
                )
            })
            .collect();
        Keymap::from_keys(keys)
    }
}

impl Keymap {
    fn from_keys(keys: HashMap<Cmd, Vec<Binding>>) -> Keymap {
        let mut lookup = HashMap::new();
        // Table order decides clashes, so the result is deterministic.
        for t in TABLE {
            for b in keys.get(&t.cmd).into_iter().flatten() {
                lookup.entry((t.scope, *b)).or_insert(t.cmd);
            }
        }
        Keymap { keys, lookup }
    }

    /// Applies overrides `name → keys`; returns complaints about unknown
    /// names or keys (the rest still applies).
    pub fn with_overrides(mut self, overrides: &[(String, Vec<String>)]) -> (Keymap, Vec<String>) {
        let mut problems = Vec::new();
        for (name, keys) in overrides {
            let Some(cmd) = Cmd::from_name(name) else {
                problems.push(format!("unknown command `{name}` in [keys]"));
                continue;
            };
            let mut parsed = Vec::new();
            for k in keys {
                match Binding::parse(k) {
                    Some(b) => parsed.push(b),
                    None => problems.push(format!("unknown key `{k}` for `{name}`")),
                }
            }
            if !parsed.is_empty() {
                self.keys.insert(cmd, parsed);
            }
        }
        let keymap = Keymap::from_keys(self.keys);
        (keymap, problems)
    }

    /// The command of a key outside the tabs with keys of their own.
    pub fn command(&self, e: &KeyEvent) -> Option<Cmd> {
        self.command_in(&[Scope::Global], e)
    }

    /// The command of a key in the Refine tab: its own commands first.
    pub fn refine_command(&self, e: &KeyEvent) -> Option<Cmd> {
        self.command_in(&[Scope::Refine, Scope::Global], e)
    }

    /// The command of a key in the first of `scopes` that binds it.
    pub fn command_in(&self, scopes: &[Scope], e: &KeyEvent) -> Option<Cmd> {
        let b = Binding::from_event(e);
        scopes
            .iter()
            .find_map(|s| self.lookup.get(&(*s, b)))
            .copied()
    }

    pub fn keys(&self, cmd: Cmd) -> &[Binding] {
        self.keys.get(&cmd).map_or(&[], Vec::as_slice)
    }

    /// The first key of `cmd`, for hints ("a add").
    pub fn hint(&self, cmd: Cmd) -> String {
        self.keys(cmd).first().map_or("–".into(), Binding::label)
    }

    /// All keys of `cmd`, for help ("j ↓").
    pub fn label(&self, cmd: Cmd) -> String {
        self.keys(cmd)
            .iter()
            .map(Binding::label)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[cfg(test)]
mod tests;
