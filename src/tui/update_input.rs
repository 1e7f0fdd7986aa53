//! Keys: which command a key means in the current mode (the keymap's
//! scopes, see [`Scope`]), and `App::update` for the modes that take the
//! keyboard: the filter line, forms, pickers, the palette and yes / no
//! questions; and mouse clicks. A key bound to nothing there types into the
//! open text field, filter or search line.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, Effect};
use super::app::{App, Focus, Mode, Tab};
use super::form::{Form, Palette, Picker};
use super::keymap::{Cmd, Scope};
use super::layout;

impl App {
    /// The keymap scopes that apply now, the first that binds a key wins.
    pub fn scopes(&self) -> Vec<Scope> {
        match &self.mode {
            Mode::Normal if self.panel.is_some() => self.panel_scopes().unwrap_or_default(),
            Mode::Normal if self.deps.is_some() => match self.tab {
                Tab::Refine => vec![Scope::Deps, Scope::Refine, Scope::Global],
                Tab::Roadmap => vec![Scope::Deps, Scope::Roadmap, Scope::Global],
                _ => vec![Scope::Deps, Scope::Global],
            },
            Mode::Normal => match self.tab {
                Tab::Refine => vec![Scope::Refine, Scope::Global],
                Tab::Roadmap => vec![Scope::Roadmap, Scope::Global],
                Tab::Insights => vec![Scope::Insights, Scope::Global],
                _ => vec![Scope::Global],
            },
            Mode::Help { .. } | Mode::History(_) => vec![Scope::Help, Scope::Global],
            Mode::Confirm(_) => vec![Scope::Confirm],
            Mode::Filter => vec![Scope::Filter],
            Mode::Form(f) if f.focused_multiline() => vec![Scope::Field, Scope::Form],
            Mode::Form(_) => vec![Scope::Form],
            Mode::Picker(p) if !p.searchable => vec![Scope::ListPicker, Scope::Picker],
            Mode::Picker(_) => vec![Scope::Picker],
            Mode::Palette(_) => vec![Scope::Palette],
        }
    }

    /// The command a key means here.
    pub fn command_for(&self, key: &KeyEvent) -> Option<Cmd> {
        self.keymap.command_in(&self.scopes(), key)
    }

    /// What a key press means now, as the event loop routes it: raw input
    /// while a text field, filter, picker, palette or dialog is open (update
    /// looks its command up in the mode's scopes), else the command the
    /// keymap gives it (`None`: an unbound key).
    pub fn action_for_key(&self, key: KeyEvent) -> Option<Action> {
        if self.wants_text() {
            Some(Action::Input(key))
        } else {
            self.command_for(&key).map(Action::Command)
        }
    }

    /// Whether a text field, filter, picker, palette or dialog takes the
    /// keys.
    pub fn wants_text(&self) -> bool {
        matches!(
            self.mode,
            Mode::Filter | Mode::Form(_) | Mode::Picker(_) | Mode::Palette(_) | Mode::Confirm(_)
        )
    }

    /// A key for the open filter, form, picker, palette or dialog: its
    /// command in the mode's scopes, else text.
    pub(super) fn input(&mut self, key: KeyEvent) -> Vec<Effect> {
        match self.command_for(&key) {
            Some(cmd) if cmd.scope().is_modal() || matches!(self.mode, Mode::Help { .. }) => {
                self.command(cmd)
            }
            _ => {
                self.type_key(key);
                vec![]
            }
        }
    }

    /// A command of a dialog, the filter line or the help's scope; it does
    /// nothing unless its mode is open.
    pub(super) fn modal_command(&mut self, cmd: Cmd) -> Vec<Effect> {
        let mode = std::mem::replace(&mut self.mode, Mode::Normal);
        match (mode, cmd) {
            (Mode::Confirm(c), Cmd::ConfirmYes) => self.write(c.effect),
            (Mode::Confirm(_), Cmd::ConfirmNo) => {
                self.info("Cancelled");
                vec![]
            }
            // Keep the filter; back to the list.
            (Mode::Filter, Cmd::FilterKeep) => vec![],
            (Mode::Filter, Cmd::FilterClear) => {
                self.filter_mut().clear();
                self.filter_changed();
                vec![]
            }
            (Mode::Filter, Cmd::FilterErase) => {
                self.filter_mut().pop();
                self.filter_changed();
                self.mode = Mode::Filter;
                vec![]
            }
            (Mode::Form(form), cmd) => self.form_command(form, cmd),
            (Mode::Picker(picker), cmd) => self.picker_command(picker, cmd),
            (Mode::Palette(palette), cmd) => self.palette_command(palette, cmd),
            (mode, _) => {
                self.mode = mode;
                vec![]
            }
        }
    }

    fn form_command(&mut self, mut form: Form, cmd: Cmd) -> Vec<Effect> {
        if form.pending {
            // Submitted: waiting for the store.
            self.mode = Mode::Form(form);
            return vec![];
        }
        match cmd {
            Cmd::FormCancel if form.changed() && !form.discard_asked => {
                form.discard_asked = true;
                form.error = Some(format!(
                    "Discard what you typed? {} again discards it, {} saves it",
                    self.keymap.hint(Cmd::FormCancel),
                    self.keymap.hint(Cmd::FormSave)
                ));
            }
            Cmd::FormCancel => return vec![],
            Cmd::FormSave | Cmd::FormSaveAnother if self.rebase_form(&mut form) => {}
            Cmd::FormSave | Cmd::FormSaveAnother => {
                form.another = cmd == Cmd::FormSaveAnother;
                return match self.submit(&form) {
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
                };
            }
            Cmd::FormReachFromEvidence => self.toggle_reach_evidence(&mut form),
            Cmd::FormNextField => form.move_focus(1),
            Cmd::FormPrevField => form.move_focus(-1),
            Cmd::FieldNewLine => form.new_line(),
            Cmd::FieldLineDown => form.cursor_line(true),
            Cmd::FieldLineUp => form.cursor_line(false),
            _ => {}
        }
        self.mode = Mode::Form(form);
        vec![]
    }

    fn picker_command(&mut self, mut picker: Picker, cmd: Cmd) -> Vec<Effect> {
        match cmd {
            Cmd::PickerCancel => return vec![],
            Cmd::PickerChoose => {
                return match self.pick(&picker) {
                    Ok(effects) => effects,
                    Err(msg) => {
                        self.error(msg);
                        vec![]
                    }
                };
            }
            Cmd::PickerDown | Cmd::ListPickerDown => picker.move_by(1),
            Cmd::PickerUp | Cmd::ListPickerUp => picker.move_by(-1),
            _ => {}
        }
        self.mode = Mode::Picker(picker);
        vec![]
    }

    fn palette_command(&mut self, mut palette: Palette, cmd: Cmd) -> Vec<Effect> {
        match cmd {
            Cmd::PaletteClose => return vec![],
            Cmd::PaletteRun => {
                return match palette.shown.get(palette.selected).copied() {
                    Some(cmd) => self.command(cmd),
                    None => vec![],
                };
            }
            Cmd::PaletteDown => palette.move_by(1),
            Cmd::PaletteUp => palette.move_by(-1),
            _ => {}
        }
        self.mode = Mode::Palette(palette);
        vec![]
    }

    /// A key no command is bound to in the open mode: text for the filter,
    /// the focused field or the search line; nothing elsewhere.
    fn type_key(&mut self, key: KeyEvent) {
        match &mut self.mode {
            Mode::Filter => {
                if let KeyCode::Char(c) = key.code
                    && !key.modifiers.contains(KeyModifiers::CONTROL)
                {
                    self.filter_mut().push(c);
                    self.filter_changed();
                }
            }
            Mode::Form(form) if !form.pending => form.edit(key),
            Mode::Picker(picker) => picker.search(key),
            Mode::Palette(palette) => palette.search(key),
            _ => {}
        }
    }

    /// A mouse click: a tab in the bar switches to it; a list row selects it.
    pub(super) fn click(&mut self, column: u16, row: u16) {
        let [tabs, ..] = layout::frame(self.size);
        if row == tabs.y {
            if let Some(tab) = layout::tab_at(self.size, column, row) {
                self.switch_tab(tab);
            }
            return;
        }
        if self.deps.is_some() || self.panel.is_some() {
            return;
        }
        let Some(index) = layout::list_row_at(self.size, self.tab, column, row) else {
            return;
        };
        let (state, len) = match self.tab {
            Tab::Ranked => (&mut self.ranked.state, self.ranked.rows.len()),
            Tab::Backlog => (&mut self.tree.state, self.tree.rows.len()),
            Tab::Health => (&mut self.health.state, self.health.rows.len()),
            Tab::Insights => (&mut self.insights.state, self.insights.rows.len()),
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
