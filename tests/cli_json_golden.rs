//! The CLI's public JSON, pinned byte for byte on the demo backlog:
//! `list --json`, `show --json` (with and without history), `health
//! --json`, `refine summary --format json`, `snapshot list --json` and
//! `diff --json`.
//! The files under tests/golden/cli-json/v1 were written by the build
//! before the JSON had wire types of its own; a change to any shape must
//! show up here. A change that renames, removes or retypes a field bumps
//! `cli::json::FORMAT_VERSION`, with new files; a new field (old scripts
//! keep working) and a richer demo update the current files.
//!
//! To rewrite the files after a deliberate change:
//! `BACKLOG_GOLDEN_UPDATE=1 cargo test --test cli_json_golden`.

mod common;

use std::path::PathBuf;

use common::Bk;

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/cli-json")
        .join(format!("v{}", backlog::cli::JSON_FORMAT_VERSION))
}

/// Compares `got` with the golden file `name` (or rewrites it).
fn check(name: &str, got: &str, failures: &mut Vec<String>) {
    let path = golden_dir().join(name);
    if std::env::var_os("BACKLOG_GOLDEN_UPDATE").is_some() {
        std::fs::create_dir_all(golden_dir()).unwrap();
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if want != got {
        let line = want
            .lines()
            .zip(got.lines())
            .position(|(a, b)| a != b)
            .map_or(want.lines().count().min(got.lines().count()), |n| n);
        failures.push(format!(
            "{name} differs from {} from line {}",
            path.display(),
            line + 1
        ));
    }
}

#[test]
fn public_json_keeps_its_shapes() {
    let bk = Bk::demo();
    let mut failures = Vec::new();
    check("list.json", &bk.ok(["list", "--json"]), &mut failures);
    for k in ["I-1", "E-3", "S-7", "S-43"] {
        check(
            &format!("show-{k}.json"),
            &bk.ok(["show", k, "--json"]),
            &mut failures,
        );
    }
    check(
        "health-stale-0.json",
        &bk.ok(["health", "--json", "--stale-days", "0"]),
        &mut failures,
    );
    // A duplicate title, a WSJF input off the scale, an estimate, a
    // criterion, a decision, a story made ready and one parked.
    for args in [
        &[
            "add",
            "story",
            "Show technicians as live markers on the map",
            "--epic",
            "E-1",
        ][..],
        &["score", "S-10", "--value", "4"],
        &["edit", "S-5", "--points", "8"],
        &[
            "ac",
            "add",
            "S-5",
            "Given a job, when it moves, then the map shows it",
        ],
        &[
            "decide",
            "S-5",
            "Ship behind a flag",
            "--why",
            "Risky on slow networks",
            "--date",
            "2026-11-20",
        ],
        &["edit", "S-43", "--status", "ready", "--force"],
        &["edit", "S-6", "--label", "parked"],
        &["snapshot", "take", "Baseline"],
    ] {
        bk.ok(args.iter().copied());
    }
    check("health.json", &bk.ok(["health", "--json"]), &mut failures);
    check(
        "refine-summary.json",
        &bk.ok([
            "refine",
            "summary",
            "--since",
            "2026-11-01",
            "--format",
            "json",
        ]),
        &mut failures,
    );
    check(
        "snapshot-list.json",
        &bk.ok(["snapshot", "list", "--json"]),
        &mut failures,
    );
    check(
        "show-S-5-history.json",
        &bk.ok(["show", "S-5", "--json", "--history"]),
        &mut failures,
    );
    // Since the snapshot: a card added, one dropped, moved, re-ranked and
    // re-scored.
    for args in [
        &["edit", "E-2", "--lane", "now"][..],
        &["edit", "E-3", "--lane", "later"],
        &["score", "E-1", "--effort", "1"],
        &[
            "add",
            "epic",
            "Route optimisation",
            "--initiative",
            "I-1",
            "--lane",
            "next",
        ],
        &["rm", "E-12"],
        &["edit", "E-5", "--rank", "-1000"],
        &["edit", "I-5", "--lane", "now"],
    ] {
        bk.ok(args.iter().copied());
    }
    check(
        "diff.json",
        &bk.ok(["diff", "Baseline", "--json"]),
        &mut failures,
    );
    check(
        "diff-initiative-wsjf.json",
        &bk.ok([
            "diff",
            "Baseline",
            "--json",
            "--level",
            "initiative",
            "--by",
            "wsjf",
        ]),
        &mut failures,
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
