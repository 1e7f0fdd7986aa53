//! `App::update` for what links an item to others, fixed where Health
//! and the Definition of Ready flag it: its dependencies (a searchable
//! picker of items; a cycle is refused with its path named) and its
//! labels (a form offering the labels in use).

use std::collections::{BTreeSet, HashMap};

use super::action::Effect;
use super::app::{App, Mode};
use super::form::{Field, Form, FormTarget, PickTarget, Picker, Pin};
use crate::domain::deps::check_new_dependency;
use crate::domain::text::terminal_safe;
use crate::domain::{Item, Key};

impl App {
    /// A searchable picker of the items `item` could depend on, its
    /// current dependencies first (choosing one removes it): `a` in the
    /// dependency view.
    pub(super) fn depends_picker_for(&mut self, item: Item) {
        let label = |i: &Item| format!("{}  {}", i.key, terminal_safe(&i.title, false));
        let mut options: Vec<(String, String)> = item
            .depends_on
            .iter()
            .filter_map(|k| self.backlog.get(*k))
            .map(|i| (format!("✓ {} (remove)", label(i)), i.key.to_string()))
            .collect();
        options.extend(
            self.backlog
                .items()
                .iter()
                .filter(|i| {
                    i.key != item.key
                        && !item.depends_on.contains(&i.key)
                        && !self.backlog.is_hidden(i)
                })
                .map(|i| (format!("  {}", label(i)), i.key.to_string())),
        );
        self.mode = Mode::Picker(
            Picker::new(
                format!(
                    "{} {} depends on… (type to search; ✓ removes)",
                    item.key, item.title
                ),
                PickTarget::Depends(Pin::of(&item)),
                options,
                0,
            )
            .searchable(),
        );
    }

    /// The change choosing `on` in the dependency picker makes: removes a
    /// dependency already there, else adds it unless it closes a cycle.
    pub(super) fn depends_effect(&self, mut item: Item, on: Key) -> Result<Effect, String> {
        if item.depends_on.contains(&on) {
            item.depends_on.retain(|d| *d != on);
            let summary = format!("{} no longer depends on {on}", item.key);
            return Ok(Effect::Save {
                items: vec![item],
                summary,
            });
        }
        let edges: HashMap<Key, Vec<Key>> = self
            .backlog
            .items()
            .iter()
            .filter(|i| !i.depends_on.is_empty())
            .map(|i| (i.key, i.depends_on.clone()))
            .collect();
        check_new_dependency(&edges, item.key, on).map_err(|e| e.to_string())?;
        item.depends_on.push(on);
        item.depends_on.sort();
        let summary = format!("{} depends on {on}", item.key);
        Ok(Effect::Save {
            items: vec![item],
            summary,
        })
    }

    /// `#`: the selected item's labels, comma-separated, with the labels in
    /// use offered in the hint.
    pub(super) fn labels_form(&mut self) {
        let Some(item) = self.target(None, "Labels") else {
            return;
        };
        let in_use: BTreeSet<&str> = self
            .backlog
            .items()
            .iter()
            .flat_map(|i| i.labels.iter().map(String::as_str))
            .collect();
        let offered: Vec<&str> = in_use.into_iter().take(12).collect();
        let hint = if offered.is_empty() {
            "comma-separated · empty removes them all".to_string()
        } else {
            format!("comma-separated · in use: {}", offered.join(", "))
        };
        let fields = vec![Field::new("Labels", hint, &item.labels.join(", "))];
        self.mode = Mode::Form(Form::new(
            format!("Labels of {} {}", item.key, item.title),
            FormTarget::Labels(Pin::of(&item)),
            fields,
        ));
    }

    /// The labels typed in the labels form, stored on `item`.
    pub(super) fn labels_effect(&self, mut item: Item, typed: &str) -> Result<Effect, String> {
        let mut labels: Vec<String> = Vec::new();
        for l in typed.split(',') {
            let l = l.trim();
            if l.chars().any(char::is_control) {
                return Err(format!(
                    "label “{}” holds a control character",
                    l.escape_debug()
                ));
            }
            if !l.is_empty() && !labels.iter().any(|x| x == l) {
                labels.push(l.to_string());
            }
        }
        let summary = if labels.is_empty() {
            format!("{} labels cleared", item.key)
        } else {
            format!("{} labels {}", item.key, labels.join(", "))
        };
        item.labels = labels;
        Ok(Effect::Save {
            items: vec![item],
            summary,
        })
    }
}
