//! Shared helpers for the CLI tests: a backlog file in a temp dir and the
//! real `backlog` binary run against it.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// The pinned clock for every command, so times in output are stable.
pub const NOW: &str = "2026-11-23T10:00:00Z";

/// A backlog file in its own temp directory.
pub struct Bk {
    pub dir: TempDir,
    pub db: PathBuf,
}

impl Bk {
    /// A temp dir with no backlog file in it yet.
    pub fn empty() -> Bk {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("backlog.db");
        Bk { dir, db }
    }

    /// A fresh, empty backlog file.
    pub fn new() -> Bk {
        let bk = Bk::empty();
        bk.ok(["init"]);
        bk
    }

    /// A backlog with the demo loaded.
    pub fn demo() -> Bk {
        let bk = Bk::empty();
        bk.ok(["demo"]);
        bk
    }

    /// One initiative I-1, one epic E-1 and `stories` stories S-1…S-n.
    pub fn with_stories(stories: usize) -> Bk {
        let bk = Bk::new();
        assert_eq!(
            bk.ok(["add", "initiative", "Grow self-serve revenue"]),
            "I-1\n"
        );
        assert_eq!(
            bk.ok([
                "add",
                "epic",
                "Checkout",
                "--initiative",
                "I-1",
                "--lane",
                "now"
            ]),
            "E-1\n"
        );
        for n in 1..=stories {
            let title = format!("Story number {n}");
            assert_eq!(
                bk.ok(["add", "story", &title, "--epic", "E-1"]),
                format!("S-{n}\n")
            );
        }
        bk
    }

    /// A path inside this backlog's temp dir.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The binary with `--db` pointing at this file, the clock pinned and
    /// no way to reach the user's real default file.
    pub fn cmd(&self) -> Command {
        cmd_for(&self.db)
    }

    /// Runs `args` with the clock pinned at `now` (RFC 3339); must succeed.
    /// Returns stdout.
    pub fn ok_at(&self, now: &str, args: &[&str]) -> String {
        let out = self
            .cmd()
            .env("BACKLOG_NOW", now)
            .args(args)
            .output()
            .expect("run backlog");
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("stdout is UTF-8")
    }

    /// Runs the binary and returns its output, whatever the exit code.
    pub fn run<I, S>(&self, args: I) -> Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.cmd().args(args).output().expect("run backlog")
    }

    /// Runs a command that must succeed with nothing on stderr; returns stdout.
    pub fn ok<I, S>(&self, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let args: Vec<S> = args.into_iter().collect();
        let shown: Vec<String> = args
            .iter()
            .map(|a| a.as_ref().to_string_lossy().into_owned())
            .collect();
        let out = self.run(&args);
        assert!(
            out.status.success(),
            "`backlog {}` failed ({:?}):\nstdout: {}\nstderr: {}",
            shown.join(" "),
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "`backlog {}` wrote to stderr: {}",
            shown.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("stdout is UTF-8")
    }

    /// Runs a command that must fail as a runtime error: exit 1, nothing on
    /// stdout, exactly one `error: …` line on stderr. Returns that line.
    pub fn err<I, S>(&self, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let out = self.run(args);
        runtime_error(&out)
    }

    /// Runs a command whose arguments clap must refuse: exit 2.
    pub fn usage_err<I, S>(&self, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "expected a usage error (exit 2):\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stdout.is_empty(), "usage error wrote to stdout");
        let stderr = String::from_utf8(out.stderr).expect("stderr is UTF-8");
        assert!(!stderr.trim().is_empty(), "a usage error says nothing");
        stderr
    }

    /// Runs a command with `--json` output and parses it.
    pub fn json<I, S>(&self, args: I) -> Value
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let text = self.ok(args);
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
    }

    /// The keys of `epic`'s stories, archived ones too.
    pub fn stories_of(&self, epic: &str) -> Vec<String> {
        let items = self.json(["list", "--kind", "story", "--archived", "--json"]);
        items
            .as_array()
            .expect("a JSON list")
            .iter()
            .filter(|i| i["parent"].as_str() == Some(epic))
            .map(|i| i["key"].as_str().expect("a key").to_string())
            .collect()
    }

    /// `show KEY --json`.
    pub fn show(&self, key: &str) -> Value {
        self.json(["show", key, "--json"])
    }

    /// Everything the file holds as the CLI sees it: every item (archived
    /// ones too) with its full history. Two equal states mean nothing changed.
    pub fn state(&self) -> String {
        let items = self.json(["list", "--archived", "--sort", "key", "--json"]);
        let mut out = serde_json::to_string_pretty(&items).unwrap();
        for item in items.as_array().unwrap() {
            let key = item["key"].as_str().unwrap();
            let h = self.json(["show", key, "--json", "--history"]);
            out.push_str(&serde_json::to_string(&h["history"]).unwrap());
        }
        out
    }

    /// Undoes every change since the demo was loaded, its load last (the
    /// demo is its load and the stories finished since, each a change of
    /// its own). Returns the last undo's report.
    #[allow(dead_code)]
    pub fn undo_demo(&self) -> String {
        for _ in 0..100 {
            let out = self.ok(["undo"]);
            if out.contains("load the demo backlog") {
                return out;
            }
        }
        panic!("undo never reached the demo's load");
    }

    /// Redoes as many changes as there are to redo (until `nothing to
    /// redo`); returns the reports, in order.
    #[allow(dead_code)]
    pub fn redo_all(&self) -> Vec<String> {
        let mut done = Vec::new();
        for _ in 0..100 {
            let out = self.ok(["redo"]);
            if out.starts_with("nothing to redo") {
                return done;
            }
            done.push(out);
        }
        panic!("redo never ran out: {done:?}");
    }

    /// The raw bytes of the backlog file.
    pub fn bytes(&self) -> Vec<u8> {
        std::fs::read(&self.db).expect("read backlog file")
    }

    /// Adds an item and returns its key (the command must print it alone).
    pub fn add<I, S>(&self, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut all: Vec<String> = vec!["add".into()];
        all.extend(
            args.into_iter()
                .map(|a| a.as_ref().to_string_lossy().into_owned()),
        );
        let out = self.ok(&all);
        let key = out.strip_suffix('\n').expect("key ends with a newline");
        assert!(
            !key.contains(char::is_whitespace),
            "add printed more than a key: {out:?}"
        );
        key.to_string()
    }
}

/// The binary for `db`, with the clock pinned and `BACKLOG_DB` unset.
pub fn cmd_for(db: &Path) -> Command {
    let mut c = Command::cargo_bin("backlog").expect("backlog binary");
    c.env_remove("BACKLOG_DB")
        .env("BACKLOG_NOW", NOW)
        // The author recorded with each change to a file.
        .env("USER", "tester")
        .env("NO_COLOR", "1")
        .arg("--db")
        .arg(db);
    c
}

/// Checks a runtime error: exit 1, empty stdout, exactly one `error: …`
/// line on stderr. Returns the line without its newline.
pub fn runtime_error(out: &Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8");
    assert_eq!(
        out.status.code(),
        Some(1),
        "expected exit 1:\nstdout: {stdout}\nstderr: {stderr}"
    );
    assert!(
        stdout.is_empty(),
        "a failed command wrote to stdout: {stdout}"
    );
    assert!(
        stderr.starts_with("error: ") && stderr.ends_with('\n'),
        "stderr is not one `error: …` line: {stderr:?}"
    );
    assert_eq!(
        stderr.lines().count(),
        1,
        "stderr has more than one line: {stderr:?}"
    );
    let line = stderr.trim_end_matches('\n').to_string();
    assert!(
        !line.contains('\u{1b}') && !line.contains('\u{7}'),
        "raw control characters on stderr: {line:?}"
    );
    line
}

/// The keys of a JSON item list, in order.
pub fn keys(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a JSON array")
        .iter()
        .map(|i| i["key"].as_str().expect("key").to_string())
        .collect()
}
