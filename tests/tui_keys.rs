//! Every key the TUI reacts to is in the keymap table (so `?` help shows
//! it and the config file can change it), modal keys included; and the
//! App runs on the store's clock in tests as in the event loop.

#[path = "tui_common/mod.rs"]
mod common;

use backlog::tui::app::{Mode, Tab};
use backlog::tui::config::Config;
use backlog::tui::keymap::{Cmd, Scope};
use common::{Harness, char_key, fixed_now, render};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Keys a user can press: printable characters (capitals with Shift),
/// named keys, Ctrl-letters and a few Alt keys.
fn candidate_keys() -> Vec<KeyEvent> {
    let mut keys: Vec<KeyEvent> = (' '..='~').map(char_key).collect();
    let none = KeyModifiers::NONE;
    for code in [
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Tab,
        KeyCode::Backspace,
        KeyCode::Delete,
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::Home,
        KeyCode::End,
        KeyCode::PageUp,
        KeyCode::PageDown,
        KeyCode::F(1),
        KeyCode::F(5),
    ] {
        keys.push(KeyEvent::new(code, none));
    }
    keys.push(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
    for c in 'a'..='z' {
        keys.push(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    }
    for code in [KeyCode::Enter, KeyCode::Char('x'), KeyCode::Up] {
        keys.push(KeyEvent::new(code, KeyModifiers::ALT));
    }
    keys
}

/// What a key may change. Text contexts leave out what typing changes
/// (the text, the filter's rows, a search line's matches).
#[derive(Debug, PartialEq)]
struct Fingerprint {
    tab: Tab,
    mode: String,
    message: Option<String>,
    lists: Option<String>,
    quit: bool,
    effects: usize,
    model: String,
}

fn fingerprint(h: &Harness) -> Fingerprint {
    let app = &h.app;
    let (mode, text) = match &app.mode {
        Mode::Normal => match &app.deps {
            Some(d) => (
                format!("deps {} {:?} {}", d.focus, d.state, d.rows.len()),
                false,
            ),
            None => ("normal".to_string(), false),
        },
        Mode::Filter => ("filter".to_string(), true),
        Mode::Form(f) => (
            format!("form field {} pending {} {:?}", f.focus, f.pending, f.title),
            true,
        ),
        Mode::Picker(p) => (format!("picker {:?}", p.title), p.searchable),
        Mode::Palette(_) => ("palette".to_string(), true),
        Mode::Help { scroll } => (format!("help {scroll}"), false),
        Mode::History(h) => (format!("history {} {}", h.key, h.scroll), false),
        Mode::Confirm(c) => (format!("confirm {:?}", c.message), false),
    };
    let picker_choice = match &app.mode {
        Mode::Picker(p) if !p.searchable => p.selected,
        _ => 0,
    };
    Fingerprint {
        tab: app.tab,
        mode,
        message: app.message.as_ref().map(|m| m.0.clone()),
        lists: (!text).then(|| {
            format!(
                "{:?} {:?} {} {:?} {} {:?} {} {} {}",
                app.tree.state,
                app.ranked.state,
                app.roadmap.column,
                app.roadmap.selected,
                app.refine.pos,
                app.health.state,
                app.criterion,
                app.filter,
                picker_choice,
            )
        }),
        quit: app.quit,
        effects: h.effects.len(),
        model: format!("{:?} {:?}", app.model, app.theme),
    }
}

/// The situations with keys of their own, each from the demo backlog.
const CONTEXTS: &[(&str, &str)] = &[
    ("backlog tab", ""),
    ("ranked tab", "2"),
    ("roadmap tab", "3"),
    ("refine tab", "4"),
    ("health tab", "5"),
    ("help", "?"),
    ("confirm", "d"),
    ("filter line", "/"),
    ("form", "n"),
    ("multi-line field", "je<BackTab>"),
    ("searchable picker", "jm"),
    ("picker without search", "S"),
    ("palette", ":"),
    ("dependency view", "jjjbj"),
];

#[test]
fn every_key_the_tui_reacts_to_is_in_the_keymap_table() {
    let keys = candidate_keys();
    for (name, setup) in CONTEXTS {
        let mut h = Harness::demo();
        h.keys(setup);
        let opened = fingerprint(&h);
        assert!(
            name.ends_with("tab") || opened.mode != "normal",
            "{name}: the setup opens it"
        );
        let mut unbound = 0;
        for k in &keys {
            if h.app.command_for(k).is_some() {
                continue;
            }
            unbound += 1;
            let before = fingerprint(&h);
            h.key(*k);
            assert_eq!(
                fingerprint(&h),
                before,
                "{name}: {k:?} is in no scope of the keymap, yet the TUI reacted"
            );
        }
        assert!(unbound > 0, "{name}: some keys are unbound");
    }
}

#[test]
fn each_context_has_its_scopes() {
    let cases: [(&str, &[Scope]); 11] = [
        ("?", &[Scope::Help, Scope::Global]),
        ("d", &[Scope::Confirm]),
        ("/", &[Scope::Filter]),
        ("n", &[Scope::Form]),
        ("e<BackTab>", &[Scope::Field, Scope::Form]),
        ("jm", &[Scope::Picker]),
        ("S", &[Scope::ListPicker, Scope::Picker]),
        (":", &[Scope::Palette]),
        ("jjjb", &[Scope::Deps, Scope::Global]),
        ("3b", &[Scope::Deps, Scope::Roadmap, Scope::Global]),
        ("4b", &[Scope::Deps, Scope::Refine, Scope::Global]),
    ];
    for (setup, scopes) in cases {
        let mut h = Harness::demo();
        h.keys(setup);
        assert_eq!(h.app.scopes(), scopes, "after {setup}");
    }
}

#[test]
fn help_lists_every_command_with_its_keys_under_its_scope() {
    let mut h = Harness::demo();
    h.keys("?");
    let lines = backlog::tui::help::line_count() as u16;
    let text = render(&h.app, 120, lines + 6);
    for scope in Scope::ALL {
        assert!(text.contains(scope.title()), "heading {}", scope.title());
    }
    for cmd in Cmd::all() {
        let row = text
            .lines()
            .find(|l| {
                // Long descriptions are cut to the column's width.
                let start: String = cmd.description().chars().take(30).collect();
                l.contains(&format!(" {}", cmd.name())) && l.contains(&start)
            })
            .unwrap_or_else(|| panic!("{} not in help:\n{text}", cmd.name()));
        let keys = h.app.keymap.label(cmd);
        assert!(
            row.contains(&keys),
            "{} shows its keys {keys}: {row}",
            cmd.name()
        );
    }
}

#[test]
fn modal_keys_come_from_the_config_file() {
    let mut config = Config::load(None);
    config.apply(
        "[keys]\nconfirm-yes = \"o\"\nfilter-clear = \"ctrl-g\"\nform-save = \"ctrl-s\"\n",
        "test",
    );
    assert!(config.warnings.is_empty(), "{:?}", config.warnings);
    let mut h = Harness::demo_with(&config);
    // Archive asks; `y` no longer answers, `o` does.
    h.keys("jd");
    h.keys("y");
    assert!(matches!(h.app.mode, Mode::Confirm(_)), "y is not bound");
    h.keys("o");
    assert!(matches!(h.app.mode, Mode::Normal));
    assert!(h.app.message.as_ref().unwrap().0.starts_with("Saved"));
    // The filter clears with Ctrl-g (and Esc types nothing).
    h.keys("/pay<C-g>");
    assert!(matches!(h.app.mode, Mode::Normal));
    assert!(h.app.filter.is_empty());
    // The new-item form saves with Ctrl-s; Enter does not.
    h.keys("nFrom the config<Enter>");
    assert!(matches!(h.app.mode, Mode::Form(_)), "Enter is not bound");
    let screen = render(&h.app, 80, 24);
    assert!(
        screen.contains("Ctrl-s saves"),
        "the form says so:\n{screen}"
    );
    h.keys("<C-s>");
    assert!(matches!(h.app.mode, Mode::Normal));
    let titles: Vec<String> = h.reopen().items().iter().map(|i| i.title.clone()).collect();
    assert!(titles.iter().any(|t| t == "From the config"), "{titles:?}");
    // The help scrolls with its own keys only: rebound, `j` is the global
    // move-down command again, which closes the help.
    let mut c = Config::load(None);
    c.apply("[keys]\nhelp-down = \"ctrl-n\"\n", "test");
    let mut other = Harness::demo_with(&c);
    other.keys("?<C-n>");
    assert!(matches!(other.app.mode, Mode::Help { scroll: 1 }));
    other.keys("j");
    assert!(matches!(other.app.mode, Mode::Normal));
    // Help shows the keys as configured.
    h.keys("?");
    let text = render(&h.app, 120, backlog::tui::help::line_count() as u16 + 6);
    let row = text.lines().find(|l| l.contains("confirm-yes")).unwrap();
    assert!(row.contains("│o "), "{row}");
}

#[test]
fn the_app_runs_on_the_stores_clock() {
    let mut h = Harness::demo();
    assert_eq!(
        h.app.now,
        fixed_now(),
        "the clock is set before the first action"
    );
    assert_eq!(
        h.app.refine.since,
        Some(fixed_now()),
        "the session starts then"
    );
    // A decision is dated today, the store's today.
    h.keys("jDShip it<Tab>Because<Enter>");
    assert!(matches!(h.app.mode, Mode::Normal));
    let k = h.app.selected_key().unwrap();
    let item = h.reopen().get(k).unwrap().clone();
    assert_eq!(
        item.decisions.last().unwrap().date,
        fixed_now().date_naive()
    );
    // A snapshot is named after today.
    h.keys("3t");
    let Mode::Form(form) = &h.app.mode else {
        panic!("snapshot form")
    };
    assert_eq!(form.value(0), "2026-09-01");
}

#[test]
fn the_config_file_documents_the_keys_of_what_is_open() {
    let text = backlog::tui::config::DEFAULT_CONFIG;
    for cmd in Cmd::all().filter(|c| c.scope().is_modal()) {
        assert!(
            text.contains(&format!("\n# {} = ", cmd.name())),
            "assets/config.toml documents {}",
            cmd.name()
        );
    }
}
