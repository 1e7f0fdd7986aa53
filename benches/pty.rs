//! End to end in a real pseudo-terminal: the release binary on a generated
//! backlog, a key written to the terminal and the redraw read back (see
//! `benches/pty/mod.rs`). Prints the median and p99 per scenario against
//! the budgets (first frame ≤ 300 ms, a key ≤ 50 ms at p99). Timed here
//! only, never in `cargo test` (`tests/pty_latency.rs` runs each scenario
//! on a small backlog, untimed).
//!
//! ```sh
//! cargo bench --bench pty                                   # 100,000 stories
//! PTY_STORIES=10000 PTY_ROUNDS=30 cargo bench --bench pty   # smaller, fewer
//! PTY_BIN=/tmp/backlog.before cargo bench --bench pty        # another build
//! ```
//!
//! `PTY_BIN` times another `backlog` binary (a copy of an earlier build,
//! to compare before and after in the same minutes); the default is the
//! one cargo built for this bench.

#[path = "pty/mod.rs"]
mod pty;

use std::path::Path;
use std::time::Duration;

use pty::{Figures, KEY_SCENARIOS, available, generate, time_first_frame, time_keys};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn line(name: &str, samples: &[Duration], budget_ms: f64) {
    let f = Figures::of(samples);
    let verdict = if f.p99_ms <= budget_ms { "ok" } else { "OVER" };
    println!(
        "{name:<28} runs {:>4}   median {:>8.1} ms   p99 {:>8.1} ms   max {:>8.1} ms   budget p99 ≤ {budget_ms} ms {verdict}",
        f.runs, f.median_ms, f.p99_ms, f.max_ms
    );
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is not supported.
    if !available() {
        eprintln!("no pseudo-terminal (util-linux `script`) available: nothing measured");
        return;
    }
    let stories = env_usize("PTY_STORIES", 100_000);
    let rounds = env_usize("PTY_ROUNDS", 100);
    let starts = env_usize("PTY_STARTS", 20);
    let bin_var = std::env::var_os("PTY_BIN");
    let bin = bin_var
        .as_deref()
        .map_or(Path::new(env!("CARGO_BIN_EXE_backlog")), Path::new);
    let dir = tempfile::tempdir().expect("temp dir");
    let db = generate(bin, dir.path(), stories);
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "pty end to end, {} at {stories} stories, {}×{} terminal, load average at start: {}",
        bin.display(),
        pty::COLS,
        pty::ROWS,
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    match time_first_frame(bin, &db, dir.path(), starts) {
        Ok(samples) => line("first frame", &samples, 300.0),
        Err(e) => println!("first frame: {e}"),
    }
    for scenario in KEY_SCENARIOS {
        match time_keys(
            bin,
            &db,
            dir.path(),
            scenario,
            rounds,
            Duration::from_millis(1500),
        ) {
            Ok(samples) => line(scenario.name, &samples, 50.0),
            Err(e) => println!("{}: {e}", scenario.name),
        }
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "load average at end: {}",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
}
