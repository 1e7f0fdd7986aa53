//! The performance budget on a PostgreSQL server (docs/PERFORMANCE.md,
//! "PostgreSQL"), at 100,000 stories unless `BENCH_SIZES` says otherwise:
//!
//! - `import`: `backlog import` of the generated backlog's export into an
//!   empty schema (the real binary, one process);
//! - `list_json`: `backlog list --json` (the real binary);
//! - `open_first_frame` / `open_ready_for_keys`: the TUI's first frame,
//!   and the full load after it, as in the `tui` bench;
//! - `key/lane_move_roadmap`, `key/toggle_criterion`: a keypress that
//!   writes (one transaction on the server) and the redraw.
//!
//! Runs against the server libpq's environment names (`pg_virtualenv
//! cargo bench --bench postgres`); without one it says so and stops. Each
//! run uses schemas of its own, dropped at the end. Median of
//! `BENCH_RUNS` runs (default 5; 1 for the import).

#[path = "scenarios/mod.rs"]
mod scenarios;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use backlog::store::postgres::connect::connect;
use backlog::store::postgres::{Environment, Target};
use scenarios::{KEY_SCENARIOS, Session, fixture};

fn runs() -> usize {
    std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn report(name: &str, v: Vec<Duration>) {
    let n = v.len();
    let max = *v.iter().max().unwrap();
    println!(
        "{name:<40} {n:>4} {:>10.1} ms {:>10.1} ms",
        median(v).as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3
    );
}

/// Runs the real binary; panics with its stderr when it fails.
fn backlog(db: &str, args: &[&str]) -> Duration {
    let t = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_backlog"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("BACKLOG_DB")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("run backlog");
    let took = t.elapsed();
    assert!(
        out.status.success(),
        "backlog {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    took
}

/// A schema of the environment's server, dropped on drop.
struct Schema {
    name: String,
    url: String,
}

impl Schema {
    fn new(name: String) -> Schema {
        let url = format!("postgresql://?options=-csearch_path%3D{name}");
        Schema { name, url }
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        if let Ok(t) = Target::parse("postgresql://", &Environment::process())
            && let Ok(mut c) = connect(&t)
        {
            let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
        }
    }
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is taken.
    let server = Target::parse("postgresql://", &Environment::process())
        .map_err(|e| e.to_string())
        .and_then(|t| connect(&t).map(drop).map_err(|e| e.to_string()));
    if let Err(why) = server {
        eprintln!("SKIPPED the PostgreSQL bench: no server (run it inside pg_virtualenv): {why}");
        return;
    }
    let sizes: Vec<usize> = std::env::var("BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100_000]);
    println!("benchmark                                runs     median          max");
    for n in sizes {
        bench(n);
    }
}

fn bench(n: usize) {
    let file = fixture(n);
    let work = tempfile::tempdir().expect("temp dir");
    let doc: PathBuf = work.path().join("backlog.json");
    backlog(
        file.to_str().unwrap(),
        &["export", "-o", doc.to_str().unwrap()],
    );
    let id = std::process::id();
    let s = Schema::new(format!("bench_{n}_{id}"));
    report(
        &format!("import/{n}"),
        vec![backlog(&s.url, &["import", doc.to_str().unwrap()])],
    );
    report(
        &format!("list_json/{n}"),
        (0..runs())
            .map(|_| backlog(&s.url, &["list", "--json"]))
            .collect(),
    );
    let path = Path::new(&s.url);
    let (mut first, mut ready) = (Vec::new(), Vec::new());
    for _ in 0..runs() {
        let t = Instant::now();
        let mut session = Session::first_frame(path);
        first.push(t.elapsed());
        session.finish_load();
        ready.push(t.elapsed());
    }
    report(&format!("open_first_frame/{n}"), first);
    report(&format!("open_ready_for_keys/{n}"), ready);
    for sc in KEY_SCENARIOS
        .iter()
        .filter(|sc| ["lane_move_roadmap", "toggle_criterion"].contains(&sc.name))
    {
        let mut session = Session::open(path);
        (sc.setup)(&mut session);
        let mut times = Vec::new();
        for _ in 0..(runs() * 6) {
            let t = Instant::now();
            (sc.step)(&mut session);
            times.push(t.elapsed());
            (sc.reset)(&mut session);
        }
        report(&format!("key/{}/{n}", sc.name), times);
    }
}
