//! The TUI on a PostgreSQL server, driven through the key harness: another
//! client's change shows within a second without a key (LISTEN/NOTIFY),
//! this TUI's own writes are not taken for another client's, and a lost
//! connection is told in the status line and mended by itself, with a
//! form's typed input kept throughout.

mod common;
mod postgres_common;
mod tui_common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use backlog::domain::Key;
use backlog::tui::config::Config;
use backlog::tui::{Action, App, Watcher};
use postgres_common::{PgSchema, schema};
use tui_common::{Harness, open_store};

fn key(s: &str) -> Key {
    s.parse().unwrap()
}

/// The demo on the server, and a TUI harness on it; every connection of
/// this test carries `application_name` `app` (to find them on the server).
fn on_server(s: &PgSchema, app: &str) -> Harness {
    let url = s.url_with(&format!("application_name={app}"));
    let path = PathBuf::from(&url);
    let mut store = open_store(&path);
    backlog::ops::demo::load_demo(&mut store, false).expect("load demo");
    let app = App::new(store.load().expect("load"), "server", &Config::load(None));
    let mut h = Harness {
        app,
        store,
        path,
        dir: tempfile::tempdir().unwrap(),
        effects: Vec::new(),
    };
    h.resize(120, 40);
    h
}

/// What the watcher has within `limit`, asked as often as the event loop
/// asks it when idle.
fn within(w: &mut Watcher, h: &Harness, limit: Duration) -> Option<(Action, Duration)> {
    let started = Instant::now();
    while started.elapsed() < limit {
        if let Some(a) = w.check(&h.store).unwrap() {
            return Some((a, started.elapsed()));
        }
        std::thread::sleep(w.wait());
    }
    None
}

fn message(h: &Harness) -> String {
    h.app
        .message
        .as_ref()
        .map(|m| m.0.clone())
        .unwrap_or_default()
}

/// Another client's edit, made by the real binary.
fn edit_elsewhere(s: &PgSchema, args: &[&str]) {
    let out = common::cmd_for(Path::new(&s.url))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn another_clients_change_shows_within_a_second_and_the_form_keeps_its_input() {
    let Some(s) = schema("another_clients_change_shows") else {
        return;
    };
    let mut h = on_server(&s, "live_refresh");
    let mut w = Watcher::new(&h.store).unwrap();
    assert!(w.wait() <= Duration::from_millis(250), "{:?}", w.wait());

    // Our own write is not another client's.
    h.keys("nOwn initiative<Enter>");
    assert!(
        within(&mut w, &h, Duration::from_millis(600)).is_none(),
        "own write taken for another client's"
    );

    // Half-way through typing a title, another client edits S-1.
    h.keys("nHalf-typed title");
    assert!(h.screen(120, 40).contains("Half-typed title"));
    edit_elsewhere(&s, &["edit", "S-1", "--title", "Changed elsewhere"]);
    let (reload, took) =
        within(&mut w, &h, Duration::from_secs(1)).expect("the change shown within a second");
    assert!(matches!(reload, Action::Reloaded { .. }), "{reload:?}");
    h.dispatch(reload);
    assert_eq!(
        h.app.backlog.get(key("S-1")).unwrap().title,
        "Changed elsewhere"
    );
    assert_eq!(
        message(&h),
        "Reloaded: the database was changed by another client",
        "after {took:?}"
    );
    assert!(!message(&h).contains("file"));
    assert!(h.screen(120, 40).contains("Half-typed title"), "input lost");
    assert!(w.check(&h.store).unwrap().is_none(), "only once");
}

/// Under writers that commit more often than the listener's wait step
/// (200 ms), every change still shows within a second: the listener
/// reports the first notification it reads instead of reading on until
/// the server falls quiet (which, with a team at work, it never does).
#[test]
fn changes_keep_showing_within_a_second_while_other_clients_write_without_pause() {
    let Some(s) = schema("changes_keep_showing") else {
        return;
    };
    let h = on_server(&s, "live_busy");
    let mut w = Watcher::new(&h.store).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = ["S-1", "S-2"]
        .into_iter()
        .map(|k| {
            let (url, stop) = (s.url.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut other = open_store(Path::new(&url));
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    other
                        .write("busy", |tx| {
                            tx.modify(key(k), |i| {
                                i.title = format!("busy {n}");
                                Ok(())
                            })
                        })
                        .unwrap();
                    std::thread::sleep(Duration::from_millis(20));
                }
                n
            })
        })
        .collect();
    let mut shown = Vec::new();
    for _ in 0..6 {
        // What the server has now must be on the screen within a second.
        let before = (
            h.store.get(key("S-1")).unwrap().version,
            h.store.get(key("S-2")).unwrap().version,
        );
        let started = Instant::now();
        let mut got = None;
        while started.elapsed() < Duration::from_secs(1) {
            if let Some(Action::Reloaded { backlog, .. }) = w.check(&h.store).unwrap() {
                let now = (
                    backlog.get(key("S-1")).unwrap().version,
                    backlog.get(key("S-2")).unwrap().version,
                );
                if now.0 >= before.0 && now.1 >= before.1 {
                    got = Some(started.elapsed());
                    break;
                }
            }
            std::thread::sleep(w.wait());
        }
        shown.push(got);
    }
    stop.store(true, Ordering::Relaxed);
    let written: Vec<i32> = writers.into_iter().map(|t| t.join().unwrap()).collect();
    assert!(
        shown.iter().all(Option::is_some),
        "rounds whose changes were not shown within a second: {shown:?} ({written:?} writes)"
    );
}

#[test]
fn a_lost_connection_is_told_and_mended_by_itself_keeping_the_typed_input() {
    let Some(s) = schema("a_lost_connection_is_told") else {
        return;
    };
    let app = format!("{}_lost", s.name);
    let mut h = on_server(&s, &app);
    let mut w = Watcher::new(&h.store).unwrap();
    h.keys("nTyped before the drop");

    // The server ends every connection of this TUI (as a restart does).
    let mut admin = s.admin();
    let ended: i64 = admin
        .query_one(
            "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE application_name = $1) t",
            &[&app],
        )
        .unwrap()
        .get(0);
    assert_eq!(ended, 2, "the TUI's connection and its listener");

    let (lost, _) = within(&mut w, &h, Duration::from_secs(5)).expect("the loss told");
    h.dispatch(lost);
    let told = message(&h);
    assert!(
        told.starts_with("Lost the connection to PostgreSQL at ")
            && told.ends_with("reconnecting…"),
        "{told}"
    );
    assert!(h.screen(120, 40).contains("Lost the connection"));

    // Meanwhile another client changes something.
    edit_elsewhere(&s, &["edit", "S-2", "--title", "Changed while away"]);
    let (back, _) = within(&mut w, &h, Duration::from_secs(5)).expect("reconnected");
    h.dispatch(back);
    assert!(
        message(&h).starts_with("Reconnected to PostgreSQL at "),
        "{}",
        message(&h)
    );
    assert_eq!(
        h.app.backlog.get(key("S-2")).unwrap().title,
        "Changed while away"
    );
    let screen = h.screen(120, 40);
    assert!(
        screen.contains("Typed before the drop"),
        "input lost:\n{screen}"
    );

    // The form is saved on the new connection.
    h.keys("<Enter>");
    let saved = h.reopen();
    assert!(
        saved
            .items()
            .iter()
            .any(|i| i.title == "Typed before the drop"),
        "{}",
        message(&h)
    );
}

#[test]
fn a_listener_that_cannot_start_leaves_the_tui_usable_says_so_and_retries() {
    let Some(s) = schema("a_listener_that_cannot_start") else {
        return;
    };
    edit_elsewhere(&s, &["demo"]);
    // A role allowed one connection: the TUI's own takes it, so the
    // listener's second connection is refused by the server.
    let role = format!("{}_one", s.name);
    let mut admin = s.admin();
    admin
        .batch_execute(&format!(
            "CREATE ROLE {role} LOGIN PASSWORD 'one' CONNECTION LIMIT 1; \
             GRANT USAGE ON SCHEMA {0} TO {role}; \
             GRANT ALL ON ALL TABLES IN SCHEMA {0} TO {role}; \
             GRANT ALL ON ALL SEQUENCES IN SCHEMA {0} TO {role}",
            s.name
        ))
        .unwrap();
    let url = format!(
        "postgresql://{role}:one@/?options=-csearch_path%3D{}",
        s.name
    );
    let path = PathBuf::from(&url);
    let store = open_store(&path);
    let app = App::new(store.load().expect("load"), "server", &Config::load(None));
    let mut h = Harness {
        app,
        store,
        path,
        dir: tempfile::tempdir().unwrap(),
        effects: Vec::new(),
    };
    h.resize(120, 40);

    let mut w = Watcher::new(&h.store).expect("the TUI starts without its listener");
    let (off, _) = within(&mut w, &h, Duration::from_secs(1)).expect("the failure told");
    h.dispatch(off);
    let told = message(&h);
    assert!(
        told.starts_with("Live updates are off: ")
            && told.contains("too many connections")
            && told.ends_with("retrying…"),
        "{told}"
    );
    assert!(h.screen(120, 40).contains("Live updates are off"));

    // The TUI still reads and writes meanwhile.
    h.keys("nWritten without live updates<Enter>");
    let listed = common::cmd_for(Path::new(&s.url))
        .args(["list", "--json"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&listed.stdout).contains("Written without live updates"),
        "{}",
        message(&h)
    );

    // Once the server allows the listener, it starts by itself.
    admin
        .batch_execute(&format!("ALTER ROLE {role} CONNECTION LIMIT 2"))
        .unwrap();
    let (on, _) = within(&mut w, &h, Duration::from_secs(5)).expect("the listener started");
    h.dispatch(on);
    assert!(
        message(&h).starts_with("Live updates are on: listening to PostgreSQL at "),
        "{}",
        message(&h)
    );
    edit_elsewhere(&s, &["edit", "S-1", "--title", "Seen live at last"]);
    let (reload, _) =
        within(&mut w, &h, Duration::from_secs(1)).expect("the change shown within a second");
    h.dispatch(reload);
    assert_eq!(
        h.app.backlog.get(key("S-1")).unwrap().title,
        "Seen live at last"
    );
    drop(w);
    drop(h);
    // The listener's thread ends on its own time; a role left behind in
    // the throwaway cluster harms nothing.
    let _ = admin.batch_execute(&format!("DROP OWNED BY {role}; DROP ROLE {role}"));
}

#[test]
fn the_history_names_the_role_and_application_of_each_change() {
    let Some(s) = schema("the_history_names_the_role") else {
        return;
    };
    let mut h = on_server(&s, "planning_tui");
    let out = common::cmd_for(Path::new(&s.url_with("application_name=sprint_bot")))
        .args(["edit", "S-1", "--title", "Renamed by the bot"])
        .output()
        .unwrap();
    assert!(out.status.success());
    h.dispatch(Action::Reloaded {
        backlog: Box::new(h.store.load().unwrap()),
        message: None,
    });
    let role: String = s
        .admin()
        .query_one("SELECT current_user::text", &[])
        .unwrap()
        .get(0);
    // S-1 is the first story of the first epic.
    h.keys("jlj");
    h.keys("v");
    let backlog::tui::app::Mode::History(history) = &h.app.mode else {
        panic!("no history shown: {}", message(&h));
    };
    let authors: Vec<(String, Option<String>)> = history
        .lines
        .iter()
        .map(|l| (l.summary.clone(), l.author.clone()))
        .collect();
    assert_eq!(
        authors,
        vec![
            (
                "edit S-1: title".to_string(),
                Some(format!("{role} (sprint_bot)"))
            ),
            // The demo finishes S-1 at its own time after loading it.
            (
                "edit S-1: status".to_string(),
                Some(format!("{role} (planning_tui)"))
            ),
            (
                "load the demo backlog".to_string(),
                Some(format!("{role} (planning_tui)"))
            ),
        ]
    );
    let screen = h.screen(120, 40);
    assert!(screen.contains("History of S-1"), "{screen}");
    assert!(screen.contains(&role), "{screen}");
}

#[test]
fn every_tab_on_the_server_draws_as_on_a_file() {
    let Some(s) = schema("every_tab_on_the_server") else {
        return;
    };
    let mut server = on_server(&s, "every_tab");
    let mut file = Harness::demo();
    file.app.file_name = server.app.file_name.clone();
    // Each tab, a story opened into its criteria, the Ranked tab by WSJF
    // and by epics, the Roadmap by initiatives, the Health tab's first
    // finding opened, a filter.
    for keys in [
        "1",
        "jlj<Enter>",
        "<Esc>2",
        "s",
        "t",
        "3",
        "i",
        "4",
        "5",
        "<Enter>",
        "<Esc>1",
        "/phone",
    ] {
        server.keys(keys);
        file.keys(keys);
        for (w, h) in [(120, 40), (80, 24)] {
            assert_eq!(
                server.screen(w, h),
                file.screen(w, h),
                "after {keys:?} at {w}×{h}"
            );
        }
    }
}
