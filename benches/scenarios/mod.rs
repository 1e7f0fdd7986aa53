//! The benchmark scenarios, shared by the criterion benches
//! (`benches/tui.rs`, timed) and by `tests/bench_quick.rs` (CI: each
//! scenario once on a tiny backlog, untimed, so they keep compiling and
//! working).
//!
//! A scenario drives the real `App` the way the event loop does: a key
//! becomes an `Action` (through the live keymap), `App::update` returns
//! effects, effects run against a real `Store` on a real SQLite file, and
//! the screen is drawn to a ratatui `TestBackend` of 200×50.
#![allow(dead_code)]

// The TUI tests' key and screen helpers, shared rather than copied.
#[path = "../../tests/tui_common/mod.rs"]
mod tui_common;
pub use tui_common::{buffer_text, char_key};

use std::path::{Path, PathBuf};

use backlog::domain::Key;
use backlog::domain::{Kind, Model};
use backlog::generate::{GENERATOR_VERSION, Spec};
use backlog::store::{
    OpenMode, Store,
    schema::{LATEST_VERSION, STEPS},
};
use backlog::tui::app::Tab;
use backlog::tui::background::AuditJob;
use backlog::tui::config::Config;
use backlog::tui::runtime::{self, Outside};
use backlog::tui::{Action, App};
use chrono::{DateTime, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

pub const WIDTH: u16 = 200;
pub const HEIGHT: u16 = 50;
pub const SEED: u64 = 1;

/// The pinned time of generated items and of every write.
pub fn fixed_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 9, 1, 9, 30, 0).unwrap()
}

/// A generated backlog of `stories` stories, made once and cached in the
/// temp directory (named after size, seed, generator and schema version,
/// so a change to any of them makes a new one).
pub fn fixture(stories: usize) -> PathBuf {
    let dir = std::env::temp_dir().join("backlog-bench");
    std::fs::create_dir_all(&dir).expect("bench cache dir");
    // The schema's text too: two builds may number different migrations
    // alike (branches in flight), and must not share a fixture.
    let schema = STEPS
        .iter()
        .flat_map(|s| s.bytes())
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
    let path = dir.join(format!(
        "stories-{stories}-seed-{SEED}-gen-{GENERATOR_VERSION}-schema-{LATEST_VERSION}-{schema:016x}.db"
    ));
    if path.exists() {
        return path;
    }
    // Written under another name and renamed: a half-written file is never
    // taken for a fixture.
    // Unique per process and thread: tests may build the same one at once.
    let tmp = dir.join(format!(
        "{stories}.{}.{:?}.tmp",
        std::process::id(),
        std::thread::current().id()
    ));
    let _ = std::fs::remove_file(&tmp);
    {
        let mut store = Store::open(&tmp, OpenMode::Create).expect("create fixture");
        backlog::generate::write(&mut store, Spec::new(stories, SEED), fixed_now(), false)
            .expect("generate fixture");
    }
    for ext in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", tmp.display()));
    }
    if let Err(e) = std::fs::rename(&tmp, &path) {
        // Another thread got there first: its fixture is the same.
        assert!(path.exists(), "rename fixture: {e}");
        let _ = std::fs::remove_file(&tmp);
    }
    path
}

/// A private copy of the fixture, for scenarios that write.
pub struct Copy {
    pub path: PathBuf,
    _dir: tempfile::TempDir,
}

pub fn fixture_copy(stories: usize) -> Copy {
    let src = fixture(stories);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bench.db");
    std::fs::copy(&src, &path).expect("copy fixture");
    Copy { path, _dir: dir }
}

/// An open file, the App on it and a 200×50 test terminal.
pub struct Session {
    pub app: App,
    pub store: Store,
    pub terminal: Terminal<TestBackend>,
    /// Background jobs asked for and not yet run (the event loop runs them
    /// on threads; a scenario runs them when it says so).
    pub jobs: Vec<AuditJob>,
}

impl Session {
    /// What `backlog` does on start, until it reads the first key: the
    /// first frame, then the full load and a redraw.
    pub fn open(path: &Path) -> Session {
        let mut s = Session::first_frame(path);
        s.finish_load();
        s
    }

    /// What `backlog` does on start up to the first frame of the Backlog
    /// tab: open the file, read its outline, build the App, draw.
    pub fn first_frame(path: &Path) -> Session {
        let mut store = Store::open(path, OpenMode::Existing).expect("open");
        store.set_clock(Box::new(fixed_now));
        let backlog = store.load_outline().expect("load outline");
        let app = App::new(backlog, "bench.db", &Config::load(None));
        let terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("terminal");
        let mut s = Session {
            app,
            store,
            terminal,
            jobs: Vec::new(),
        };
        s.dispatch(Action::Resize {
            width: WIDTH,
            height: HEIGHT,
        });
        s.draw();
        s
    }

    /// After the first frame: the full backlog replaces the outline, and
    /// the screen is drawn again (as `backlog` does before reading keys).
    pub fn finish_load(&mut self) {
        let backlog = self.store.load().expect("load");
        self.dispatch(Action::Reloaded {
            backlog: Box::new(backlog),
            message: None,
        });
        self.draw();
    }

    /// Runs an action and the effects it asks for: the event loop's
    /// `runtime::step`, clock and all.
    pub fn dispatch(&mut self, action: Action) {
        let mut outside = NoEditor {
            jobs: &mut self.jobs,
        };
        runtime::step(&mut self.app, &mut self.store, action, &mut outside).expect("step");
    }

    /// Runs the background jobs asked for so far (the Health tab's audit)
    /// and feeds their answers back, as the event loop does when they come
    /// back from their threads; then redraws.
    pub fn finish_background(&mut self) {
        while !self.jobs.is_empty() {
            for job in std::mem::take(&mut self.jobs) {
                self.dispatch(job.run());
            }
        }
        self.draw();
    }

    /// One key, routed as the event loop routes it.
    pub fn key(&mut self, k: KeyEvent) {
        if let Some(a) = self.app.action_for_key(k) {
            self.dispatch(a);
        }
    }

    pub fn char(&mut self, c: char) {
        self.key(char_key(c));
    }

    pub fn code(&mut self, code: KeyCode) {
        self.key(KeyEvent::new(code, KeyModifiers::NONE));
    }

    pub fn draw(&mut self) {
        let app = &self.app;
        self.terminal
            .draw(|f| backlog::tui::views::draw(f, app))
            .expect("draw");
    }

    /// One key and the redraw that follows it: what a keypress costs.
    pub fn press(&mut self, k: KeyEvent) {
        self.key(k);
        self.draw();
    }

    /// The screen as text (for checks).
    pub fn screen(&self) -> String {
        buffer_text(self.terminal.backend().buffer())
    }
}

/// The benches' side of the runtime: no editor (no scenario opens one),
/// so a description comes back unchanged; background jobs wait in the
/// session until [`Session::finish_background`].
struct NoEditor<'a> {
    jobs: &'a mut Vec<AuditJob>,
}

impl Outside for NoEditor<'_> {
    fn background(&mut self, job: AuditJob) -> Option<Action> {
        self.jobs.push(job);
        None
    }

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
}

/// A keypress scenario: `setup` once, then repeatedly `step` (timed: one
/// key and the redraw) followed by `reset` (untimed: puts things back so
/// the next step does the same work).
pub struct KeyScenario {
    pub name: &'static str,
    pub setup: fn(&mut Session),
    pub step: fn(&mut Session),
    pub reset: fn(&mut Session),
}

fn nothing(_: &mut Session) {}

/// Selects the first collapsed epic that has stories.
fn select_collapsed_epic(s: &mut Session) {
    let i = s
        .app
        .tree
        .rows
        .iter()
        .position(|r| r.key.kind == Kind::Epic && r.has_children && !r.expanded)
        .expect("a collapsed epic");
    // Through update, as a user would: to the top, then down `i` rows.
    s.dispatch(Action::Command(backlog::tui::keymap::Cmd::Top));
    s.dispatch(Action::Scroll(i as i32));
}

pub const KEY_SCENARIOS: &[KeyScenario] = &[
    KeyScenario {
        name: "move_down",
        setup: nothing,
        step: |s| s.press(char_key('j')),
        reset: |s| s.char('k'),
    },
    KeyScenario {
        name: "expand_node",
        setup: select_collapsed_epic,
        step: |s| s.press(char_key('l')),
        reset: |s| s.char('h'),
    },
    KeyScenario {
        name: "filter_keystroke",
        // The filter holds "pay"; the step types one more letter.
        setup: |s| {
            s.char('/');
            for c in "pay".chars() {
                s.char(c);
            }
        },
        step: |s| s.press(char_key('m')),
        reset: |s| s.code(KeyCode::Backspace),
    },
    KeyScenario {
        name: "filter_first_keystroke",
        setup: |s| s.char('/'),
        step: |s| s.press(char_key('p')),
        reset: |s| s.code(KeyCode::Backspace),
    },
    KeyScenario {
        name: "switch_sort_backlog_tab",
        setup: nothing,
        step: |s| s.press(char_key('s')),
        reset: nothing,
    },
    KeyScenario {
        name: "switch_sort_ranked_tab",
        setup: |s| s.char('2'),
        step: |s| s.press(char_key('s')),
        reset: nothing,
    },
    KeyScenario {
        name: "lane_move_roadmap",
        // The selected epic card in Now moves to Next (stored, undoable),
        // and back (untimed) for the next round; the selection follows it.
        setup: |s| {
            s.char('3');
            assert!(!s.app.roadmap_cards(0).is_empty(), "cards in Now");
        },
        step: |s| s.press(char_key('L')),
        reset: |s| s.char('H'),
    },
    KeyScenario {
        name: "toggle_criterion",
        setup: |s| {
            select_collapsed_epic(s);
            s.char('l');
            s.char('j');
            s.code(KeyCode::Tab);
            assert_eq!(
                s.app.focus,
                backlog::tui::app::Focus::Criteria,
                "criteria focused"
            );
        },
        step: |s| s.press(KeyEvent::new(KeyCode::Char(' '), KeyModifiers::NONE)),
        reset: nothing,
    },
];

/// Opening each of the five tabs from another one: one key and the
/// redraw; `reset` goes back (untimed). The Ranked tab's rows are kept
/// while nothing changes, so its reset marks them stale to time the sort.
pub const TAB_SCENARIOS: &[KeyScenario] = &[
    KeyScenario {
        name: "open_tab_backlog",
        setup: |s| s.char('2'),
        step: |s| s.press(char_key('1')),
        reset: |s| s.char('2'),
    },
    KeyScenario {
        name: "open_tab_ranked",
        setup: nothing,
        step: |s| s.press(char_key('2')),
        // Back, and the sort model switched there and back again: the
        // rows are stale, as after any change.
        reset: |s| {
            s.char('1');
            s.char('s');
            s.char('s');
        },
    },
    KeyScenario {
        name: "open_tab_refine",
        setup: nothing,
        step: |s| s.press(char_key('4')),
        reset: |s| s.char('1'),
    },
    KeyScenario {
        name: "open_tab_roadmap",
        setup: nothing,
        step: |s| s.press(char_key('3')),
        reset: |s| s.char('1'),
    },
    // The frame shows at once; the audit runs in the background (here:
    // untimed, in reset).
    KeyScenario {
        name: "open_tab_health",
        setup: nothing,
        step: |s| s.press(char_key('5')),
        reset: |s| {
            s.finish_background();
            s.char('1');
        },
    },
    // The audit itself, until its figures show.
    KeyScenario {
        name: "health_audit_filled",
        setup: nothing,
        step: |s| {
            s.press(char_key('5'));
            s.finish_background();
        },
        reset: |s| s.char('1'),
    },
];

/// Every visible story ranked by `model` (what the Ranked tab sorts).
pub fn rank_all(app: &App, model: Model) -> usize {
    app.backlog.ranked(Kind::Story, model).len()
}

/// Checks that the session is where a scenario expects it.
pub fn on_tab(s: &Session, tab: Tab) -> bool {
    s.app.tab == tab
}
