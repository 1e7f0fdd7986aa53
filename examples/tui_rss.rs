//! Peak memory of the TUI holding a backlog: opens FILE as `backlog` does,
//! loads it into the App, draws the Backlog, Ranked and Roadmap tabs on a
//! 200×50 test terminal (as a user looking around would make it build
//! its lists), and prints the process's peak resident set size (VmHWM).
//!
//! `cargo run --release --example tui_rss -- FILE` (scripts/bench.sh runs it).

use backlog::store::{OpenMode, Store};
use backlog::tui::config::Config;
use backlog::tui::keymap::Cmd;
use backlog::tui::{Action, App};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn status(field: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .map_or("unknown".into(), |l| l[field.len()..].trim().to_string())
}

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: tui_rss FILE"))?;
    let store = Store::open(std::path::Path::new(&path), OpenMode::Existing)?;
    let backlog = store.load()?;
    let stories = backlog.counts()[2];
    let mut app = App::new(backlog, "bench.db", &Config::load(None));
    app.update(Action::Resize {
        width: 200,
        height: 50,
    });
    let mut terminal = Terminal::new(TestBackend::new(200, 50))?;
    for cmd in [
        Cmd::TabBacklog,
        Cmd::TabRanked,
        Cmd::TabRoadmap,
        Cmd::TabBacklog,
    ] {
        app.update(Action::Command(cmd));
        terminal.draw(|f| backlog::tui::views::draw(f, &app))?;
    }
    println!(
        "{stories} stories: peak RSS (VmHWM) {}, now (VmRSS) {}",
        status("VmHWM:"),
        status("VmRSS:")
    );
    Ok(())
}
