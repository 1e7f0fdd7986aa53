//! Golden files of the transfer layer's public JSON, made by the real
//! binary on the demo backlog with the clock pinned: the export document
//! (with a roadmap snapshot in it), the roadmap JSON at each level and
//! model, and `diff --json` against the snapshot. A change to any of these formats, e.g. by renaming a domain
//! field, fails here; a deliberate change is a new format version (a new
//! optional field, such as a live roadmap's `planning`, or a richer demo
//! only needs the files written again), and the files are written again
//! with `BLESS=1 cargo test --test transfer_golden`.
//! Also: today's document imports into an empty file and exports again to
//! the same bytes.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

fn golden(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/transfer")
        .join(name)
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = Command::cargo_bin("backlog")
        .unwrap()
        .env_remove("BACKLOG_DB")
        .env("BACKLOG_NOW", "2026-11-23T10:00:00Z")
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "backlog {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Compares `text` with the golden file `name` (writes it with BLESS=1).
fn check(name: &str, text: &str) {
    let path = golden(name);
    if std::env::var_os("BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (write it with BLESS=1)", path.display()));
    assert!(
        want == text,
        "{name} differs from its golden file {}: the public JSON changed. \
         A deliberate change is a new format version (then BLESS=1).",
        path.display()
    );
}

/// The demo with a snapshot taken and one story changed after it.
fn demo(dir: &TempDir) -> PathBuf {
    let db = dir.path().join("demo.db");
    ok(&db, &["demo"]);
    ok(&db, &["snapshot", "take", "Baseline"]);
    ok(&db, &["edit", "S-5", "--points", "8"]);
    db
}

#[test]
fn the_export_document_is_pinned() {
    let dir = TempDir::new().unwrap();
    let db = demo(&dir);
    let text = ok(&db, &["export"]);
    check("export.json", &text);
    // Today's document reads back whole: the same bytes come out again.
    let file = dir.path().join("export.json");
    std::fs::write(&file, &text).unwrap();
    let again = dir.path().join("again.db");
    ok(&again, &["import", file.to_str().unwrap()]);
    assert!(
        ok(&again, &["export"]) == text,
        "the export document does not survive import and export"
    );
}

#[test]
fn the_roadmap_json_is_pinned() {
    let dir = TempDir::new().unwrap();
    let db = demo(&dir);
    for level in ["epic", "initiative"] {
        for by in ["rice", "wsjf"] {
            let text = ok(
                &db,
                &["roadmap", "--level", level, "--by", by, "--format", "json"],
            );
            check(&format!("roadmap-{level}-{by}.json"), &text);
        }
    }
}

#[test]
fn the_diff_json_is_pinned() {
    let dir = TempDir::new().unwrap();
    let db = demo(&dir);
    // One change of each kind the demo allows: a lane move, an added and an
    // archived epic, a new score.
    ok(&db, &["edit", "E-2", "--lane", "now"]);
    ok(&db, &["edit", "E-3", "--lane", "later"]);
    ok(&db, &["edit", "S-7", "--points", "13"]);
    ok(
        &db,
        &[
            "add",
            "epic",
            "A new epic",
            "--initiative",
            "I-1",
            "--lane",
            "next",
        ],
    );
    ok(&db, &["score", "E-4", "--reach", "99999"]);
    ok(&db, &["rm", "E-8"]);
    let epics = ok(&db, &["diff", "Baseline", "--json"]);
    check("diff-epic-rice.json", &epics);
    let initiatives = ok(
        &db,
        &["diff", "Baseline", "--json", "--level", "initiative"],
    );
    check("diff-initiative-rice.json", &initiatives);
}
