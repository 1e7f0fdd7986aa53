//! What the fourth hostile pass over issue 14 found (2026-12-02), through
//! the real binary: each test failed on the build before its fix.

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::time::Duration;

use common::{Bk, runtime_error};
use serde_json::{Value, json};

/// Characters a terminal acts on, or that reorder or hide text.
fn acted_on(s: &str) -> Vec<String> {
    s.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{200b}' | '\u{200e}' | '\u{200f}' | '\u{feff}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .map(|c| format!("U+{:04X}", c as u32))
        .collect()
}

/// The longest line of `s`, in characters.
fn longest_line(s: &str) -> usize {
    s.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

#[test]
fn numbers_far_from_one_are_shown_short_everywhere() {
    let bk = Bk::demo();
    bk.ok(["edit", "S-3", "--points", "1e-300"]);
    let scored = bk.ok([
        "score",
        "S-4",
        "--reach",
        "1e-300",
        "--effort",
        "1e-300",
        "--job-size",
        "1e-300",
    ]);
    // Reach and effort cancel out; the WSJF is the cost of delay ÷ 1e-300.
    let wsjf = scored.lines().find(|l| l.contains("WSJF")).unwrap();
    assert!(wsjf.contains("÷ 1e-300 = "), "{scored}");
    assert!(wsjf.ends_with("e300") || wsjf.ends_with("e301"), "{scored}");
    let pace = bk.ok(["forecast", "--throughput", "1e308", "--seed", "1"]);
    assert!(pace.contains("Pace: 1e308 stories a week"), "{pace}");
    for args in [
        &["list"][..],
        &["show", "S-3"],
        &["show", "S-4"],
        &["score", "S-4"],
        &["roadmap"],
        &["roadmap", "--format", "md"],
        &["roadmap", "--format", "csv"],
        &["health"],
        &["capacity"],
        &["report"],
    ] {
        let out = bk.ok(args);
        // `list` is a table: its widest line is its widest row.
        assert!(longest_line(&out) < 400, "{args:?}: {}", longest_line(&out));
        assert!(!out.contains("0000000000000000000000"), "{args:?}: {out}");
    }
    assert!(bk.ok(["show", "S-3"]).contains("points: 1e-300"));
}

#[test]
fn a_forecast_runs_at_most_a_million_trials() {
    let bk = Bk::demo();
    // Each trial is kept until the percentiles are read: 4,294,967,295 of
    // them grew past 1.9 GB in 20 s.
    let out = bk
        .cmd()
        .args(["forecast", "--trials", "4294967295"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(
        runtime_error(&out),
        "error: invalid --trials `4294967295`: expected a whole number from 1 to 1000000"
    );
    let out = bk.ok(["forecast", "--trials", "1000000", "--seed", "1"]);
    assert!(out.contains("1000000 trials"), "{out}");
}

#[test]
fn a_capacity_too_small_to_show_is_refused_and_changes_nothing() {
    let bk = Bk::demo();
    let before = bk.ok(["capacity"]);
    for p in ["1e-300", "0.01", "0.09"] {
        let e = bk.err(["capacity", "--points-per-week", p]);
        assert_eq!(
            e,
            format!(
                "error: invalid --points-per-week `{p}`: expected points per week from 0.1 to 1000000"
            )
        );
    }
    assert_eq!(bk.ok(["capacity"]), before);
    // A huge one is quoted short.
    let e = bk.err(["capacity", "--points-per-week", "1e308"]);
    assert!(e.contains("`1e308`"), "{e}");
    bk.ok(["capacity", "--points-per-week", "0.1"]);
    let now = bk.ok(["capacity"]);
    assert!(now.contains("capacity 0.1 pts/week"), "{now}");
}

#[test]
fn a_refusal_quotes_a_long_value_cut_short() {
    let bk = Bk::demo();
    let long_name = "a".repeat(5000);
    let e = bk.err(["snapshot", "take", &long_name]);
    assert!(e.chars().count() < 200, "{} characters", e.chars().count());
    assert!(e.contains("…`: expected at most 100 characters"), "{e}");
    let e = bk.err(["show", &"S-".repeat(3000)]);
    assert!(e.chars().count() < 200, "{} characters", e.chars().count());
    // An imported cell.
    let csv = bk.path("big.csv");
    fs::write(
        &csv,
        format!(
            "Summary,Issue Type,Story Points\nA,Story,{}\n",
            "9".repeat(400)
        ),
    )
    .unwrap();
    let e = bk.err(["import", csv.to_str().unwrap()]);
    assert!(
        e.chars().count() < 300,
        "{} characters: {e}",
        e.chars().count()
    );
    assert!(e.contains(":2: invalid points `9999"), "{e}");
}

/// The demo's backlog document, to change and import.
fn demo_document(bk: &Bk) -> Value {
    serde_json::from_str(&bk.ok(["export"])).unwrap()
}

fn item<'a>(doc: &'a mut Value, key: &str) -> &'a mut Value {
    doc["items"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|i| i["key"] == key)
        .unwrap()
}

/// Imports `doc` into a new file beside `bk`; the output.
fn import_new(bk: &Bk, name: &str, doc: &Value) -> (std::process::Output, common::Bk) {
    let file = bk.path(name);
    fs::write(&file, serde_json::to_string_pretty(doc).unwrap()).unwrap();
    let target = Bk::new();
    let out = target
        .cmd()
        .args(["import", file.to_str().unwrap()])
        .output()
        .unwrap();
    (out, target)
}

#[test]
fn an_imported_snapshot_name_follows_the_rules_of_snapshot_take() {
    let bk = Bk::demo();
    let mut doc = demo_document(&bk);
    doc["snapshots"][0]["name"] = json!("x\u{1b}]52;c;QUFBQQ==\u{7}\u{202e}\u{200b}\u{9b}31my");
    let (out, target) = import_new(&bk, "named.json", &doc);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(acted_on(&report).is_empty(), "{:?}", acted_on(&report));
    assert!(report.contains("1 roadmap snapshots: x"), "{report}");
    assert!(report.contains("]52;c;QUFBQQ=="), "{report}");
    // Kept as the document has it, and shown safely.
    let list = target.ok(["snapshot", "list"]);
    assert!(list.contains("]52;c;QUFBQQ=="), "{list}");
    assert!(acted_on(&list).is_empty(), "{:?}", acted_on(&list));

    doc["snapshots"][0]["name"] = json!("  ");
    let (out, target) = import_new(&bk, "empty-name.json", &doc);
    let before = target.bytes();
    let e = runtime_error(&out);
    assert!(
        e.ends_with("invalid snapshot name `  `: expected a non-empty line of text"),
        "{e}"
    );
    assert_eq!(target.bytes(), before);
}

/// A change made to a document before it is imported.
type Change = Box<dyn Fn(&mut Value)>;

#[test]
fn a_document_gives_each_field_only_to_the_kind_the_commands_do() {
    let bk = Bk::demo();
    let base = demo_document(&bk);
    let cases: Vec<(&str, Change, &str)> = vec![
        (
            "metrics on a story",
            Box::new(|d| {
                item(d, "S-1")["metrics"] = json!([{"name": "x", "baseline": "1", "target": "2"}])
            }),
            "item S-1: S-1 is a story: success metrics applies to initiatives only",
        ),
        (
            "an outcome on an epic",
            Box::new(|d| item(d, "E-1")["outcome"] = json!("more")),
            "item E-1: E-1 is an epic: outcome applies to initiatives only",
        ),
        (
            "a persona on an initiative",
            Box::new(|d| item(d, "I-1")["persona"] = json!("admin")),
            "item I-1: I-1 is an initiative: persona applies to stories only",
        ),
        (
            "a goal on an epic",
            Box::new(|d| item(d, "E-2")["goal"] = json!("to rank")),
            "item E-2: E-2 is an epic: goal applies to stories only",
        ),
    ];
    for (what, change, expected) in cases {
        let mut doc = base.clone();
        change(&mut doc);
        let (out, target) = import_new(&bk, "doc.json", &doc);
        let e = runtime_error(&out);
        assert!(e.contains("doc.json:"), "{what}: {e}");
        assert!(e.contains(expected), "{what}: {e}");
        assert!(target.ok(["export"]).contains("\"items\": []"), "{what}");
    }
    // The document as exported is read as before.
    let (out, _target) = import_new(&bk, "as-is.json", &base);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn an_unknown_field_is_named_in_one_short_line() {
    let bk = Bk::demo();
    let mut doc = demo_document(&bk);
    item(&mut doc, "S-1")["zzz"] = json!(1);
    let (out, _target) = import_new(&bk, "unknown.json", &doc);
    let e = runtime_error(&out);
    assert!(
        e.chars().count() < 200,
        "{} characters: {e}",
        e.chars().count()
    );
    assert!(e.contains("unknown field `zzz`"), "{e}");
    assert!(!e.contains("`acceptance_criteria`"), "{e}");
}

/// The user the permission test runs the binary as when the tests run as
/// root (root passes every permission check).
fn unprivileged() -> Option<u32> {
    // SAFETY: geteuid cannot fail and has no side effects.
    (unsafe { libc::geteuid() } == 0).then_some(65534)
}

#[test]
fn a_backup_into_a_directory_it_cannot_write_names_the_directory() {
    let bk = Bk::demo();
    let dir = tempfile::tempdir().unwrap();
    let ro = dir.path().join("ro");
    fs::create_dir(&ro).unwrap();
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    // The backlog readable by that user too.
    fs::set_permissions(bk.dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    fs::set_permissions(&bk.db, fs::Permissions::from_mode(0o644)).unwrap();
    let target = ro.join("copy.db");
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_backlog"));
    c.env_remove("BACKLOG_DB")
        .env("BACKLOG_NOW", common::NOW)
        .env("NO_COLOR", "1")
        .arg("--db")
        .arg(&bk.db)
        .arg("backup")
        .arg(&target);
    if let Some(uid) = unprivileged() {
        c.uid(uid).gid(uid);
    }
    let out = c.output().unwrap();
    let e = runtime_error(&out);
    assert_eq!(
        e,
        format!(
            "error: cannot write the backup {}: the directory {} is not writable; nothing was written (choose a directory you can write to)",
            target.display(),
            ro.display()
        )
    );
    assert!(!e.contains(".backlog-backup-"), "{e}");
    assert_eq!(fs::read_dir(&ro).unwrap().count(), 0);
}

#[test]
fn an_insight_import_keeps_to_the_import_limits() {
    let bk = Bk::demo();
    let before = bk.bytes();
    // `/dev/zero` used to be read until memory ran out.
    let out = bk
        .cmd()
        .args(["insight", "import", "/dev/zero"])
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let e = runtime_error(&out);
    assert!(
        e.contains("the input goes on past 256.0 MiB, more than an import reads: import it with --no-limits"),
        "{e}"
    );
    // A text longer than one field may be: its export could not be
    // imported again.
    let csv = bk.path("long.csv");
    let long = "x".repeat((1 << 20) + 1);
    fs::write(
        &csv,
        format!("text,customer,date\n\"short\",c,2026-01-01\n\"{long}\",c,2026-01-01\n"),
    )
    .unwrap();
    let e = bk.err(["insight", "import", csv.to_str().unwrap()]);
    assert!(e.ends_with("long.csv:3: a text of 1.0 MiB is longer than one field may be (1.0 MiB): import it with --no-limits to go past the limit"), "{e}");
    assert_eq!(bk.bytes(), before);
    let done = bk.ok(["insight", "import", csv.to_str().unwrap(), "--no-limits"]);
    assert!(done.starts_with("imported 2 insights"), "{done}");
    // What went in comes out, and goes in again with the same flag.
    let export = bk.path("all.json");
    bk.ok(["export", "-o", export.to_str().unwrap()]);
    let again = Bk::new();
    again.ok(["import", export.to_str().unwrap(), "--no-limits"]);
}

#[test]
fn an_output_file_may_have_any_name_the_system_allows_and_leaves_no_temporary_file() {
    let bk = Bk::demo();
    let dir = tempfile::tempdir().unwrap();
    // 255 bytes, the most a name may have: the temporary file beside it
    // used to be named `.NAME.PID.tmp`, too long to create.
    let name = format!("{}.json", "n".repeat(250));
    let target = dir.path().join(&name);
    let t = target.to_str().unwrap();
    for args in [
        &["export", "-o", t][..],
        &["roadmap", "--format", "html", "-o", t],
        &["report", "-o", t],
        &["dep", "map", "-o", t],
        &["salvage", bk.db.to_str().unwrap(), "-o", t],
    ] {
        bk.ok(args);
        assert!(fs::metadata(&target).unwrap().len() > 0, "{args:?}");
    }
    // A temporary file a killed writer left (unlocked, untouched for a
    // minute) is removed by the next writer into that directory; one
    // that is in use, or named otherwise, is not.
    let stale = dir.path().join(".backlog-output-AbC123.tmp");
    let fresh = dir.path().join(".backlog-output-XyZ789.tmp");
    let other = dir.path().join(".out.json.4242.tmp");
    for f in [&stale, &fresh, &other] {
        fs::write(f, vec![b'{'; 4096]).unwrap();
    }
    let old = std::time::SystemTime::now() - Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(old)
        .unwrap();
    bk.ok([
        "export",
        "-o",
        dir.path().join("out.json").to_str().unwrap(),
    ]);
    assert!(!stale.exists());
    assert!(fresh.exists() && other.exists());
    let left: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert_eq!(left.len(), 2, "{left:?}");
    // A new file is made as a shell redirection (or `File::create`)
    // makes it, 0666 less the umask, not private to its owner.
    let mode = |p: &std::path::Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let reference = dir.path().join("made-by-create");
    fs::write(&reference, "").unwrap();
    assert_eq!(
        mode(&dir.path().join("out.json")),
        mode(&reference),
        "a new output file is not made as File::create makes one"
    );
}

/// A document of `n` stories in one epic, each depending on the one
/// before it; with `closed`, the first also depends on the last.
fn chain_document(n: usize, closed: bool) -> Value {
    let mut items = vec![
        json!({"key": "I-1", "kind": "initiative", "title": "i"}),
        json!({"key": "E-1", "kind": "epic", "title": "e", "parent": "I-1", "lane": "now"}),
    ];
    for i in 1..=n {
        let mut s = json!({"key": format!("S-{i}"), "kind": "story", "title": format!("s{i}"), "parent": "E-1"});
        if i > 1 {
            s["depends_on"] = json!([format!("S-{}", i - 1)]);
        } else if closed {
            s["depends_on"] = json!([format!("S-{n}")]);
        }
        items.push(s);
    }
    json!({
        "format": "backlog",
        "version": 1,
        "next_keys": {"initiative": 2, "epic": 2, "story": n + 1, "insight": 1},
        "items": items,
        "snapshots": []
    })
}

#[test]
fn a_long_chain_of_dependencies_imports_without_walking_it_again_for_every_link() {
    // Each dependency was checked for a cycle by walking the chain below
    // it, keeping a copy of the path at every step: a 30,000-story chain
    // was still importing after 15 minutes.
    let n = 20_000;
    let bk = Bk::new();
    let file = bk.path("chain.json");
    fs::write(&file, chain_document(n, false).to_string()).unwrap();
    let out = bk
        .cmd()
        .args(["import", file.to_str().unwrap()])
        .timeout(Duration::from_secs(300))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shown = bk.ok(["show", &format!("S-{n}")]);
    assert!(
        shown.contains(&format!("Depends on\n  S-{} ", n - 1)),
        "{shown}"
    );
    // Closed into a cycle, it is refused with the cycle's first link.
    let file = bk.path("cycle.json");
    fs::write(&file, chain_document(n, true).to_string()).unwrap();
    let target = Bk::new();
    let before = target.bytes();
    let out = target
        .cmd()
        .args(["import", file.to_str().unwrap()])
        .timeout(Duration::from_secs(300))
        .output()
        .unwrap();
    let e = runtime_error(&out);
    assert!(
        e.contains(&format!(
            "item S-{n}: refused: S-{n} → S-{} would make a dependency cycle (S-{n} → S-{} → ",
            n - 1,
            n - 1
        )),
        "{}",
        &e[..e.len().min(300)]
    );
    assert!(e.chars().count() < 400, "{} characters", e.chars().count());
    assert_eq!(target.bytes(), before);
}
