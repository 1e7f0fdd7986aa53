//! Backups: `backlog backup FILE` (SQLite's online backup API, safe while
//! another process writes), the automatic copy kept before a schema
//! migration, and the documented way to restore a copy.

mod common;

use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use backlog::domain::Key;
use backlog::store::{OpenMode, Store, schema};
use common::{Bk, cmd_for};
use rusqlite::Connection;

fn conn(path: &Path) -> Connection {
    Connection::open(path).unwrap()
}

fn pragma(path: &Path, name: &str) -> String {
    conn(path)
        .query_row(&format!("PRAGMA {name}"), [], |r| {
            r.get::<_, rusqlite::types::Value>(0)
        })
        .map(|v| match v {
            rusqlite::types::Value::Integer(i) => i.to_string(),
            rusqlite::types::Value::Text(t) => t,
            other => format!("{other:?}"),
        })
        .unwrap()
}

fn integrity(path: &Path) -> String {
    pragma(path, "integrity_check")
}

/// The schema (tables, indexes) of a file, as SQL, in a stable order.
fn schema_sql(c: &Connection) -> Vec<String> {
    let mut stmt = c
        .prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Every item row, as text: the stored data, read without `backlog`.
fn item_rows(path: &Path) -> Vec<String> {
    let c = conn(path);
    let mut stmt = c
        .prepare(
            "SELECT json_array(kind, num, title, version, criteria, labels) FROM items ORDER BY id",
        )
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// What a file holds: every item as `list --json` shows it, and the
/// history, changes and snapshots tables (cheaper than `Bk::state`).
fn contents(path: &Path) -> String {
    let bk = Bk {
        dir: tempfile::tempdir().unwrap(),
        db: path.to_path_buf(),
    };
    let mut out = bk.ok(["list", "--archived", "--sort", "key", "--json"]);
    let c = conn(path);
    for q in [
        "SELECT json_group_array(json_array(change_id, item_key, before, after)) FROM (SELECT * FROM history ORDER BY id)",
        "SELECT json_group_array(json_array(at, summary, note, state)) FROM (SELECT * FROM changes ORDER BY id)",
        "SELECT json_group_array(json_array(name, taken, document)) FROM (SELECT * FROM snapshots ORDER BY id)",
    ] {
        out.push_str(&c.query_row(q, [], |r| r.get::<_, String>(0)).unwrap());
    }
    out
}

/// A schema-1 file holding the demo backlog: the demo loaded by this build,
/// then its rows copied into a file made by the first migration alone
/// (its customer insights left out: schema 1 had none)
/// (rusqlite_migration `to_version(1)`; since schema 8 `items` and the
/// tables referring to it are rebuilt, so the old tables cannot be had by
/// dropping columns). Checks it has exactly that schema.
fn v1_demo(bk: &Bk) {
    bk.ok(["demo"]);
    // Since schema 4 a bulk insertion leaves the items' states out of the
    // history; undo writes them in (and redo keeps them), as schema 1 had.
    // The demo is its load and the stories finished since: every change
    // is undone, then redone.
    let changes: i64 = conn(&bk.db)
        .query_row("SELECT count(*) FROM changes", [], |r| r.get(0))
        .unwrap();
    for _ in 0..changes {
        bk.ok(["undo"]);
    }
    for _ in 0..changes {
        bk.ok(["redo"]);
    }
    let v1 = bk.path("v1.db");
    {
        let c = conn(&bk.db);
        // Since schema 7 undo and redo are recorded as changes of their
        // own: an older build kept no such rows.
        c.execute_batch(
            "DELETE FROM history WHERE change_id IN (SELECT id FROM changes WHERE kind = 2); \
             DELETE FROM changes WHERE kind = 2;",
        )
        .unwrap();
        c.pragma_update(None, "wal_checkpoint", "TRUNCATE").unwrap();
        let mut fresh = Connection::open(&v1).unwrap();
        schema::migrations().to_version(&mut fresh, 1).unwrap();
        fresh
            .pragma_update(None, "application_id", schema::APPLICATION_ID)
            .unwrap();
        fresh
            .execute_batch(&format!(
                "ATTACH '{}' AS cur; \
                 UPDATE key_seq SET next = (SELECT next FROM cur.key_seq k WHERE k.kind = key_seq.kind); \
                 INSERT INTO items (id, kind, num, parent_id, title, description, status, lane, owner, \
                   labels, rank, archived, outcome, hypothesis, metrics, persona, goal, benefit, points, \
                   criteria, reach, impact, confidence, effort, wsjf_value, wsjf_time, wsjf_risk, \
                   wsjf_size, created, updated, version) \
                 SELECT id, kind, num, parent_id, title, description, status, lane, owner, \
                   labels, rank, archived, outcome, hypothesis, metrics, persona, goal, benefit, points, \
                   criteria, reach, impact, confidence, effort, wsjf_value, wsjf_time, wsjf_risk, \
                   wsjf_size, created, updated, version FROM cur.items \
                   WHERE kind IN ('I', 'E', 'S') ORDER BY id; \
                 INSERT INTO dependencies SELECT item_id, depends_on FROM cur.dependencies \
                   WHERE item_id IN (SELECT id FROM main.items); \
                 INSERT INTO decisions SELECT id, item_id, position, date, decision, rationale \
                   FROM cur.decisions; \
                 INSERT INTO changes (id, at, summary, note, state) \
                   SELECT id, at, summary, note, state FROM cur.changes ORDER BY id; \
                 INSERT INTO history (id, change_id, item_id, item_key, before, after) \
                   SELECT id, change_id, item_id, item_key, before, after FROM cur.history \
                   WHERE item_key NOT LIKE 'F-%' ORDER BY id; \
                 DETACH cur;",
                bk.db.display()
            ))
            .unwrap();
        fresh.pragma_update(None, "journal_mode", "WAL").unwrap();
        let mut reference = Connection::open_in_memory().unwrap();
        schema::migrations().to_version(&mut reference, 1).unwrap();
        assert_eq!(schema_sql(&fresh), schema_sql(&reference));
    }
    for end in ["-wal", "-shm"] {
        let side = format!("{}{end}", bk.db.display());
        let _ = std::fs::remove_file(side);
    }
    std::fs::rename(&v1, &bk.db).unwrap();
    for end in ["-wal", "-shm"] {
        let side = format!("{}{end}", v1.display());
        if Path::new(&side).exists() {
            std::fs::rename(&side, format!("{}{end}", bk.db.display())).unwrap();
        }
    }
    assert_eq!(pragma(&bk.db, "user_version"), "1");
}

#[test]
fn backup_copies_everything_into_one_checked_file() {
    let bk = Bk::demo();
    bk.ok(["ac", "add", "S-1", "A criterion added after the demo"]);
    bk.ok(["snapshot", "take", "Q3 review"]);
    let copy = bk.path("copy.db");
    let out = bk.ok(["backup".as_ref(), copy.as_os_str()]);
    assert!(out.starts_with("backed up "), "{out}");
    assert!(out.contains("copy.db"), "{out}");
    assert_eq!(integrity(&copy), "ok");
    // One self-contained file: a rollback journal, nothing beside it.
    assert_eq!(pragma(&copy, "journal_mode"), "delete");
    let names: Vec<String> = std::fs::read_dir(bk.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.starts_with(".backlog-backup-")),
        "a temporary file was left behind: {names:?}"
    );
    // The copy is the same backlog: items, history, snapshots.
    assert_eq!(contents(&copy), contents(&bk.db));
}

#[test]
fn backup_refuses_to_overwrite_unless_forced() {
    let bk = Bk::with_stories(1);
    let copy = bk.path("copy.db");
    std::fs::write(&copy, b"precious, not a backlog").unwrap();
    let line = bk.err(["backup".as_ref(), copy.as_os_str()]);
    assert!(line.contains("already exists"), "{line}");
    assert!(line.contains("--force"), "{line}");
    assert_eq!(std::fs::read(&copy).unwrap(), b"precious, not a backlog");

    bk.ok(["backup".as_ref(), copy.as_os_str(), "--force".as_ref()]);
    assert_eq!(integrity(&copy), "ok");
    let c = Bk {
        dir: tempfile::tempdir().unwrap(),
        db: copy,
    };
    assert_eq!(c.show("S-1")["title"], "Story number 1");
}

#[test]
fn backup_refuses_bad_targets_and_missing_sources() {
    let bk = Bk::with_stories(1);
    let bytes = bk.bytes();
    // The file itself, a directory, a missing directory.
    let line = bk.err(["backup".as_ref(), bk.db.as_os_str(), "--force".as_ref()]);
    assert!(line.contains("the backlog file itself"), "{line}");
    let line = bk.err(["backup".as_ref(), bk.dir.path().as_os_str()]);
    assert!(line.contains("is a directory"), "{line}");
    let line = bk.err(["backup", "/no/such/dir/copy.db"]);
    assert!(line.contains("does not exist"), "{line}");
    assert!(bk.bytes() == bytes, "a refused backup changed the file");
    // No backlog file: nothing to copy, and nothing is created.
    let none = Bk::empty();
    let copy = none.path("copy.db");
    let line = none.err(["backup".as_ref(), copy.as_os_str()]);
    assert!(line.contains("no backlog file"), "{line}");
    assert!(!copy.exists() && !none.db.exists());
}

#[test]
fn a_read_only_file_can_be_backed_up() {
    use std::os::unix::fs::PermissionsExt;
    let bk = Bk::with_stories(2);
    std::fs::set_permissions(&bk.db, std::fs::Permissions::from_mode(0o444)).unwrap();
    let copy = bk.path("copy.db");
    bk.ok(["backup".as_ref(), copy.as_os_str()]);
    assert_eq!(integrity(&copy), "ok");
    assert_eq!(item_rows(&copy), item_rows(&bk.db));
}

#[test]
fn backup_includes_what_another_process_has_not_checkpointed() {
    // The TUI keeps its connection open: its last writes sit in the WAL.
    let bk = Bk::with_stories(1);
    let mut tui = Store::open(&bk.db, OpenMode::Existing).unwrap();
    let s1: Key = "S-1".parse().unwrap();
    tui.write("add a criterion", |tx| {
        tx.modify(s1, |i| Ok(i.add_criterion("Only in the WAL so far")?))
    })
    .unwrap();
    assert!(bk.path("backlog.db-wal").exists());
    let copy = bk.path("copy.db");
    bk.ok(["backup".as_ref(), copy.as_os_str()]);
    let c = Bk {
        dir: tempfile::tempdir().unwrap(),
        db: copy,
    };
    assert_eq!(
        c.show("S-1")["acceptance_criteria"][0]["text"],
        "Only in the WAL so far"
    );
    drop(tui);
}

#[test]
fn backups_taken_while_another_process_writes_are_consistent() {
    let bk = Bk::with_stories(1);
    let db = bk.db.clone();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let stop = stop.clone();
        thread::spawn(move || {
            // An open TUI writing: one long-lived connection, many commits.
            let mut tui = Store::open(&db, OpenMode::Existing).unwrap();
            let s1: Key = "S-1".parse().unwrap();
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                n += 1;
                tui.write("edit", |tx| {
                    tx.modify(s1, |i| {
                        i.add_criterion(&format!("criterion {n}"))?;
                        i.owner = Some(format!("owner {n}"));
                        Ok(())
                    })
                })
                .unwrap();
            }
            n
        })
    };
    let started = Instant::now();
    let mut last = 0;
    let mut copies = 0;
    while copies < 8 || started.elapsed() < Duration::from_millis(500) {
        copies += 1;
        let copy = bk.path(&format!("copy{copies}.db"));
        bk.ok(["backup".as_ref(), copy.as_os_str()]);
        assert_eq!(integrity(&copy), "ok");
        let c = Bk {
            dir: tempfile::tempdir().unwrap(),
            db: copy,
        };
        let s = c.show("S-1");
        let criteria = s["acceptance_criteria"].as_array().unwrap();
        let n = criteria.len();
        // Whole writes only: the owner and the last criterion agree, and
        // the version counts every write.
        if n > 0 {
            assert_eq!(s["owner"], format!("owner {n}"));
            assert_eq!(criteria[n - 1]["text"], format!("criterion {n}"));
        }
        assert_eq!(s["version"], 1 + n as i64);
        assert!(n >= last, "a later copy has fewer writes");
        last = n;
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let written = writer.join().unwrap();
    assert!(written > 0 && last > 0, "the writer wrote {written}");
}

#[test]
fn an_old_file_is_copied_before_it_is_upgraded() {
    let bk = Bk::empty();
    v1_demo(&bk);
    let rows = item_rows(&bk.db);
    let bak = bk.path("backlog.db.v1.bak");

    // The first command migrates, says so on stderr, and works.
    let out = bk.cmd().args(["list", "--json"]).output().unwrap();
    assert!(out.status.success());
    let note = String::from_utf8(out.stderr).unwrap();
    assert!(note.starts_with("note: upgraded "), "{note}");
    assert!(note.contains("backlog.db.v1.bak"), "{note}");
    assert_eq!(note.lines().count(), 1);
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), rows.len());

    // The copy is the schema-1 file as it was, whole and readable alone.
    assert_eq!(integrity(&bak), "ok");
    assert_eq!(pragma(&bak, "user_version"), "1");
    assert_eq!(pragma(&bak, "journal_mode"), "delete");
    assert_eq!(item_rows(&bak), rows);
    // The file itself is now at the latest schema, with the same items.
    assert_eq!(
        pragma(&bk.db, "user_version"),
        schema::LATEST_VERSION.to_string()
    );
    assert_eq!(item_rows(&bk.db), rows);
    bk.ok(["snapshot", "take", "after the upgrade"]);

    // Opening it again migrates nothing and copies nothing.
    let out = bk.cmd().args(["list"]).output().unwrap();
    assert!(out.status.success() && out.stderr.is_empty());
    let baks = std::fs::read_dir(bk.dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".bak")
        })
        .count();
    assert_eq!(baks, 1);
}

#[test]
fn new_and_current_files_get_no_migration_copy() {
    let bk = Bk::with_stories(1);
    bk.ok(["list"]);
    bk.ok(["ac", "add", "S-1", "x"]);
    let names: Vec<String> = std::fs::read_dir(bk.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains(".bak")), "{names:?}");
}

#[test]
fn an_earlier_migration_copy_is_never_overwritten() {
    let bk = Bk::empty();
    v1_demo(&bk);
    std::fs::write(bk.path("backlog.db.v1.bak"), b"an older copy").unwrap();
    let out = bk.cmd().arg("list").output().unwrap();
    assert!(out.status.success());
    let note = String::from_utf8(out.stderr).unwrap();
    assert!(note.contains("backlog.db.v1-2.bak"), "{note}");
    assert_eq!(
        std::fs::read(bk.path("backlog.db.v1.bak")).unwrap(),
        b"an older copy"
    );
    assert_eq!(integrity(&bk.path("backlog.db.v1-2.bak")), "ok");
}

#[test]
fn processes_opening_an_old_file_at_once_migrate_it_once() {
    for round in 0..3 {
        let bk = Bk::empty();
        v1_demo(&bk);
        let rows = item_rows(&bk.db);
        let criteria: i64 = conn(&bk.db)
            .query_row(
                "SELECT json_array_length(criteria) FROM items WHERE kind = 'S' AND num = 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let handles: Vec<_> = (0..5)
            .map(|i| {
                let db = bk.db.clone();
                thread::spawn(move || {
                    let args: Vec<String> = if i % 2 == 0 {
                        vec!["list".into()]
                    } else {
                        vec!["ac".into(), "add".into(), "S-1".into(), format!("c{i}")]
                    };
                    cmd_for(&db).args(&args).output().unwrap()
                })
            })
            .collect();
        let mut notes = 0;
        for h in handles {
            let out = h.join().unwrap();
            assert!(
                out.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            notes += usize::from(!out.stderr.is_empty());
        }
        assert_eq!(notes, 1, "round {round}: exactly one process upgrades");
        assert_eq!(item_rows(&bk.path("backlog.db.v1.bak")), rows);
        assert!(!bk.path("backlog.db.v1-2.bak").exists());
        assert_eq!(
            bk.show("S-1")["acceptance_criteria"]
                .as_array()
                .unwrap()
                .len(),
            criteria as usize + 2,
            "round {round}"
        );
    }
}

#[test]
fn processes_creating_one_file_at_once_all_succeed() {
    // Regression: the second of two commands creating a new file failed
    // with "table key_seq already exists", "database is locked", or "not a
    // backlog file" depending on timing.
    for round in 0..12 {
        let bk = Bk::empty();
        let handles: Vec<_> = (0..6)
            .map(|i| {
                let db = bk.db.clone();
                thread::spawn(move || {
                    cmd_for(&db)
                        .args(["add", "initiative", &format!("Initiative {i}")])
                        .output()
                        .unwrap()
                })
            })
            .collect();
        for h in handles {
            let out = h.join().unwrap();
            assert!(
                out.status.success() && out.stderr.is_empty(),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert_eq!(bk.json(["list", "--json"]).as_array().unwrap().len(), 6);
    }
}

#[test]
fn a_backup_restores_as_documented() {
    // docs/RELIABILITY.md, "Restoring": with no backlog running, move the
    // file and its -wal/-shm aside together, then copy the backup in place.
    let bk = Bk::demo();
    let copy = bk.path("monday.db");
    bk.ok(["backup".as_ref(), copy.as_os_str()]);
    let monday = contents(&bk.db);
    // Later work, some of it still in the WAL of an open connection.
    bk.ok(["rm", "I-1"]);
    bk.ok(["add", "initiative", "Tuesday's idea"]);
    let mut open = Store::open(&bk.db, OpenMode::Existing).unwrap();
    let i1: Key = "I-2".parse().unwrap();
    open.write("edit", |tx| {
        tx.modify(i1, |i| {
            i.owner = Some("Tue".into());
            Ok(())
        })
    })
    .unwrap();
    std::mem::forget(open); // as if that process had crashed
    assert_ne!(contents(&bk.db), monday);

    let aside = bk.path("aside");
    std::fs::create_dir(&aside).unwrap();
    for suffix in ["", "-wal", "-shm"] {
        let f = bk.path(&format!("backlog.db{suffix}"));
        if f.exists() {
            std::fs::rename(&f, aside.join(format!("backlog.db{suffix}"))).unwrap();
        }
    }
    std::fs::copy(&copy, &bk.db).unwrap();
    assert_eq!(contents(&bk.db), monday);
    assert_eq!(integrity(&bk.db), "ok");
    // What was moved aside is intact too (it keeps its WAL beside it).
    assert_eq!(integrity(&aside.join("backlog.db")), "ok");
}

#[test]
fn backup_with_no_argument_is_a_usage_error() {
    let bk = Bk::with_stories(0);
    bk.usage_err(["backup"]);
    let out = bk.run(["backup", "a.db", "b.db"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_read_only_old_file_is_refused_clearly_and_left_alone() {
    // Regression: it opened without its upgrade, and commands that need the
    // new schema failed with "database error: no such table: snapshots".
    use std::os::unix::fs::PermissionsExt;
    let bk = Bk::empty();
    v1_demo(&bk);
    std::fs::set_permissions(&bk.db, std::fs::Permissions::from_mode(0o444)).unwrap();
    let bytes = bk.bytes();
    for args in [&["list"][..], &["snapshot", "list"], &["export"]] {
        let line = bk.err(args);
        assert!(
            line.contains("read-only")
                && line.contains("older version")
                && line.contains("schema 1"),
            "{line}"
        );
        assert!(bk.bytes() == bytes);
    }
    assert!(!bk.path("backlog.db.v1.bak").exists());
}
