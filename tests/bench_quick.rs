//! The benchmarks in quick mode: every scenario of `benches/tui.rs` once,
//! on a tiny generated backlog, untimed. Keeps the benches compiling and
//! working in CI (`cargo bench` itself is not run there).

#[path = "../benches/scenarios/mod.rs"]
mod scenarios;

use backlog::domain::{Kind, Model};
use backlog::tui::app::Tab;
use scenarios::{KEY_SCENARIOS, Session, TAB_SCENARIOS, fixture, fixture_copy, rank_all};

const STORIES: usize = 300;

#[test]
fn open_draws_the_backlog_tab() {
    let s = Session::open(&fixture(STORIES));
    let screen = s.screen();
    assert!(screen.contains("1 Backlog"), "{screen}");
    assert!(screen.contains(" stories"), "{screen}");
}

/// The first frame, drawn from the outline, is the frame the full backlog
/// draws.
#[test]
fn first_frame_from_the_outline_is_the_full_frame() {
    let path = fixture(STORIES);
    let mut s = Session::first_frame(&path);
    let first = s.screen();
    s.finish_load();
    assert_eq!(first, s.screen());
}

#[test]
fn ranking_covers_every_visible_story() {
    let s = Session::open(&fixture(STORIES));
    let visible = s
        .app
        .backlog
        .items()
        .iter()
        .filter(|i| i.kind() == Kind::Story && !s.app.backlog.is_hidden(i))
        .count();
    assert_eq!(rank_all(&s.app, Model::Rice), visible);
    assert_eq!(rank_all(&s.app, Model::Wsjf), visible);
}

#[test]
fn every_key_scenario_runs() {
    let copy = fixture_copy(STORIES);
    for sc in KEY_SCENARIOS {
        let mut s = Session::open(&copy.path);
        (sc.setup)(&mut s);
        let before = s.screen();
        (sc.step)(&mut s);
        assert_ne!(before, s.screen(), "{}: the key changed nothing", sc.name);
        (sc.reset)(&mut s);
        (sc.step)(&mut s);
        assert!(
            !matches!(s.app.message, Some((_, backlog::tui::app::Level::Error))),
            "{}: {:?}",
            sc.name,
            s.app.message
        );
    }
}

#[test]
fn every_tab_scenario_runs() {
    let copy = fixture_copy(STORIES);
    for sc in TAB_SCENARIOS {
        let mut s = Session::open(&copy.path);
        (sc.setup)(&mut s);
        s.draw();
        let before = s.screen();
        (sc.step)(&mut s);
        assert_ne!(before, s.screen(), "{}: the key changed nothing", sc.name);
        (sc.reset)(&mut s);
        (sc.step)(&mut s);
        assert!(
            !matches!(s.app.message, Some((_, backlog::tui::app::Level::Error))),
            "{}: {:?}",
            sc.name,
            s.app.message
        );
    }
}

/// The Health tab draws at once, saying the audit runs; its figures show
/// when the background job's answer is fed back.
#[test]
fn health_tab_shows_at_once_and_fills_in() {
    let mut s = Session::open(&fixture(STORIES));
    s.press(scenarios::char_key('5'));
    assert_eq!(s.app.tab, Tab::Health);
    assert_eq!(s.jobs.len(), 1, "the audit waits for the runtime");
    assert!(s.app.health.running);
    let screen = s.screen();
    assert!(screen.contains("running the audit"), "{screen}");
    assert!(
        !screen.contains("stories with acceptance criteria"),
        "{screen}"
    );
    s.finish_background();
    assert!(!s.app.health.running);
    let screen = s.screen();
    assert!(
        screen.contains("stories with acceptance criteria"),
        "{screen}"
    );
    assert!(!screen.contains("running the audit"), "{screen}");
}

/// An audit answered after the backlog changed is dropped: the newer one
/// fills the tab.
#[test]
fn a_stale_audit_answer_is_dropped() {
    let mut s = Session::open(&fixture(STORIES));
    s.press(scenarios::char_key('5'));
    let old = s.jobs.remove(0);
    // Asked again (as after a change): only the newer answer counts.
    s.press(scenarios::char_key('5'));
    s.dispatch(old.run());
    assert!(s.app.health.running, "the older answer was dropped");
    assert!(s.app.health.health.is_none());
    s.finish_background();
    assert!(s.app.health.health.is_some());
}

#[test]
fn lane_move_is_stored() {
    let copy = fixture_copy(STORIES);
    let sc = KEY_SCENARIOS
        .iter()
        .find(|s| s.name == "lane_move_roadmap")
        .unwrap();
    let mut s = Session::open(&copy.path);
    (sc.setup)(&mut s);
    assert_eq!(s.app.tab, Tab::Roadmap);
    let key = s.app.selected_roadmap_key().unwrap();
    (sc.step)(&mut s);
    assert_eq!(s.app.selected_roadmap_key(), Some(key), "selection follows");
    assert_eq!(s.app.roadmap.column, 1);
    let stored = s.store.get(key).unwrap();
    assert_eq!(stored.lane, Some(backlog::domain::Lane::Next));
}

/// The importers' scaling script in quick mode (a tiny base size, the
/// debug binary): every importer runs at 1×, 2× and 4× and reports its
/// ratio. Its timings are not checked here.
#[test]
fn importer_scaling_script_runs() {
    if !cfg!(unix) {
        return;
    }
    let out = std::process::Command::new("bash")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scripts/importer_scaling.sh"
        ))
        .arg(env!("CARGO_BIN_EXE_backlog"))
        .env("SCALE_BASE", "20")
        .output()
        .expect("run scripts/importer_scaling.sh");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for format in ["csv:", "stories:", "json:"] {
        let line = text
            .lines()
            .find(|l| l.starts_with(format))
            .unwrap_or_else(|| panic!("no {format} line in {text}"));
        assert!(line.contains("4× (80)"), "{line}");
        assert!(line.contains("ratio 4×/1×"), "{line}");
    }
}
