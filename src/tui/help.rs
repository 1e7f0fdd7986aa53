//! What `?` help lists: every command of the keymap table, grouped by the
//! scope its keys apply in, then a few notes. The view draws these lines
//! with the live keys; update scrolls through them.

use super::keymap::{Cmd, Scope};

/// One line of the help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpLine {
    /// A scope's heading.
    Heading(Scope),
    Command(Cmd),
    Blank,
    Note(&'static str),
}

const NOTES: [&str; 3] = [
    "Mouse: click selects (and switches tabs), wheel scrolls.",
    "In text fields, other keys edit the text (← → Home End Backspace).",
    "Change keys in config.toml ([keys] command = \"key\"); see the README.",
];

/// The help's lines, in order.
pub fn lines() -> Vec<HelpLine> {
    let mut out = Vec::new();
    for scope in Scope::ALL {
        out.push(HelpLine::Heading(scope));
        out.extend(
            Cmd::all()
                .filter(|c| c.scope() == scope)
                .map(HelpLine::Command),
        );
        out.push(HelpLine::Blank);
    }
    out.extend(NOTES.map(HelpLine::Note));
    out
}

/// How many lines the help holds.
pub fn line_count() -> usize {
    lines().len()
}
