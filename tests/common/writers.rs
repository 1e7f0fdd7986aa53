//! The CLI writer loop of the concurrency tests (`concurrent_writers` on a
//! file, `postgres_stress` on a server): the real `backlog` binary, run
//! again and again until told to stop, each run one write, recording what
//! was acknowledged so that the test can check that nothing was lost.

#![allow(dead_code)]

use std::ffi::OsString;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// The clock every writer's commands run at.
pub const WRITERS_NOW: &str = "2026-09-01T09:30:00Z";

/// One kind of write a writer makes.
#[derive(Clone, Copy, Debug)]
pub enum Write {
    /// `ac add S-1 TEXT`.
    Criterion,
    /// `add story TEXT --epic E-1`.
    Story,
    /// `edit S-2 --title TEXT`.
    Title,
}

/// What one CLI writer got acknowledged, each list in its order.
#[derive(Default)]
pub struct CliRun {
    /// Criteria texts acknowledged on S-1.
    pub criteria: Vec<String>,
    /// The keys `add story` printed.
    pub keys: Vec<String>,
    /// Titles acknowledged on S-2.
    pub titles: Vec<String>,
    /// Every command that failed or wrote to stderr, with what it said.
    pub failures: Vec<String>,
}

impl CliRun {
    /// How many writes were acknowledged.
    pub fn writes(&self) -> usize {
        self.criteria.len() + self.keys.len() + self.titles.len()
    }
}

/// Runs the real binary on `db` (a file path or a URL) at
/// [`WRITERS_NOW`], away from the user's default backlog.
pub fn cli(db: impl Into<OsString>, args: &[String]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_backlog"))
        .arg("--db")
        .arg(db.into())
        .args(args)
        .env_remove("BACKLOG_DB")
        .env("BACKLOG_NOW", WRITERS_NOW)
        .output()
        .expect("run backlog")
}

/// Writes to `db` until `stop`: write n (from 1) is `plan[(n - 1) %
/// plan.len()]` with the text `"{who} {n}"`. A command counts as
/// acknowledged when it exits 0 with nothing on stderr.
pub fn cli_writer(db: OsString, who: &str, plan: &[Write], stop: Arc<AtomicBool>) -> CliRun {
    let mut run = CliRun::default();
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let text = format!("{who} {n}");
        let write = plan[(n - 1) % plan.len()];
        let args: Vec<String> = match write {
            Write::Criterion => vec!["ac".into(), "add".into(), "S-1".into(), text.clone()],
            Write::Story => vec![
                "add".into(),
                "story".into(),
                text.clone(),
                "--epic".into(),
                "E-1".into(),
            ],
            Write::Title => vec!["edit".into(), "S-2".into(), "--title".into(), text.clone()],
        };
        let out = cli(db.clone(), &args);
        if !out.status.success() || !out.stderr.is_empty() {
            run.failures.push(format!(
                "`backlog {}` → {:?}: {}",
                args.join(" "),
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            ));
            continue;
        }
        match write {
            Write::Criterion => run.criteria.push(text),
            Write::Story => run
                .keys
                .push(String::from_utf8_lossy(&out.stdout).trim().to_string()),
            Write::Title => run.titles.push(text),
        }
    }
    run
}
