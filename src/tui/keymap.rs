//! Key bindings: every command has a name, a description and default keys;
//! the config file may override the keys of any command, one at a time.

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A command a key can trigger. Names are what the config file and the
/// command palette use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cmd {
    TabBacklog,
    TabRanked,
    TabRoadmap,
    TabRefine,
    TabHealth,
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    Collapse,
    Expand,
    Open,
    Focus,
    NewInitiative,
    AddChild,
    Edit,
    EditInEditor,
    AddCriterion,
    ToggleCriterion,
    DeleteCriterion,
    MoveDown,
    MoveUp,
    Points,
    Rice,
    Wsjf,
    Status,
    MoveToParent,
    SwitchModel,
    ToggleKind,
    Filter,
    Palette,
    Help,
    Undo,
    Redo,
    Archive,
    Theme,
    MarkReady,
    Decide,
    Park,
    ExportSummary,
    RefineNext,
    RefinePrev,
    QuickPoints,
    RefineScope,
    LaneEarlier,
    LaneLater,
    ToggleLevel,
    ExportRoadmap,
    TakeSnapshot,
    CompareSnapshot,
    Back,
    Quit,
}

/// Name, description, default keys.
const TABLE: &[(Cmd, &str, &str, &[&str])] = &[
    (Cmd::TabBacklog, "tab-backlog", "Backlog tab", &["1"]),
    (Cmd::TabRanked, "tab-ranked", "Ranked tab", &["2"]),
    (Cmd::TabRoadmap, "tab-roadmap", "Roadmap tab", &["3"]),
    (Cmd::TabRefine, "tab-refine", "Refine tab", &["4"]),
    (Cmd::TabHealth, "tab-health", "Health tab", &["5"]),
    (Cmd::Down, "down", "Move down", &["j", "down"]),
    (Cmd::Up, "up", "Move up", &["k", "up"]),
    (
        Cmd::PageDown,
        "page-down",
        "Page down",
        &["pagedown", "ctrl-d"],
    ),
    (Cmd::PageUp, "page-up", "Page up", &["pageup", "ctrl-u"]),
    (Cmd::Top, "top", "Go to the top", &["g", "home"]),
    (Cmd::Bottom, "bottom", "Go to the bottom", &["G", "end"]),
    (
        Cmd::Collapse,
        "collapse",
        "Collapse / go to parent",
        &["h", "left"],
    ),
    (Cmd::Expand, "expand", "Expand", &["l", "right"]),
    (Cmd::Open, "open", "Open / expand", &["enter"]),
    (
        Cmd::Focus,
        "focus",
        "Switch focus: list / criteria",
        &["tab"],
    ),
    (
        Cmd::NewInitiative,
        "new-initiative",
        "New initiative",
        &["n"],
    ),
    (
        Cmd::AddChild,
        "add-child",
        "Add a child (epic or story)",
        &["a"],
    ),
    (Cmd::Edit, "edit", "Edit the item (or criterion)", &["e"]),
    (
        Cmd::EditInEditor,
        "edit-in-editor",
        "Edit the description in $EDITOR",
        &["E"],
    ),
    (
        Cmd::AddCriterion,
        "add-criterion",
        "Add an acceptance criterion",
        &["c"],
    ),
    (
        Cmd::ToggleCriterion,
        "toggle-criterion",
        "Toggle the selected criterion",
        &["space"],
    ),
    (
        Cmd::DeleteCriterion,
        "delete-criterion",
        "Delete the selected criterion",
        &["x"],
    ),
    (
        Cmd::MoveDown,
        "move-down",
        "Move criterion / item down",
        &["J"],
    ),
    (Cmd::MoveUp, "move-up", "Move criterion / item up", &["K"]),
    (Cmd::Points, "points", "Set points", &["p"]),
    (Cmd::Rice, "rice", "Set RICE inputs", &["r"]),
    (Cmd::Wsjf, "wsjf", "Set WSJF inputs", &["w"]),
    (Cmd::Status, "status", "Change status", &["S"]),
    (Cmd::MoveToParent, "move", "Move to another parent", &["m"]),
    (
        Cmd::SwitchModel,
        "switch-model",
        "Switch sort model RICE / WSJF",
        &["s"],
    ),
    (
        Cmd::ToggleKind,
        "toggle-kind",
        "Ranked: stories / epics",
        &["t"],
    ),
    (Cmd::Filter, "filter", "Filter as you type", &["/"]),
    (Cmd::Palette, "palette", "Command palette", &[":"]),
    (Cmd::Help, "help", "Help: all keys", &["?"]),
    (Cmd::Undo, "undo", "Undo", &["u"]),
    (Cmd::Redo, "redo", "Redo", &["ctrl-r"]),
    (Cmd::Archive, "archive", "Archive (asks first)", &["d"]),
    (Cmd::Theme, "theme", "Switch theme (high contrast)", &["T"]),
    (
        Cmd::MarkReady,
        "mark-ready",
        "Mark the story ready (Definition of Ready checked)",
        &["R"],
    ),
    (
        Cmd::Decide,
        "decide",
        "Record a decision with its rationale",
        &["D"],
    ),
    (
        Cmd::Park,
        "park",
        "Park the story (label `parked`) and move on",
        &["z"],
    ),
    (
        Cmd::ExportSummary,
        "export-summary",
        "Export the refinement session summary (Markdown)",
        &["X"],
    ),
    (
        Cmd::RefineNext,
        "refine-next",
        "Refine: next story in the queue",
        &["n", "right"],
    ),
    (
        Cmd::RefinePrev,
        "refine-prev",
        "Refine: previous story in the queue",
        &["p", "left"],
    ),
    (
        Cmd::QuickPoints,
        "quick-points",
        "Refine: estimate with the 1-2-3-5-8-13-20 picker",
        &["f"],
    ),
    (
        Cmd::RefineScope,
        "refine-scope",
        "Refine: choose the epic or initiative to refine",
        &["o"],
    ),
    (
        Cmd::LaneEarlier,
        "lane-earlier",
        "Roadmap: move the card to the previous lane",
        &["H", "<"],
    ),
    (
        Cmd::LaneLater,
        "lane-later",
        "Roadmap: move the card to the next lane",
        &["L", ">"],
    ),
    (
        Cmd::ToggleLevel,
        "toggle-level",
        "Roadmap: epics / initiatives",
        &["i"],
    ),
    (
        Cmd::ExportRoadmap,
        "export-roadmap",
        "Roadmap: export (Markdown, HTML, JSON, CSV, text)",
        &["x"],
    ),
    (
        Cmd::TakeSnapshot,
        "take-snapshot",
        "Roadmap: take a snapshot",
        &["t"],
    ),
    (
        Cmd::CompareSnapshot,
        "compare-snapshot",
        "Roadmap: mark the changes since a snapshot",
        &["c"],
    ),
    (Cmd::Back, "back", "Back / cancel / clear filter", &["esc"]),
    (Cmd::Quit, "quit", "Quit", &["q", "ctrl-c"]),
];

impl Cmd {
    pub fn all() -> impl Iterator<Item = Cmd> {
        TABLE.iter().map(|t| t.0)
    }

    fn entry(self) -> &'static (Cmd, &'static str, &'static str, &'static [&'static str]) {
        TABLE
            .iter()
            .find(|t| t.0 == self)
            .expect("every Cmd has a TABLE entry")
    }

    pub fn name(self) -> &'static str {
        self.entry().1
    }

    pub fn description(self) -> &'static str {
        self.entry().2
    }

    pub fn from_name(name: &str) -> Option<Cmd> {
        TABLE.iter().find(|t| t.1 == name).map(|t| t.0)
    }
}

/// A key with modifiers, as written in the config: `j`, `G`, `ctrl-r`,
/// `enter`, `space`, `f5`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Binding {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Binding {
    pub fn parse(s: &str) -> Option<Binding> {
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = s.trim();
        loop {
            let lower = rest.to_ascii_lowercase();
            if lower.starts_with("ctrl-") || lower.starts_with("ctrl+") {
                ctrl = true;
                rest = &rest[5..];
            } else if lower.starts_with("alt-") || lower.starts_with("alt+") {
                alt = true;
                rest = &rest[4..];
            } else {
                break;
            }
        }
        let code = match rest.to_ascii_lowercase().as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "space" => KeyCode::Char(' '),
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" => KeyCode::PageUp,
            "pagedown" => KeyCode::PageDown,
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            f if f.len() >= 2 && f.starts_with('f') && f[1..].parse::<u8>().is_ok() => {
                KeyCode::F(f[1..].parse().ok()?)
            }
            _ => {
                let mut chars = rest.chars();
                let c = chars.next()?;
                if chars.next().is_some() {
                    return None;
                }
                KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c })
            }
        };
        Some(Binding { code, ctrl, alt })
    }

    pub fn from_event(e: &KeyEvent) -> Binding {
        let code = match e.code {
            KeyCode::Char(c) if e.modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            c => c,
        };
        Binding {
            code,
            ctrl: e.modifiers.contains(KeyModifiers::CONTROL),
            alt: e.modifiers.contains(KeyModifiers::ALT),
        }
    }

    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Enter => "Enter".to_string(),
            KeyCode::Esc => "Esc".to_string(),
            KeyCode::Tab => "Tab".to_string(),
            KeyCode::BackTab => "S-Tab".to_string(),
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            KeyCode::Home => "Home".to_string(),
            KeyCode::End => "End".to_string(),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::Backspace => "Bksp".to_string(),
            KeyCode::Delete => "Del".to_string(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Char(c) => c.to_string(),
            _ => "?".to_string(),
        };
        match (self.ctrl, self.alt) {
            (true, _) => format!("Ctrl-{base}"),
            (_, true) => format!("Alt-{base}"),
            _ => base,
        }
    }
}

/// Where a command's keys apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Global,
    Refine,
    Roadmap,
}

impl Cmd {
    /// Tab-specific commands win over global ones in their tab.
    pub fn scope(self) -> Scope {
        match self {
            Cmd::RefineNext | Cmd::RefinePrev | Cmd::QuickPoints | Cmd::RefineScope => {
                Scope::Refine
            }
            Cmd::LaneEarlier
            | Cmd::LaneLater
            | Cmd::ToggleLevel
            | Cmd::ExportRoadmap
            | Cmd::TakeSnapshot
            | Cmd::CompareSnapshot => Scope::Roadmap,
            _ => Scope::Global,
        }
    }
}

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
            .map(|(c, _, _, ks)| (*c, ks.iter().filter_map(|k| Binding::parse(k)).collect()))
            .collect();
        Keymap::from_keys(keys)
    }
}

impl Keymap {
    fn from_keys(keys: HashMap<Cmd, Vec<Binding>>) -> Keymap {
        let mut lookup = HashMap::new();
        // Table order decides clashes, so the result is deterministic.
        for (cmd, ..) in TABLE {
            for b in keys.get(cmd).into_iter().flatten() {
                lookup.entry((cmd.scope(), *b)).or_insert(*cmd);
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
        self.command_in(Scope::Global, e)
    }

    /// The command of a key in the Refine tab: its own commands first.
    pub fn refine_command(&self, e: &KeyEvent) -> Option<Cmd> {
        self.command_in(Scope::Refine, e)
    }

    /// The command of a key where `scope`'s commands win over global ones.
    pub fn command_in(&self, scope: Scope, e: &KeyEvent) -> Option<Cmd> {
        let b = Binding::from_event(e);
        self.lookup
            .get(&(scope, b))
            .or_else(|| self.lookup.get(&(Scope::Global, b)))
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
mod tests {
    use super::*;

    #[test]
    fn defaults_resolve() {
        let km = Keymap::default();
        let k = |c| KeyEvent::new(c, KeyModifiers::NONE);
        assert_eq!(km.command(&k(KeyCode::Char('j'))), Some(Cmd::Down));
        assert_eq!(km.command(&k(KeyCode::Down)), Some(Cmd::Down));
        assert_eq!(
            km.command(&KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)),
            Some(Cmd::Redo)
        );
        assert_eq!(
            km.command(&KeyEvent::new(KeyCode::Char('S'), KeyModifiers::SHIFT)),
            Some(Cmd::Status)
        );
        assert_eq!(
            km.command(&k(KeyCode::Char(' '))),
            Some(Cmd::ToggleCriterion)
        );
        assert_eq!(km.command(&k(KeyCode::Char('n'))), Some(Cmd::NewInitiative));
        assert_eq!(
            km.refine_command(&k(KeyCode::Char('n'))),
            Some(Cmd::RefineNext)
        );
        assert_eq!(km.refine_command(&k(KeyCode::Right)), Some(Cmd::RefineNext));
        assert_eq!(
            km.refine_command(&k(KeyCode::Char('c'))),
            Some(Cmd::AddCriterion)
        );
    }

    #[test]
    fn overrides_replace_one_command() {
        let (km, problems) = Keymap::default().with_overrides(&[
            ("quit".into(), vec!["Q".into()]),
            ("nope".into(), vec!["x".into()]),
            ("down".into(), vec!["ctrl-n".into(), "bad key".into()]),
        ]);
        assert_eq!(problems.len(), 2);
        let k = |c| KeyEvent::new(c, KeyModifiers::NONE);
        assert_eq!(km.command(&k(KeyCode::Char('q'))), None);
        assert_eq!(
            km.command(&KeyEvent::new(KeyCode::Char('Q'), KeyModifiers::SHIFT)),
            Some(Cmd::Quit)
        );
        assert_eq!(
            km.command(&KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL)),
            Some(Cmd::Down)
        );
        assert_eq!(km.command(&k(KeyCode::Char('k'))), Some(Cmd::Up));
    }
}
