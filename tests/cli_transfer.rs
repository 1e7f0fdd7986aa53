//! `backlog import` and `backlog export` through the real binary, on real
//! SQLite files in temp dirs, with the real data in tests/fixtures/realdata.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

fn realdata() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/realdata");
    assert!(
        p.join("README.md").is_file(),
        "the real data set is missing: expected it at {}",
        p.display()
    );
    p
}

fn bin() -> Command {
    let mut c = Command::cargo_bin("backlog").unwrap();
    // A fixed author, whoever runs the tests.
    c.env_remove("BACKLOG_DB")
        .env("BACKLOG_NOW", "2026-05-04T09:30:00Z")
        .env("USER", "tester");
    c
}

fn run(db: &Path, args: &[&str]) -> Output {
    bin().arg("--db").arg(db).args(args).output().unwrap()
}

/// Runs and insists on success; returns stdout.
fn ok(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(
        out.status.success(),
        "backlog {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs and insists on a runtime error (exit 1); returns stderr.
fn fails(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert_eq!(
        out.status.code(),
        Some(1),
        "backlog {args:?} should fail: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("error: ") && err.lines().count() == 1,
        "{err}"
    );
    err
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stories(db: &Path) -> Vec<Value> {
    let out = ok(db, &["list", "--kind", "story", "--json"]);
    serde_json::from_str::<Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// (stories, with persona and goal, with a benefit)
fn coverage(db: &Path) -> (usize, usize, usize) {
    let s = stories(db);
    let has = |v: &Value, f: &str| v[f].as_str().is_some_and(|t| !t.is_empty());
    (
        s.len(),
        s.iter()
            .filter(|v| has(v, "persona") && has(v, "goal"))
            .count(),
        s.iter().filter(|v| has(v, "benefit")).count(),
    )
}

fn import_fresh(dir: &TempDir, name: &str, args: &[&str]) -> PathBuf {
    let db = dir.path().join(format!("{name}.db"));
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    ok(&db, &all);
    db
}

#[test]
fn g03_loudoun_reads_right() {
    let dir = TempDir::new().unwrap();
    let file = realdata().join("user_stories/dalpiaz2018/g03-loudoun.txt");
    let db = dir.path().join("b.db");
    let out = ok(&db, &["import", path(&file)]);
    assert!(out.contains("1 initiative, 1 epic, 58 stories"), "{out}");
    assert!(
        out.contains("58 stories: 58 with persona and goal (100%), 58 with a benefit (100%)"),
        "{out}"
    );
    assert!(
        out.contains("removed the tag #G03# from the start of 58 lines"),
        "{out}"
    );
    assert_eq!(coverage(&db), (58, 58, 58));

    let all = stories(&db);
    let key_of = |title: &str| {
        all.iter()
            .find(|v| v["title"] == title)
            .unwrap_or_else(|| panic!("no story titled {title}"))["key"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let shown = ok(&db, &["show", &key_of("Search for Information")]);
    assert!(shown.contains(
        "As a Public User, I want to Search for Information, so that I can obtain publicly available information concerning properties, County services, processes and other general information."
    ), "{shown}");
    // The so-that clause after a full stop.
    let shown = ok(
        &db,
        &[
            "show",
            &key_of("Denote an application with a Final Action status"),
        ],
    );
    assert!(shown.contains(
        "As a staff member, I want to denote an application with a Final Action status, so that I can finish it."
    ), "{shown}");
    // "I need" keeps the author's line as the description.
    let need = all
        .iter()
        .find(|v| {
            v["description"]
                .as_str()
                .unwrap()
                .contains("I need to be notified")
        })
        .expect("the I-need story");
    assert_eq!(
        need["goal"],
        "to be notified when Geospatial attributes change"
    );
    let epics = ok(&db, &["list", "--kind", "epic"]);
    assert!(epics.contains("G03 loudoun"), "{epics}");
}

#[test]
fn every_dalpiaz_story_set_imports() {
    // file, stories, with persona and goal, with a benefit
    let expected: &[(&str, usize, usize, usize)] = &[
        ("g02-federalspending", 98, 98, 50),
        ("g03-loudoun", 58, 58, 58),
        ("g04-recycling", 51, 51, 45),
        ("g05-openspending", 53, 53, 53),
        ("g08-frictionless", 66, 66, 62),
        ("g10-scrumalliance", 97, 97, 93),
        ("g11-nsf", 73, 73, 56),
        ("g12-camperplus", 55, 55, 43),
        ("g13-planningpoker", 53, 53, 53),
        ("g14-datahub", 67, 67, 67),
        // 68 lines: a blank one is dropped, a heading becomes an epic and a
        // sentence broken over two lines is joined.
        ("g16-mis", 66, 66, 4),
        ("g17-cask", 64, 64, 4),
        ("g18-neurohub", 102, 102, 19),
        ("g19-alfred", 138, 138, 9),
        ("g21-badcamp", 69, 69, 69),
        ("g22-rdadmp", 83, 83, 83),
        ("g23-archivesspace", 56, 56, 0),
        ("g24-unibath", 53, 53, 53),
        ("g25-duraspace", 100, 100, 1),
        ("g26-racdam", 100, 100, 83),
        ("g27-culrepo", 115, 115, 62),
        ("g28-zooniverse", 60, 60, 3),
    ];
    let dir = TempDir::new().unwrap();
    let root = realdata().join("user_stories/dalpiaz2018");
    let files = std::fs::read_dir(&root).unwrap().count();
    assert_eq!(files, expected.len(), "every file is in the table");
    let (mut as_lines, mut persona_goal) = (0, 0);
    for &(name, n, pg, b) in expected {
        let file = root.join(format!("{name}.txt"));
        let text = std::fs::read_to_string(&file).unwrap();
        as_lines += text
            .lines()
            .filter(|l| {
                let t = l.split_once("# ").map_or(*l, |x| x.1).to_ascii_lowercase();
                t.starts_with("as a ") || t.starts_with("as an ")
            })
            .count();
        let db = import_fresh(&dir, name, &[path(&file)]);
        let got = coverage(&db);
        assert_eq!(got, (n, pg, b), "{name}");
        persona_goal += got.1;
    }
    assert_eq!(as_lines, 1669);
    assert!(
        persona_goal * 100 >= as_lines * 95,
        "{persona_goal} of {as_lines} “As a/an” lines got persona and goal"
    );
    // g16's heading became an epic of its own.
    let db = dir.path().join("g16-mis.db");
    let epics = ok(&db, &["list", "--kind", "epic"]);
    assert!(epics.contains("Auditing & Reporting"), "{epics}");
}

#[test]
fn rockefeller_csvs_import() {
    let expected: &[(&str, usize, usize, usize)] = &[
        ("allied-information-professionals", 45, 45, 4),
        // header role,user_need,motivation; one row has no role
        ("discovery-and-delivery", 112, 111, 112),
        ("donors-and-depositors", 56, 56, 29),
        ("rac-staff", 44, 44, 31),
        ("researchers", 35, 35, 5),
    ];
    let dir = TempDir::new().unwrap();
    let root = realdata().join("user_stories/rockefeller");
    let mut total = 0;
    for &(name, n, pg, b) in expected {
        let file = root.join(format!("{name}.csv"));
        let db = import_fresh(&dir, name, &[path(&file)]);
        assert_eq!(coverage(&db), (n, pg, b), "{name}");
        total += n;
    }
    assert_eq!(total, 292, "the README counts 292 stories");
    let db = dir.path().join("discovery-and-delivery.db");
    let s = stories(&db);
    let first = &s[0];
    assert_eq!(first["persona"], "researcher");
    assert_eq!(
        first["goal"],
        "a straightforward and intuitive way to submit my requests online"
    );
    assert_eq!(first["benefit"], "I know I've done it right");
    assert_eq!(
        first["title"],
        "A straightforward and intuitive way to submit my requests online"
    );
}

#[test]
fn jira_csvs_import_with_map() {
    let dir = TempDir::new().unwrap();
    let map = [
        "--map",
        "title=summary",
        "--map",
        "storypoint=points",
        "--map",
        "issuekey=key",
    ];
    for (name, n, pg) in [
        ("deepse_jirasoftware_storypoints", 352, 161),
        ("deepse_apache_usergrid_storypoints", 482, 0),
    ] {
        let file = realdata().join(format!("jira/{name}.csv"));
        let db = dir.path().join(format!("{name}.db"));
        let mut args = vec!["import", path(&file)];
        args.extend_from_slice(&map);
        let out = ok(&db, &args);
        assert!(
            out.contains(&format!("1 initiative, 1 epic, {n} stories")),
            "{out}"
        );
        assert!(out.contains("columns ignored: split_mark"), "{out}");
        let s = stories(&db);
        assert_eq!(s.len(), n, "{name}");
        assert!(
            s.iter().all(|v| v["points"].is_number()),
            "{name}: every row has points"
        );
        assert!(
            s.iter().all(|v| v["description"] != "NULL"),
            "{name}: NULL descriptions are empty"
        );
        let has_pg = s
            .iter()
            .filter(|v| v["persona"].is_string() && v["goal"].is_string())
            .count();
        assert_eq!(has_pg, pg, "{name}");
    }
    let db = dir.path().join("deepse_jirasoftware_storypoints.db");
    let s = stories(&db);
    assert_eq!(
        s[0]["title"],
        "As a JIRA Administrator I would like to be able to change the trigger of the night service"
    );
    assert_eq!(s[0]["persona"], "JIRA Administrator");
    assert_eq!(
        s[0]["goal"],
        "to be able to change the trigger of the night service"
    );
    assert_eq!(s[0]["points"], 5.0);
    // The Jira keys are reported against the backlog's. Importing the same
    // export again finds the items the first import added by their Jira
    // keys: a re-import updates instead of duplicating.
    let file = realdata().join("jira/deepse_jirasoftware_storypoints.csv");
    let mut args = vec!["import", path(&file), "--dry-run"];
    args.extend_from_slice(&map);
    let out = ok(&db, &args);
    assert!(out.contains("GHS-1271 → S-1\n"), "{out}");
    assert!(out.contains("0 added, 0 updated, 352 unchanged"), "{out}");
    // The existing initiative is reused, nothing new is made up around
    // the matched items (and no container is said to gain any).
    assert!(out.contains("would create nothing"), "{out}");
    assert!(
        !out.contains("new initiative") && !out.contains("new epic"),
        "{out}"
    );
    assert!(!out.contains(" added)"), "{out}");
}

#[test]
fn demo_round_trip_is_byte_identical() {
    let dir = TempDir::new().unwrap();
    let a = dir.path().join("a.db");
    let b = dir.path().join("b.db");
    ok(&a, &["demo"]);
    ok(&a, &["add", "story", "One more", "--epic", "E-1"]);
    ok(&a, &["rm", "S-65", "--purge"]);
    let first = ok(&a, &["export"]);
    let file = dir.path().join("backlog.json");
    let said = ok(&a, &["export", "-o", path(&file)]);
    assert!(
        said.starts_with("exported 5 initiatives, 13 epics, 64 stories, 33 customer insights to"),
        "{said}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), first);
    let out = ok(&b, &["import", path(&file)]);
    assert!(
        out.contains("keys kept as in the document; next keys I-6, E-14, S-66"),
        "{out}"
    );
    let second = ok(&b, &["export"]);
    assert_eq!(first, second);
    // The purged key is not handed out again.
    let key = ok(&b, &["add", "story", "Later", "--epic", "E-1"]);
    assert_eq!(key.trim(), "S-66");
    // Archived items and decisions travel too.
    let doc: Value = serde_json::from_str(&first).unwrap();
    let items = doc["items"].as_array().unwrap();
    assert!(items.iter().any(|i| !i["decisions"].is_null()));
    let keys: Vec<&str> = items.iter().map(|i| i["key"].as_str().unwrap()).collect();
    let mut sorted = keys.clone();
    sorted.sort_by_key(|k| {
        (
            k.chars().next().map(|c| "IESF".find(c)),
            k[2..].parse::<i64>().unwrap(),
        )
    });
    assert_eq!(keys, sorted, "items in key order");
}

#[test]
fn a_document_goes_into_a_non_empty_file_only_with_merge() {
    let dir = TempDir::new().unwrap();
    let a = dir.path().join("a.db");
    ok(&a, &["demo"]);
    let file = dir.path().join("backlog.json");
    ok(&a, &["export", "-o", path(&file)]);
    let before = std::fs::read(&a).unwrap();
    let err = fails(&a, &["import", path(&file)]);
    assert!(err.contains("already holds 82 items: use --merge"), "{err}");
    assert_eq!(
        std::fs::read(&a).unwrap(),
        before,
        "refused: file unchanged"
    );

    let out = ok(&a, &["import", path(&file), "--merge"]);
    assert!(out.contains("5 initiatives, 13 epics, 64 stories"), "{out}");
    assert!(
        out.contains("I-1 → I-6") && out.contains("S-64 → S-128"),
        "{out}"
    );
    let all: Value = serde_json::from_str(&ok(&a, &["list", "--json", "--archived"])).unwrap();
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 164);
    // Every link of a merged item points at merged items.
    for item in all.iter().filter(|i| {
        let k = i["key"].as_str().unwrap();
        k.starts_with("S-") && k[2..].parse::<i64>().unwrap() > 64
    }) {
        let parent = item["parent"].as_str().unwrap();
        assert!(parent[2..].parse::<i64>().unwrap() > 13, "{parent}");
        for d in item["depends_on"].as_array().unwrap() {
            let d = d.as_str().unwrap();
            let n: i64 = d[2..].parse().unwrap();
            assert!(if d.starts_with('S') { n > 64 } else { n > 13 }, "{d}");
        }
    }
    let shown = ok(&a, &["list", "--kind", "initiative"]);
    assert!(
        shown.find("I-5").unwrap() < shown.find("I-6").unwrap(),
        "merged initiatives come after"
    );
}

#[test]
fn malformed_inputs_fail_with_lines_and_change_nothing() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("b.db");
    ok(&db, &["demo"]);
    let full = ok(&db, &["export"]);
    let before = std::fs::read(&db).unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let cut = full.len() / 3;
    let truncated = write("truncated.json", &full.as_bytes()[..cut]);
    let lines_in_cut = full[..cut].matches('\n').count() + 1;
    let newer = write(
        "newer.json",
        b"{\n  \"format\": \"backlog\",\n  \"version\": 7,\n  \"items\": []\n}\n",
    );
    let bad_quote = write(
        "bad.csv",
        b"Summary,Status\nPay by card,Done\n\"Refunds,To Do\nInvoices,Done\n",
    );
    let latin1 = write(
        "latin1.txt",
        b"As a user, I want x\nAs a caf\xe9 owner, I want y\n",
    );
    let latin1_csv = write("latin1.csv", b"Summary\nok\nna\xefve\n");
    let bad_points = write("points.csv", b"Summary,Story Points\nA,3\nB,-2\n");
    let cases: Vec<(PathBuf, String, &str)> = vec![
        (
            truncated.clone(),
            format!("{}:{lines_in_cut}:", path(&truncated)),
            "truncated",
        ),
        (
            newer.clone(),
            format!("{}:3:", path(&newer)),
            "version 7 is newer",
        ),
        (
            bad_quote.clone(),
            format!("{}:3:", path(&bad_quote)),
            "bad quote",
        ),
        (latin1.clone(), format!("{}:2:", path(&latin1)), "not UTF-8"),
        (
            latin1_csv.clone(),
            format!("{}:3:", path(&latin1_csv)),
            "not UTF-8",
        ),
        (
            bad_points.clone(),
            format!("{}:3:", path(&bad_points)),
            "invalid points `-2`",
        ),
    ];
    for (file, at, why) in cases {
        // Into the demo backlog (--merge so that documents are not refused
        // for the file being non-empty) and into a file that does not exist.
        let mut args = vec!["import", path(&file)];
        if file.extension().unwrap() == "json" {
            args.push("--merge");
        }
        let err = fails(&db, &args);
        assert!(err.starts_with(&format!("error: {at} ")), "{err}");
        assert!(err.contains(why), "{err}");
        assert_eq!(std::fs::read(&db).unwrap(), before, "{}", file.display());
        let fresh = dir.path().join("fresh.db");
        fails(&fresh, &args[..2]);
        assert!(!fresh.exists(), "a failed import creates no file");
    }
    // A link to a missing epic fails inside the transaction: nothing lands.
    let good = write("good.txt", b"As a user, I want x\n");
    let err = fails(&db, &["import", path(&good), "--epic", "E-99"]);
    assert!(err.contains("E-99 does not exist"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), before);
    assert_eq!(ok(&db, &["export"]), full);
}

#[test]
fn dry_runs_write_nothing() {
    let dir = TempDir::new().unwrap();
    let file = realdata().join("user_stories/dalpiaz2018/g16-mis.txt");
    let missing = dir.path().join("new.db");
    let out = ok(&missing, &["import", path(&file), "--dry-run"]);
    assert!(
        out.contains("would create 1 initiative, 2 epics, 66 stories"),
        "{out}"
    );
    assert!(
        out.contains("line 35: the heading “Auditing & Reporting” became an epic"),
        "{out}"
    );
    assert!(
        out.contains("line 48 continues the sentence of line 47: joined"),
        "{out}"
    );
    assert!(out.ends_with("nothing was written (dry run)\n"), "{out}");
    assert!(!missing.exists());

    let db = dir.path().join("b.db");
    ok(&db, &["demo"]);
    let before = std::fs::read(&db).unwrap();
    let dry = ok(&db, &["import", path(&file), "--dry-run"]);
    assert_eq!(std::fs::read(&db).unwrap(), before);
    let real = ok(&db, &["import", path(&file)]);
    assert_eq!(
        dry.lines().skip(1).take(4).collect::<Vec<_>>(),
        real.lines().skip(1).take(4).collect::<Vec<_>>(),
        "the dry run reports the same keys"
    );
}

#[test]
fn stories_go_into_a_given_epic() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("b.db");
    ok(&db, &["add", "initiative", "Archive"]);
    ok(&db, &["add", "epic", "Researchers", "--initiative", "I-1"]);
    let file = realdata().join("user_stories/rockefeller/researchers.csv");
    let out = ok(&db, &["import", path(&file), "--epic", "E-1"]);
    assert!(out.contains(": 35 stories"), "{out}");
    let s = stories(&db);
    assert_eq!(s.len(), 35);
    assert!(s.iter().all(|v| v["parent"] == "E-1"));
    let err = fails(&db, &["import", path(&file), "--epic", "I-1"]);
    assert!(err.contains("--epic takes an epic key"), "{err}");
    assert!(out.ends_with("undo it with `backlog undo`\n"), "{out}");
    ok(&db, &["undo"]);
    assert!(stories(&db).is_empty(), "undo takes the whole import back");
}

#[test]
fn formats_come_from_names_or_flags() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("b.db");
    let odd = dir.path().join("stories.list");
    std::fs::write(&odd, "As a PM, I want to rank the backlog\n").unwrap();
    let err = fails(&db, &["import", path(&odd)]);
    assert!(err.contains("--format json, csv or stories"), "{err}");
    let out = ok(&db, &["import", path(&odd), "--format", "stories"]);
    assert!(out.contains("1 story"), "{out}");
    assert_eq!(stories(&db)[0]["title"], "Rank the backlog");
    let out = run(&db, &["import", path(&odd), "--map", "x"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a malformed --map is a usage error"
    );
}

#[test]
fn the_help_lists_every_map_field() {
    let out = bin().args(["import", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
    let listed = format!(
        "Fields for --map: {}.",
        backlog::transfer::import_csv::field_names().join(", ")
    );
    assert!(help.contains(&listed), "{help}");
}

#[test]
fn snapshots_travel_with_the_export() {
    let dir = TempDir::new().unwrap();
    let a = dir.path().join("a.db");
    ok(&a, &["demo"]);
    ok(&a, &["snapshot", "take", "Q3 review"]);
    ok(&a, &["edit", "E-6", "--lane", "now"]);
    let before = ok(&a, &["snapshot", "show", "Q3 review", "--format", "md"]);
    let e1 = dir.path().join("e1.json");
    ok(&a, &["export", "-o", path(&e1)]);
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&e1).unwrap()).unwrap();
    // The demo's own snapshot (taken a week into its history), then this one.
    let names: Vec<&str> = doc["snapshots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert_eq!(names[1], "Q3 review");

    // Into a new file: the snapshot is there, exactly as taken, and the
    // export of the import is byte-identical.
    let b = dir.path().join("b.db");
    let report = ok(&b, &["import", path(&e1)]);
    assert!(
        report.contains(&format!("2 roadmap snapshots: {}, Q3 review", names[0])),
        "{report}"
    );
    assert_eq!(
        ok(&b, &["snapshot", "show", "Q3 review", "--format", "md"]),
        before
    );
    let diff = ok(&b, &["diff", "Q3 review"]);
    assert!(
        diff.contains("E-6") && diff.contains("next → now"),
        "{diff}"
    );
    let e2 = dir.path().join("e2.json");
    ok(&b, &["export", "-o", path(&e2)]);
    assert_eq!(std::fs::read(&e1).unwrap(), std::fs::read(&e2).unwrap());

    // A merge adds the items but not the other backlog's snapshots.
    let merged = ok(&a, &["import", path(&e1), "--merge"]);
    assert!(merged.contains("snapshots not merged"), "{merged}");
    let list = ok(&a, &["snapshot", "list"]);
    assert_eq!(list.matches("Q3 review").count(), 1, "{list}");
}

/// An export with `updated` dropped from every item: undo and redo move it
/// on (as they always did).
fn without_updated(text: &str) -> Value {
    let mut v: Value = serde_json::from_str(text).unwrap();
    for i in v["items"].as_array_mut().unwrap() {
        i.as_object_mut().unwrap().remove("updated");
    }
    v
}

fn sql_count(db: &Path, sql: &str) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn an_import_is_undone_and_redone_whole() {
    let dir = TempDir::new().unwrap();
    let src = dir.path().join("src.db");
    ok(
        &src,
        &[
            "dev",
            "generate",
            path(&src),
            "--stories",
            "400",
            "--seed",
            "3",
        ],
    );
    let doc = dir.path().join("doc.json");
    ok(&src, &["export", "-o", path(&doc)]);
    let db = dir.path().join("b.db");
    ok(&db, &["import", path(&doc)]);
    let exported = ok(&db, &["export"]);
    assert_eq!(
        without_updated(&exported),
        without_updated(&std::fs::read_to_string(&doc).unwrap())
    );
    // The history records every item as created, without a copy of it.
    let items = sql_count(&db, "SELECT count(*) FROM items");
    assert!(items > 400);
    assert_eq!(sql_count(&db, "SELECT count(*) FROM history"), items);
    assert_eq!(
        sql_count(&db, "SELECT count(*) FROM history WHERE after IS NOT NULL"),
        0
    );
    for round in 0..2 {
        let out = ok(&db, &["undo"]);
        assert!(out.contains("import"), "round {round}: {out}");
        let left: Value =
            serde_json::from_str(&ok(&db, &["list", "--archived", "--json"])).unwrap();
        assert_eq!(
            left,
            Value::Array(vec![]),
            "round {round}: undo removes every item"
        );
        ok(&db, &["redo"]);
        assert_eq!(
            without_updated(&ok(&db, &["export"])),
            without_updated(&exported),
            "round {round}: redo brings every item back as it was"
        );
    }
}

/// A file in `dir` into which an export of the demo (the second path) was
/// imported: one bulk change.
fn demo_imported(dir: &TempDir) -> (std::path::PathBuf, std::path::PathBuf) {
    let src = dir.path().join("src.db");
    ok(&src, &["demo"]);
    let doc = dir.path().join("doc.json");
    ok(&src, &["export", "-o", path(&doc)]);
    let db = dir.path().join("b.db");
    ok(&db, &["import", path(&doc)]);
    (db, doc)
}

#[test]
fn an_import_is_undone_after_a_later_change_to_its_items_is() {
    // Refusal while an imported item is changed is tested on the store
    // (`undo_change`, as the TUI undoes its own change): from the command
    // line, undo always takes the latest change first.
    let dir = TempDir::new().unwrap();
    let (db, _) = demo_imported(&dir);
    let exported = ok(&db, &["export"]);
    let n = sql_count(&db, "SELECT count(*) FROM items");
    ok(&db, &["edit", "S-2", "--title", "A new title"]);
    let out = ok(&db, &["undo"]);
    assert!(out.contains("edit"), "{out}");
    let out = ok(&db, &["undo"]);
    assert!(out.contains("import"), "{out}");
    assert_eq!(sql_count(&db, "SELECT count(*) FROM items"), 0);
    ok(&db, &["redo"]);
    assert_eq!(sql_count(&db, "SELECT count(*) FROM items"), n);
    assert_eq!(
        without_updated(&ok(&db, &["export"])),
        without_updated(&exported)
    );
}

#[test]
fn show_history_of_an_imported_item_reads_as_before() {
    let dir = TempDir::new().unwrap();
    let (db, doc) = demo_imported(&dir);
    let title = stories(&db)[0]["title"].as_str().unwrap().to_string();
    let key = stories(&db)[0]["key"].as_str().unwrap().to_string();
    let text = ok(&db, &["show", &key, "--history"]);
    let import_line = format!(
        "  2026-05-04 09:30:00  import {}  by tester\n      created\n",
        path(&doc)
    );
    assert!(text.ends_with(&format!("History\n{import_line}")), "{text}");

    ok(&db, &["edit", &key, "--title", "A clearer title"]);
    let text = ok(&db, &["show", &key, "--history"]);
    assert!(text.contains(&import_line), "{text}");
    assert!(
        text.contains(&format!("title: “{title}” → “A clearer title”")),
        "{text}"
    );
    let v: Value = serde_json::from_str(&ok(&db, &["show", &key, "--history", "--json"])).unwrap();
    let h = v["history"].as_array().unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[0]["created"], true);
    assert_eq!(h[0]["summary"], format!("import {}", path(&doc)));
    assert_eq!(h[1]["created"], false);
    assert_eq!(
        h[1]["changes"],
        serde_json::json!([{"field": "title", "old": title, "new": "A clearer title"}])
    );
}

#[test]
fn a_file_with_an_older_full_import_history_is_upgraded_and_undoes_it() {
    // Schema 3 wrote every imported item's state into the history. Make
    // such a file: import, undo and redo (the undo's record holds each
    // state; it is copied into the import's rows), then take the file
    // back to schema 3. Schema 3 had no customer insights
    // (schema 8 brought them): the demo's document is imported without.
    // An item edited after the import (the edit undone first) makes the
    // undo and redo of the import go item by item, so that the undo's
    // record holds each state as JSON (an undo of an import taken whole
    // moves the items to the shelf of schema 12 instead).
    let dir = TempDir::new().unwrap();
    let (_, doc) = demo_imported(&dir);
    let mut document: Value =
        serde_json::from_str(&std::fs::read_to_string(&doc).unwrap()).unwrap();
    document["items"]
        .as_array_mut()
        .unwrap()
        .retain(|i| i["kind"] != "insight");
    document["next_keys"]
        .as_object_mut()
        .unwrap()
        .remove("insight");
    let without = dir.path().join("without-insights.json");
    std::fs::write(&without, serde_json::to_string_pretty(&document).unwrap()).unwrap();
    let db = dir.path().join("v3.db");
    ok(&db, &["import", path(&without)]);
    ok(&db, &["edit", "I-1", "--title", "Edited after the import"]);
    ok(&db, &["undo"]);
    ok(&db, &["undo"]);
    ok(&db, &["redo"]);
    assert_eq!(sql_count(&db, "SELECT count(*) FROM shelf"), 0);
    let exported = ok(&db, &["export"]);
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        // Schema 3 kept no records of undo and redo (schema 7 does).
        c.execute_batch(
            "UPDATE history SET after = (SELECT r.before FROM history r \
             JOIN changes u ON u.id = r.change_id WHERE u.kind = 2 \
             AND u.summary LIKE 'undo: import%' \
             AND r.item_key = history.item_key AND r.before IS NOT NULL ORDER BY r.id LIMIT 1) \
             WHERE before IS NULL AND after IS NULL \
             AND change_id IN (SELECT id FROM changes WHERE kind = 0 AND bulk = 1); \
             DELETE FROM history WHERE change_id IN (SELECT id FROM changes WHERE kind = 2); \
             DELETE FROM changes WHERE kind = 2; ALTER TABLE changes DROP COLUMN kind; \
             DROP TABLE shelf; DROP TABLE shelf_links; DROP TABLE shelf_decisions; \
             ALTER TABLE changes DROP COLUMN stepped; \
             DROP TABLE backlog_settings; ALTER TABLE items DROP COLUMN source; \
             DROP INDEX items_external_key; ALTER TABLE items DROP COLUMN external_key; \
             ALTER TABLE changes DROP COLUMN author; ALTER TABLE changes DROP COLUMN bulk; \
             PRAGMA user_version = 3;",
        )
        .unwrap();
    }
    assert_eq!(
        sql_count(&db, "SELECT count(*) FROM history WHERE after IS NULL"),
        0
    );
    let out = run(&db, &["undo"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("upgraded"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(sql_count(&db, "SELECT count(*) FROM items"), 0);
    ok(&db, &["redo"]);
    assert_eq!(
        without_updated(&ok(&db, &["export"])),
        without_updated(&exported)
    );
}
