//! The terminal UI: setup and teardown, the event loop, App state, update,
//! views, keymap and theme. Nothing else depends on this module.
//!
//! Shape (docs/ARCHITECTURE.md, "The TUI"): terminal events become
//! [`Action`]s; [`App::update`] is the only place state changes and
//! returns [`Effect`]s; [`runtime::step`] runs those against the store
//! and feeds the results back. Views only draw; `layout` is the geometry
//! both views and update ask. The screen is redrawn only after
//! something changed; while idle, the loop asks [`refresh::Watcher`] for
//! changes made by other processes or clients (a file's change token, a
//! server's pushed notifications).

pub mod action;
pub mod app;
pub mod background;
pub mod config;
pub mod deps_view;
pub mod effect;
mod effect_report;
pub mod form;
mod health_outcome_rows;
mod health_planning;
pub mod health_rows;
pub mod help;
pub mod history;
mod insights_effect;
pub mod insights_state;
mod insights_update;
pub mod keymap;
pub mod layout;
mod new_item_form;
pub mod panel;
pub mod planning_state;
pub mod refine_body;
pub mod refresh;
pub mod rice_evidence;
pub mod rows;
pub mod runtime;
mod story_edit;
pub mod tab;
pub mod tab_state;
pub mod terminal;
pub mod theme;
pub mod update;
mod update_archive;
mod update_checkin;
mod update_criteria;
mod update_deps;
mod update_forms;
mod update_health;
mod update_input;
mod update_links;
mod update_metrics;
mod update_planning;
mod update_popups;
mod update_refine;
mod update_roadmap;
pub mod views;
pub mod widgets;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};
use crossterm::event::{self, Event, KeyEventKind, MouseEventKind};

pub use action::{Action, Effect};
pub use app::App;
pub use refresh::Watcher;
pub use runtime::step;

use crate::domain::text::shown_path;
use crate::store::{OpenMode, Store};

/// How often the loop looks for a background job's answer while one runs.
const JOB_INTERVAL: Duration = Duration::from_millis(10);

/// Opens the TUI on `path`; with `demo`, on a throwaway copy of the demo
/// backlog in a temporary directory that is removed on exit.
pub fn run(path: &Path, demo: bool) -> Result<()> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        anyhow::bail!(
            "the TUI needs a terminal; to script backlog, run a command (`backlog --help` lists them)"
        );
    }
    let _tmp;
    let path: PathBuf = if demo {
        let dir = tempfile::Builder::new().prefix("backlog-demo-").tempdir()?;
        let p = dir.path().join("demo.db");
        let mut store = Store::open(&p, OpenMode::Create)?;
        crate::ops::demo::load_demo(&mut store, false)?;
        _tmp = dir;
        p
    } else {
        path.to_path_buf()
    };
    let mode = if demo {
        OpenMode::Existing
    } else {
        OpenMode::Create
    };
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
        && !dir.exists()
        && crate::store::default_path().as_deref() == Some(path.as_path())
    {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create {}", shown_path(dir)))?;
    }
    let mut store = Store::open(&path, mode)?;
    // The first frame comes from a quick outline (stories folded, so only
    // their keys and flags matter); the full backlog replaces it before
    // any key is read. See docs/PERFORMANCE.md.
    let backlog = store.load_outline()?;
    let config = config::Config::load(config::default_path().as_deref());
    let on_server = store.on_server();
    let name = if demo {
        "demo (throwaway copy)".to_string()
    } else if on_server {
        // The server's URL without its password.
        store.path().display().to_string()
    } else {
        path.file_name()
            .map_or(shown_path(&path), |n| n.to_string_lossy().into_owned())
    };
    let mut app = App::new(backlog, name, &config);
    let read_only = store.is_read_only();
    let mut opening = vec![Action::Opened {
        read_only,
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
    }];
    if let Some((from, copy)) = store.upgraded_from() {
        opening.push(Action::Notice(format!(
            "Upgraded the file from schema {from}; the file as it was is kept in {}",
            shown_path(copy)
        )));
    }
    if read_only {
        opening.push(Action::Notice(format!(
            "{} is read-only: you can look, not change",
            shown_path(store.path())
        )));
    }

    let (mut terminal, _guard) = terminal::setup()?;
    exit_on_hangup(demo.then(|| path.parent().map(Path::to_path_buf)).flatten());
    let size = terminal.size()?;
    opening.push(Action::Resize {
        width: size.width,
        height: size.height,
    });
    let jobs = background::Background::default();
    let mut outside = Editor {
        terminal: &mut terminal,
        jobs: &jobs,
    };
    for action in opening {
        runtime::step(&mut app, &mut store, action, &mut outside)?;
    }
    terminal.draw(|f| views::draw(f, &app))?;
    // The change token is read before the full load: a commit by another
    // process in between is then seen by the loop (and reloaded), never
    // taken as already loaded.
    let watcher = Watcher::new(&store)?;
    let full = Action::Reloaded {
        backlog: Box::new(store.load()?),
        message: None,
    };
    runtime::step(
        &mut app,
        &mut store,
        full,
        &mut Editor {
            terminal: &mut terminal,
            jobs: &jobs,
        },
    )?;
    event_loop(&mut terminal, &mut app, &mut store, &jobs, watcher)
}

/// Ends the process when the terminal hangs up (window closed, connection
/// dropped). Reading a hung-up terminal returns at once, and crossterm's
/// `poll` then loops forever at full CPU, out of the event loop's reach:
/// the loop never sees [`stop_flag`]'s SIGHUP, and with SIGHUP ignored
/// (nohup, `trap '' HUP`) there is no signal at all. Nothing can be shown
/// or typed any more; every change is already committed (a write cut short
/// rolls back, as after a crash). `demo_dir`: the throwaway demo to remove.
fn exit_on_hangup(demo_dir: Option<PathBuf>) {
    use std::io::IsTerminal;
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(500));
            if !std::io::stdin().is_terminal() {
                if let Some(dir) = &demo_dir {
                    let _ = std::fs::remove_dir_all(dir);
                }
                // 128 + SIGHUP, as if the signal had ended us.
                std::process::exit(129);
            }
        }
    });
}

/// Set when the process is asked to stop (SIGTERM, SIGHUP: a closed
/// terminal window), so the loop ends normally: terminal restored, the
/// `--demo` copy removed. Every change is already saved.
fn stop_flag() -> std::sync::Arc<std::sync::atomic::AtomicBool> {
    let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    #[cfg(unix)]
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        // Failing to register only means a signal ends the process the
        // hard way, as it would without this.
        let _ = signal_hook::flag::register(sig, flag.clone());
    }
    flag
}

fn event_loop(
    terminal: &mut terminal::Term,
    app: &mut App,
    store: &mut Store,
    jobs: &background::Background,
    mut watcher: Watcher,
) -> Result<()> {
    let mut dirty = true;
    let stop = stop_flag();
    while !app.quit {
        if stop.load(std::sync::atomic::Ordering::Relaxed) {
            break;
        }
        if dirty {
            terminal.draw(|f| views::draw(f, app))?;
            dirty = false;
            if cfg!(debug_assertions) && std::env::var_os("BACKLOG_TEST_PANIC").is_some() {
                panic!("test panic requested by BACKLOG_TEST_PANIC");
            }
        }
        // While an audit runs, look for its answer often.
        let wait = if app.health.running {
            JOB_INTERVAL
        } else {
            watcher.wait()
        };
        if event::poll(wait)? {
            let action = match event::read()? {
                Event::Key(k) if k.kind != KeyEventKind::Release => app.action_for_key(k),
                Event::Mouse(m) => match m.kind {
                    MouseEventKind::Down(_) => Some(Action::Click {
                        column: m.column,
                        row: m.row,
                    }),
                    MouseEventKind::ScrollDown => Some(Action::Scroll(3)),
                    MouseEventKind::ScrollUp => Some(Action::Scroll(-3)),
                    _ => None,
                },
                Event::Resize(width, height) => Some(Action::Resize { width, height }),
                _ => None,
            };
            if let Some(a) = action {
                runtime::step(app, store, a, &mut Editor { terminal, jobs })?;
                dirty = true;
            }
        }
        for done in jobs.ready() {
            runtime::step(app, store, done, &mut Editor { terminal, jobs })?;
            dirty = true;
        }
        // Has another process or client committed? Checked after every
        // event as well as when idle, so a busy user sees it too.
        if !app.quit
            && let Some(reload) = watcher.check(store)?
        {
            runtime::step(app, store, reload, &mut Editor { terminal, jobs })?;
            dirty = true;
        }
    }
    Ok(())
}

/// The event loop's side of the runtime: `$EDITOR` on the real terminal,
/// long jobs on threads.
struct Editor<'a> {
    terminal: &'a mut terminal::Term,
    jobs: &'a background::Background,
}

impl runtime::Outside for Editor<'_> {
    fn background(&mut self, job: background::AuditJob) -> Option<Action> {
        self.jobs.spawn(job);
        None
    }

    fn edit_description(
        &mut self,
        key: crate::domain::Key,
        version: i64,
        text: String,
    ) -> Result<Action> {
        let edited = terminal::suspend(self.terminal, || edit_in_editor(&text))?;
        Ok(match edited {
            Ok(new) => Action::Edited {
                key,
                version,
                text: (new != text).then_some(new),
            },
            Err(e) => Action::Failed(format!("$EDITOR failed: {e}")),
        })
    }
}

/// Runs `$VISUAL` / `$EDITOR` (default `vi`) on a temporary Markdown file.
fn edit_in_editor(text: &str) -> Result<String> {
    let mut file = tempfile::Builder::new()
        .prefix("backlog-")
        .suffix(".md")
        .tempfile()?;
    file.write_all(text.as_bytes())?;
    file.flush()?;
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .unwrap_or_else(|_| "vi".to_string());
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(file.path())
        .status()
        .with_context(|| format!("cannot run {editor}"))?;
    if !status.success() {
        anyhow::bail!("{editor} exited with {status}");
    }
    Ok(std::fs::read_to_string(file.path())?)
}
