//! Modal input: forms of text fields, pickers, the palette, confirmations.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::{CursorMove, TextArea};

use super::action::Effect;
use super::keymap::Cmd;
use crate::domain::{Item, Key, Kind};

/// One labelled input.
pub struct Field {
    pub label: &'static str,
    pub hint: String,
    pub input: TextArea<'static>,
    pub multiline: bool,
}

impl Field {
    pub fn new(label: &'static str, hint: impl Into<String>, value: &str) -> Field {
        let mut input = TextArea::from(value.lines().map(str::to_string).collect::<Vec<_>>());
        input.move_cursor(ratatui_textarea::CursorMove::Bottom);
        input.move_cursor(ratatui_textarea::CursorMove::End);
        Field {
            label,
            hint: hint.into(),
            input,
            multiline: false,
        }
    }

    pub fn multiline(mut self) -> Field {
        self.multiline = true;
        self
    }

    pub fn text(&self) -> String {
        self.input.lines().join("\n")
    }

    /// Replaces the text, the cursor at its end.
    pub fn set_text(&mut self, value: &str) {
        let mut input = TextArea::from(value.lines().map(str::to_string).collect::<Vec<_>>());
        input.move_cursor(CursorMove::Bottom);
        input.move_cursor(CursorMove::End);
        self.input = input;
    }
}

/// The item a form or picker was opened on, as it was then: what it
/// submits is refused if the item has changed since (see `App::current`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pin {
    pub key: Key,
    pub version: i64,
}

impl Pin {
    pub fn of(item: &Item) -> Pin {
        Pin {
            key: item.key,
            version: item.version,
        }
    }
}

/// What a form does when submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormTarget {
    NewItem {
        kind: Kind,
        parent: Option<Key>,
    },
    EditItem(Pin),
    AddCriterion(Pin),
    /// Criterion `n` (from 0).
    EditCriterion(Pin, usize),
    Points(Pin),
    Rice(Pin),
    Wsjf(Pin),
    Decide(Pin),
    /// A metric check-in on the initiative.
    CheckIn(Pin),
    /// The item's labels, comma-separated.
    Labels(Pin),
    /// A new success metric of the initiative.
    AddMetric(Pin),
    /// Success metric `n` (from 0) of the initiative.
    EditMetric(Pin, usize),
    ExportRoadmap,
    Snapshot,
}

pub struct Form {
    pub title: String,
    pub target: FormTarget,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub error: Option<String>,
    /// Submitted; waiting for the store.
    pub pending: bool,
    /// The fields' values when the form opened: a changed form asks
    /// before Esc discards it.
    pub initial: Vec<String>,
    /// Esc was pressed once on a changed form: pressed again, it discards.
    pub discard_asked: bool,
    /// Sent with "save and add another": a new-item form opens again.
    pub another: bool,
    /// A RICE form on an item with customers behind it: the "reach from
    /// the evidence" toggle.
    pub reach_evidence: Option<super::rice_evidence::ReachEvidence>,
}

impl Form {
    pub fn new(title: impl Into<String>, target: FormTarget, fields: Vec<Field>) -> Form {
        let initial = fields.iter().map(Field::text).collect();
        Form {
            title: title.into(),
            target,
            fields,
            focus: 0,
            error: None,
            pending: false,
            initial,
            discard_asked: false,
            another: false,
            reach_evidence: None,
        }
    }

    /// Whether any field differs from what it held when the form opened.
    pub fn changed(&self) -> bool {
        self.fields
            .iter()
            .zip(&self.initial)
            .any(|(f, v)| f.text() != *v)
    }

    /// The item the form was opened on, if any.
    pub fn pin(&self) -> Option<Pin> {
        match self.target {
            FormTarget::EditItem(p)
            | FormTarget::AddCriterion(p)
            | FormTarget::EditCriterion(p, _)
            | FormTarget::Points(p)
            | FormTarget::Rice(p)
            | FormTarget::Wsjf(p)
            | FormTarget::Decide(p)
            | FormTarget::CheckIn(p)
            | FormTarget::Labels(p)
            | FormTarget::AddMetric(p)
            | FormTarget::EditMetric(p, _) => Some(p),
            FormTarget::NewItem { .. } | FormTarget::ExportRoadmap | FormTarget::Snapshot => None,
        }
    }

    /// Pins the form to the item's newer version, keeping what was typed.
    pub fn repin(&mut self, version: i64) {
        match &mut self.target {
            FormTarget::EditItem(p)
            | FormTarget::AddCriterion(p)
            | FormTarget::EditCriterion(p, _)
            | FormTarget::Points(p)
            | FormTarget::Rice(p)
            | FormTarget::Wsjf(p)
            | FormTarget::Decide(p)
            | FormTarget::CheckIn(p)
            | FormTarget::Labels(p)
            | FormTarget::AddMetric(p)
            | FormTarget::EditMetric(p, _) => p.version = version,
            FormTarget::NewItem { .. } | FormTarget::ExportRoadmap | FormTarget::Snapshot => {}
        }
    }

    pub fn value(&self, i: usize) -> String {
        self.fields.get(i).map(Field::text).unwrap_or_default()
    }

    /// Whether the focused field takes several lines.
    pub fn focused_multiline(&self) -> bool {
        self.fields.get(self.focus).is_some_and(|f| f.multiline)
    }

    /// Moves the focus `d` fields on, wrapping around.
    pub fn move_focus(&mut self, d: isize) {
        step(&mut self.focus, self.fields.len(), d);
    }

    /// Breaks the line at the cursor of a multi-line field.
    pub fn new_line(&mut self) {
        if self.focused_multiline() {
            self.fields[self.focus].input.insert_newline();
        }
    }

    /// Moves the cursor of a multi-line field a line down (or up).
    pub fn cursor_line(&mut self, down: bool) {
        if self.focused_multiline() {
            self.fields[self.focus].input.move_cursor(if down {
                CursorMove::Down
            } else {
                CursorMove::Up
            });
        }
    }

    /// A key no command is bound to edits the focused field's text (a
    /// line break only comes from the new-line command).
    pub fn edit(&mut self, key: KeyEvent) {
        if key.code == KeyCode::Enter {
            return;
        }
        if let Some(f) = self.fields.get_mut(self.focus) {
            edit_field(&mut f.input, key);
            self.error = None;
            self.discard_asked = false;
        }
    }
}

/// Readline habits in a field: Ctrl-u clears the line before the cursor,
/// Ctrl-w deletes the word before it; other keys edit as usual.
fn edit_field(input: &mut TextArea<'static>, key: KeyEvent) {
    use crossterm::event::KeyModifiers;
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        match key.code {
            KeyCode::Char('u') => {
                input.move_cursor(CursorMove::End);
                input.delete_line_by_head();
                return;
            }
            KeyCode::Char('w') => {
                input.delete_word();
                return;
            }
            _ => {}
        }
    }
    input.input(key);
}

/// Moves a wrapping selection by `d` in a list of `len`.
fn step(selected: &mut usize, len: usize, d: isize) {
    if len > 0 {
        *selected = (*selected as isize + d).rem_euclid(len as isize) as usize;
    }
}

/// What a picker chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickTarget {
    Status(Pin),
    Parent(Pin),
    Points(Pin),
    /// An item to depend on (or, if it already does, to no longer).
    Depends(Pin),
    /// The Refine tab's scope: an epic or initiative key, or `all`.
    Scope,
    /// The snapshot the roadmap is compared with, or `none`.
    Compare,
    /// A choice on the Insights tab.
    Insight(super::insights_state::InsightPick),
}

/// A list of options with a fuzzy query.
pub struct Picker {
    pub title: String,
    pub target: PickTarget,
    pub options: Vec<(String, String)>,
    pub query: TextArea<'static>,
    pub shown: Vec<usize>,
    pub selected: usize,
    pub searchable: bool,
    /// Digits typed in a picker of numbers (see `type_number`).
    pub typed: String,
}

impl Picker {
    pub fn new(
        title: impl Into<String>,
        target: PickTarget,
        options: Vec<(String, String)>,
        selected: usize,
    ) -> Picker {
        let shown = (0..options.len()).collect();
        Picker {
            title: title.into(),
            target,
            options,
            query: TextArea::default(),
            shown,
            selected,
            searchable: false,
            typed: String::new(),
        }
    }

    pub fn searchable(mut self) -> Picker {
        self.searchable = true;
        self
    }

    /// The value of the highlighted option.
    pub fn current(&self) -> Option<&str> {
        self.shown
            .get(self.selected)
            .map(|&i| self.options[i].1.as_str())
    }

    /// Moves the highlight `d` options on, wrapping around.
    pub fn move_by(&mut self, d: isize) {
        step(&mut self.selected, self.shown.len(), d);
        self.typed.clear();
    }

    /// A digit typed in a picker of numbers: highlights the option it
    /// spells with the digits typed just before (`1` then `3`: 13), else
    /// the one it starts.
    fn type_number(&mut self, c: char) {
        let longer = format!("{}{c}", self.typed);
        let starts = |p: &str| self.options.iter().any(|o| o.1.starts_with(p));
        self.typed = if starts(&longer) {
            longer
        } else {
            c.to_string()
        };
        let exact = self.options.iter().position(|o| o.1 == self.typed);
        let first = self
            .options
            .iter()
            .position(|o| o.1.starts_with(&self.typed));
        if let Some(i) = exact.or(first)
            && let Some(row) = self.shown.iter().position(|&x| x == i)
        {
            self.selected = row;
        }
    }

    /// A key no command is bound to types into the search line, if the
    /// picker has one.
    pub fn search(&mut self, key: KeyEvent) {
        if let (PickTarget::Points(_), KeyCode::Char(c)) = (self.target, key.code)
            && c.is_ascii_digit()
        {
            self.type_number(c);
            return;
        }
        if !self.searchable || key.code == KeyCode::Enter {
            return;
        }
        self.query.input(key);
        let q = self.query.lines().join("");
        let labels: Vec<&str> = self.options.iter().map(|o| o.0.as_str()).collect();
        self.shown = super::rows::fuzzy_rank(&q, labels.iter().copied().enumerate());
        self.selected = 0;
    }
}

/// The `:` command palette: every command by name, fuzzy-matched.
pub struct Palette {
    pub query: TextArea<'static>,
    pub shown: Vec<Cmd>,
    pub selected: usize,
}

impl Palette {
    pub fn new() -> Palette {
        Palette {
            query: TextArea::default(),
            shown: Cmd::runnable().collect(),
            selected: 0,
        }
    }

    /// Moves the highlight `d` commands on, wrapping around.
    pub fn move_by(&mut self, d: isize) {
        step(&mut self.selected, self.shown.len(), d);
    }

    /// A key no command is bound to types into the search line.
    pub fn search(&mut self, key: KeyEvent) {
        if key.code == KeyCode::Enter {
            return;
        }
        self.query.input(key);
        let q = self.query.lines().join("");
        let all: Vec<Cmd> = Cmd::runnable().collect();
        let names: Vec<String> = all
            .iter()
            .map(|c| format!("{} {}", c.name(), c.description()))
            .collect();
        self.shown = super::rows::fuzzy_rank(&q, names.iter().map(String::as_str).enumerate())
            .into_iter()
            .map(|i| all[i])
            .collect();
        self.selected = 0;
    }
}

impl Default for Palette {
    fn default() -> Self {
        Palette::new()
    }
}

/// A yes/no question guarding a destructive effect.
pub struct Confirm {
    pub message: String,
    pub effect: Effect,
}
