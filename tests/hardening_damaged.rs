//! A damaged backlog file (issue 14, item 5), through the real binary:
//! files made by `backlog demo`, then cut inside their last page or
//! overwritten inside cell content. Reads say the file is damaged and
//! what to do; every write is refused; no byte of the file changes;
//! `check` reports it and `salvage` saves what is readable.

mod common;

use std::path::Path;

use common::{Bk, cmd_for, runtime_error};

/// Commands that write, each of which must be refused on a damaged file.
const WRITES: &[&[&str]] = &[
    &["add", "initiative", "Another"],
    &["edit", "I-1", "--title", "x"],
    &["ac", "add", "S-2", "x"],
    &["score", "E-1", "--reach", "1"],
    &["rm", "S-3"],
    &["undo"],
    &["demo", "--force"],
    &["init"],
];

/// Each of `commands` fails with one line naming the damage and the way
/// out, and leaves the file byte for byte as it was.
fn refused(bk: &Bk, commands: &[&[&str]], bytes: &[u8]) {
    for args in commands {
        let line = bk.err(*args);
        assert!(
            line.contains("is corrupt") && line.contains("backlog check"),
            "`backlog {}`: {line}",
            args.join(" ")
        );
        assert!(
            !line.contains("Conversion error") && line.len() < 400,
            "`backlog {}` is not one short line: {line}",
            args.join(" ")
        );
        assert!(bk.bytes() == bytes, "`{}` changed the file", args.join(" "));
    }
}

/// Overwrites the first byte of every occurrence of `needle` with 0x01.
fn overwrite_all(bytes: &mut [u8], needle: &[u8]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i + needle.len() <= bytes.len() {
        if &bytes[i..i + needle.len()] == needle {
            bytes[i] = 1;
            n += 1;
            i += needle.len();
        } else {
            i += 1;
        }
    }
    n
}

/// A demo backlog whose stored criteria no longer decode: the quote
/// before `done` in every criterion is overwritten in place.
fn damaged_cells() -> (Bk, Vec<u8>) {
    let bk = Bk::demo();
    let mut bytes = bk.bytes();
    assert!(overwrite_all(&mut bytes, b"\"done\":") > 10);
    std::fs::write(&bk.db, &bytes).unwrap();
    (bk, bytes)
}

#[test]
fn a_file_cut_inside_its_last_page_refuses_everything_and_changes_nothing() {
    let bk = Bk::demo();
    let mut bytes = bk.bytes();
    bytes.truncate(bytes.len() - 100);
    std::fs::write(&bk.db, &bytes).unwrap();
    refused(&bk, &[&["list"], &["show", "S-1"], &["roadmap"]], &bytes);
    refused(&bk, WRITES, &bytes);
    let line = bk.err(["list"]);
    assert!(line.contains("cut short"), "{line}");
}

#[test]
fn bytes_overwritten_inside_a_cell_refuse_every_write_once_found() {
    let (bk, bytes) = damaged_cells();
    // A read of the damaged criteria finds it (the `list` table does not
    // read criteria; `list --json` does).
    let line = bk.err(["list", "--json"]);
    assert!(line.contains("stored value cannot be read"), "{line}");
    refused(&bk, &[&["show", "S-1"], &["export"]], &bytes);
    refused(&bk, WRITES, &bytes);
    assert!(bk.path("backlog.db-damaged").exists());
}

#[test]
fn a_failed_read_of_a_rollback_journal_file_changes_no_byte() {
    // A backup is a rollback-journal file (one self-contained file).
    let src = Bk::demo();
    let bk = Bk::empty();
    src.ok(["backup".as_ref(), bk.db.as_os_str()]);
    let sound = bk.bytes();
    assert_eq!(sound[18], 1, "a backup is not in WAL mode");
    bk.ok(["list"]);
    assert!(bk.bytes() == sound, "a read changed a sound rollback file");
    let mut bytes = sound.clone();
    assert!(overwrite_all(&mut bytes, b"\"done\":") > 10);
    std::fs::write(&bk.db, &bytes).unwrap();
    refused(
        &bk,
        &[&["list", "--json"], &["export"], &["roadmap"]],
        &bytes,
    );
    assert_eq!(bk.bytes()[18..20], [1, 1]);
}

#[test]
fn check_says_whether_a_file_is_sound_and_what_to_do() {
    let bk = Bk::demo();
    let good = bk.bytes();
    let out = bk.ok(["check"]);
    // The demo's 82 items of the hierarchy and its 33 customer insights.
    assert!(
        out.contains("is sound") && out.contains("115 items"),
        "{out}"
    );
    let report = bk.json(["check", "--json"]);
    assert_eq!(report["damaged"], false);
    assert_eq!(report["items"], 115);

    let (bk, bytes) = damaged_cells();
    let out = bk.run(["check"]);
    let line = runtime_error(&std::process::Output {
        status: out.status,
        stdout: Vec::new(),
        stderr: out.stderr.clone(),
    });
    assert!(line.contains("is damaged"), "{line}");
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(
        report.contains("items cannot be read: S-")
            && report.contains("Restore a backup")
            && report.contains("backlog salvage"),
        "{report}"
    );
    let out = bk.run(["check", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["damaged"], true);
    let lost = json["lost"].as_array().unwrap();
    assert!(!lost.is_empty() && lost.iter().all(|l| l["key"].is_string()));
    assert_eq!(json["items"].as_u64().unwrap() as usize + lost.len(), 115);
    assert!(bk.bytes() == bytes, "check changed the file");

    // Restored from a good copy: writes stay refused until a check
    // passes, which says so.
    std::fs::write(&bk.db, &good).unwrap();
    refused(&bk, &[&["add", "initiative", "x"]], &good);
    let out = bk.ok(["check"]);
    assert!(
        out.contains("is sound") && out.contains("writes are allowed again"),
        "{out}"
    );
    assert_eq!(bk.ok(["add", "initiative", "After the restore"]), "I-6\n");
}

#[test]
fn check_reports_a_file_cut_short() {
    let bk = Bk::demo();
    let mut bytes = bk.bytes();
    bytes.truncate(bytes.len() - 1000);
    std::fs::write(&bk.db, &bytes).unwrap();
    let out = bk.run(["check", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let problems = json["problems"].to_string();
    assert!(problems.contains("cut short"), "{problems}");
    assert!(bk.bytes() == bytes);
}

/// Damages one item's row through SQL (a stored time that is not one).
fn damage_row(db: &Path, kind: &str, num: i64) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.pragma_update(None, "ignore_check_constraints", true)
        .unwrap();
    let n = conn
        .execute(
            "UPDATE items SET created = 'not a time' WHERE kind = ?1 AND num = ?2",
            rusqlite::params![kind, num],
        )
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn salvage_saves_every_readable_item_and_says_what_was_lost() {
    let bk = Bk::demo();
    let before = bk.json(["list", "--archived", "--json"]);
    let s1 = bk.show("S-1");
    let criterion = s1["acceptance_criteria"][0]["text"]
        .as_str()
        .unwrap()
        .to_string();
    // S-1's first criterion, overwritten in its row and its history.
    let mut bytes = bk.bytes();
    assert!(overwrite_all(&mut bytes, criterion.as_bytes()) >= 1);
    std::fs::write(&bk.db, &bytes).unwrap();
    // And epic E-2, parent of stories, through SQL.
    let e2_children: Vec<String> = before
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["parent"] == "E-2" && i["key"] != "S-1")
        .map(|i| i["key"].as_str().unwrap().to_string())
        .collect();
    assert!(!e2_children.is_empty());
    damage_row(&bk.db, "E", 2);
    let bytes = bk.bytes();

    let saved = bk.path("saved.json");
    let out = bk.ok([
        "salvage".as_ref(),
        bk.db.as_os_str(),
        "-o".as_ref(),
        saved.as_os_str(),
    ]);
    // Of the demo's 82 items and 33 customer insights; F-7's link to the
    // lost E-2 goes with it.
    assert!(out.contains("saved 113 of 115 items"), "{out}");
    assert!(out.contains("dropped 1 dependency on lost items"), "{out}");
    assert!(
        out.contains("lost: ") && out.contains("S-1 (") && out.contains("E-2 ("),
        "{out}"
    );
    assert!(
        out.contains("placeholders for lost parents: E-2, I-6"),
        "{out}"
    );
    assert!(bk.bytes() == bytes, "salvage changed the file");

    // The document makes a new backlog: every readable item as it was,
    // E-2's stories under a placeholder E-2.
    let new = Bk::empty();
    new.ok(["import".as_ref(), saved.as_os_str()]);
    let after = new.json(["list", "--archived", "--json"]);
    assert_eq!(after.as_array().unwrap().len(), 82 - 2 + 2);
    let insights = new.json(["insight", "list", "--json"]);
    assert_eq!(insights.as_array().unwrap().len(), 33);
    for item in before.as_array().unwrap() {
        let key = item["key"].as_str().unwrap();
        if key == "S-1" || key == "E-2" {
            continue;
        }
        let again = new.show(key);
        assert_eq!(again["title"], item["title"], "{key}");
    }
    assert!(
        new.show("E-2")["title"]
            .as_str()
            .unwrap()
            .contains("could not be read")
    );
    for child in &e2_children {
        assert_eq!(new.show(child)["parent"], "E-2");
    }
    // New keys continue after the old ones.
    assert_eq!(new.ok(["add", "initiative", "Next"]), "I-7\n");
}

#[test]
fn check_and_salvage_refuse_what_is_not_a_backlog() {
    let bk = Bk::empty();
    std::fs::write(&bk.db, b"not a database at all, just some text..........").unwrap();
    let line = bk.err(["check"]);
    assert!(line.contains("corrupt or not an SQLite database"), "{line}");
    let out = bk.path("x.json");
    let line = runtime_error(
        &cmd_for(&bk.db)
            .args([
                "salvage".as_ref(),
                bk.db.as_os_str(),
                "-o".as_ref(),
                out.as_os_str(),
            ])
            .output()
            .unwrap(),
    );
    assert!(line.contains("corrupt or not an SQLite database"), "{line}");
    assert!(!out.exists());
}
