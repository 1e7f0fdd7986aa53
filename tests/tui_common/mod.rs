//! Shared fixtures for the TUI tests: a store in a temp dir with a pinned
//! clock, an App on it, and a harness that drives key sequences through
//! `App::update` and the effects, the way the event loop does.
#![allow(dead_code)]

use std::path::PathBuf;

use backlog::domain::Backlog;
use backlog::domain::Key;
use backlog::store::{OpenMode, Store};
use backlog::tui::config::Config;
use backlog::tui::keymap::Cmd;
use backlog::tui::runtime::{self, Outside};
use backlog::tui::{Action, App, Effect};
use chrono::{DateTime, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use tempfile::TempDir;

/// The file name the App shows: a constant, never a temp path.
pub const FILE_NAME: &str = "fixture.db";

/// The pinned time of every write.
pub fn fixed_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 9, 1, 9, 30, 0).unwrap()
}

/// Opens (creating) a store at `path` with the pinned clock.
pub fn open_store(path: &std::path::Path) -> Store {
    let mut store = Store::open(path, OpenMode::Create).expect("open store");
    store.set_clock(Box::new(fixed_now));
    store
}

pub struct Harness {
    pub app: App,
    pub store: Store,
    pub path: PathBuf,
    /// Keeps the temp dir alive.
    pub dir: TempDir,
    /// Every effect update asked for, in order.
    pub effects: Vec<Effect>,
}

impl Harness {
    /// An empty backlog file.
    pub fn empty() -> Harness {
        Harness::build(false, &Config::load(None))
    }

    /// The demo backlog, loaded with the pinned clock.
    pub fn demo() -> Harness {
        Harness::build(true, &Config::load(None))
    }

    /// The demo backlog, with the App on `config`.
    pub fn demo_with(config: &Config) -> Harness {
        Harness::build(true, config)
    }

    fn build(demo: bool, config: &Config) -> Harness {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(FILE_NAME);
        let mut store = open_store(&path);
        if demo {
            backlog::ops::demo::load_demo(&mut store, false).expect("load demo");
        }
        let backlog = store.load().expect("load");
        let app = App::new(backlog, FILE_NAME, config);
        let mut h = Harness {
            app,
            store,
            path,
            dir,
            effects: Vec::new(),
        };
        h.resize(120, 40);
        h
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.dispatch(Action::Resize { width, height });
    }

    /// Feeds one action to update and runs the effects it returns, feeding
    /// their results back: the event loop's `runtime::step`, clock and all.
    pub fn dispatch(&mut self, action: Action) {
        let mut recorder = Recorder {
            effects: &mut self.effects,
        };
        runtime::step(&mut self.app, &mut self.store, action, &mut recorder).expect("step");
    }

    /// Draws without colour (or with), as `NO_COLOR` asks on opening.
    pub fn set_no_color(&mut self, no_color: bool) {
        let read_only = self.app.read_only;
        self.dispatch(Action::Opened {
            read_only,
            no_color,
        });
    }

    /// One key, routed like the event loop: raw input while a text field,
    /// filter, picker, palette or dialog is open, else through the keymap.
    pub fn key(&mut self, k: KeyEvent) {
        if self.app.quit {
            return;
        }
        if let Some(a) = self.app.action_for_key(k) {
            self.dispatch(a);
        }
    }

    /// Types a key sequence: plain characters, and `<Name>` for special
    /// keys: `<Enter> <Esc> <Tab> <BackTab> <BS> <Up> <Down> <Space>
    /// <C-r> <C-u> <A-Enter> <PgDn> <PgUp> <lt>`.
    pub fn keys(&mut self, seq: &str) {
        for k in parse_keys(seq) {
            self.key(k);
        }
    }

    /// Runs a command directly.
    pub fn cmd(&mut self, c: Cmd) {
        self.dispatch(Action::Command(c));
    }

    /// The file as another connection sees it now.
    pub fn reopen(&self) -> Backlog {
        Store::open(&self.path, OpenMode::Existing)
            .expect("reopen")
            .load()
            .expect("load")
    }

    /// Draws the app on a TestBackend of the given size; returns the screen
    /// as text.
    pub fn screen(&mut self, width: u16, height: u16) -> String {
        self.resize(width, height);
        render(&self.app, width, height)
    }
}

/// The tests' side of the runtime: every effect recorded; no editor, so
/// the user saves the description unchanged.
struct Recorder<'a> {
    effects: &'a mut Vec<Effect>,
}

impl Outside for Recorder<'_> {
    fn edit_description(
        &mut self,
        key: Key,
        version: i64,
        _text: String,
    ) -> anyhow::Result<Action> {
        Ok(Action::Edited {
            key,
            version,
            text: None,
        })
    }

    fn observe(&mut self, effect: &Effect) {
        self.effects.push(effect.clone());
    }
}

/// Draws `app` on a fresh TestBackend and returns the screen as text.
pub fn render(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal
        .draw(|f| backlog::tui::views::draw(f, app))
        .expect("draw");
    buffer_text(terminal.backend().buffer())
}

/// The buffer as text, one line per row, trailing blanks trimmed. The cell
/// after a double-width character is skipped, so rows read as they look.
pub fn buffer_text(buf: &Buffer) -> String {
    use unicode_width::UnicodeWidthStr;
    let area = buf.area;
    let mut out = String::new();
    for y in area.y..area.y + area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in area.x..area.x + area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = sym.width().saturating_sub(1);
            line.push_str(sym);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

pub fn parse_keys(seq: &str) -> Vec<KeyEvent> {
    let mut out = Vec::new();
    let mut chars = seq.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '<' {
            let mut name = String::new();
            for d in chars.by_ref() {
                if d == '>' {
                    break;
                }
                name.push(d);
            }
            out.push(named_key(&name));
        } else {
            out.push(char_key(c));
        }
    }
    out
}

/// A character as crossterm reports it: uppercase letters carry SHIFT.
pub fn char_key(c: char) -> KeyEvent {
    let m = if c.is_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    KeyEvent::new(KeyCode::Char(c), m)
}

fn named_key(name: &str) -> KeyEvent {
    let none = KeyModifiers::NONE;
    match name {
        "Enter" => KeyEvent::new(KeyCode::Enter, none),
        "A-Enter" => KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT),
        "Esc" => KeyEvent::new(KeyCode::Esc, none),
        "Tab" => KeyEvent::new(KeyCode::Tab, none),
        "BackTab" => KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
        "BS" => KeyEvent::new(KeyCode::Backspace, none),
        "Up" => KeyEvent::new(KeyCode::Up, none),
        "Down" => KeyEvent::new(KeyCode::Down, none),
        "Left" => KeyEvent::new(KeyCode::Left, none),
        "Right" => KeyEvent::new(KeyCode::Right, none),
        "Space" => KeyEvent::new(KeyCode::Char(' '), none),
        "PgDn" => KeyEvent::new(KeyCode::PageDown, none),
        "PgUp" => KeyEvent::new(KeyCode::PageUp, none),
        "lt" => KeyEvent::new(KeyCode::Char('<'), none),
        n if n.starts_with("C-") && n.len() == 3 => KeyEvent::new(
            KeyCode::Char(n.chars().nth(2).unwrap()),
            KeyModifiers::CONTROL,
        ),
        other => panic!("unknown key name <{other}>"),
    }
}
