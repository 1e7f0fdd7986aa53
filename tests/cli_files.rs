//! Files the store must refuse or treat carefully: a newer schema, another
//! program's database, random bytes, a truncated backlog, a read-only file,
//! a missing file and a missing directory.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use common::{Bk, cmd_for, runtime_error};

/// Commands that read, and commands that would write.
const READS: &[&[&str]] = &[
    &["list"],
    &["list", "--json"],
    &["show", "I-1"],
    &["show", "S-1", "--json"],
];
const WRITES: &[&[&str]] = &[
    &["init"],
    &["demo", "--force"],
    &["add", "initiative", "Another"],
    &["edit", "S-1", "--title", "x"],
    &["ac", "add", "S-1", "x"],
    &["score", "S-1", "--reach", "1"],
    &["undo"],
];

/// Every command is refused with one line containing `expect`, and the file
/// is byte-for-byte what it was.
fn refuses_everything(db: &Path, expect: &str) {
    let bytes = std::fs::read(db).unwrap();
    for args in READS.iter().chain(WRITES) {
        let out = cmd_for(db).args(*args).output().unwrap();
        let line = runtime_error(&out);
        assert!(
            line.contains(expect),
            "`backlog {}`: expected `{expect}` in {line:?}",
            args.join(" ")
        );
        assert!(
            std::fs::read(db).unwrap() == bytes,
            "`backlog {}` changed the file",
            args.join(" ")
        );
    }
}

/// Pseudo-random bytes (no dependency on a random number crate).
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as u8
        })
        .collect()
}

#[test]
fn a_file_from_a_newer_schema_is_refused_untouched() {
    let bk = Bk::with_stories(1);
    {
        let conn = rusqlite::Connection::open(&bk.db).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    refuses_everything(&bk.db, "newer version");
    let line = bk.err(["list"]);
    assert!(line.contains("schema 99"), "{line}");
}

#[test]
fn another_programs_database_is_refused_untouched() {
    let bk = Bk::empty();
    {
        let conn = rusqlite::Connection::open(&bk.db).unwrap();
        conn.execute_batch(
            "CREATE TABLE contacts (name TEXT, email TEXT);
             INSERT INTO contacts VALUES ('Ada', 'ada@example.com');",
        )
        .unwrap();
    }
    refuses_everything(&bk.db, "not a backlog file");
    // An SQLite file with a user_version of its own, too.
    {
        let conn = rusqlite::Connection::open(&bk.db).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
    }
    refuses_everything(&bk.db, "not a backlog file");
}

#[test]
fn random_bytes_are_refused_untouched() {
    let bk = Bk::empty();
    std::fs::write(&bk.db, noise(8192, 7)).unwrap();
    refuses_everything(&bk.db, "corrupt");
    // Random bytes behind a valid SQLite magic string.
    let mut fake = b"SQLite format 3\0".to_vec();
    fake.extend(noise(4080, 11));
    std::fs::write(&bk.db, fake).unwrap();
    refuses_everything(&bk.db, "corrupt");
}

#[test]
fn a_truncated_backlog_is_refused_untouched() {
    let whole = Bk::demo();
    let bytes = whole.bytes();
    assert!(
        bytes.len() > 16 * 1024,
        "the demo file is {} bytes",
        bytes.len()
    );
    for cut in [100, 3000, 4096, bytes.len() / 2] {
        let bk = Bk::empty();
        std::fs::write(&bk.db, &bytes[..cut]).unwrap();
        refuses_everything(&bk.db, "corrupt");
    }
}

#[test]
fn a_directory_is_not_a_backlog() {
    let bk = Bk::empty();
    std::fs::create_dir(&bk.db).unwrap();
    for args in [&["list"][..], &["init"], &["add", "initiative", "x"]] {
        let line = runtime_error(&bk.run(args));
        assert!(line.contains("directory"), "{line}");
    }
}

#[test]
fn a_read_only_file_lists_and_shows_but_refuses_writes() {
    let bk = Bk::with_stories(1);
    let json_before = bk.json(["list", "--json"]);
    let show_before = bk.ok(["show", "S-1"]);
    std::fs::set_permissions(&bk.db, std::fs::Permissions::from_mode(0o444)).unwrap();
    let bytes = bk.bytes();

    assert_eq!(bk.json(["list", "--json"]), json_before);
    assert_eq!(bk.ok(["show", "S-1"]), show_before);
    assert!(bk.ok(["list"]).contains("Story number 1"));
    bk.ok(["show", "S-1", "--history"]);
    bk.ok(["score", "S-1"]);
    for args in WRITES {
        let line = bk.err(*args);
        assert!(line.contains("read-only"), "`{}`: {line}", args.join(" "));
        assert!(bk.bytes() == bytes, "`{}` changed the file", args.join(" "));
    }
    // An empty read-only file cannot become a backlog either.
    let empty = bk.path("empty.db");
    std::fs::write(&empty, b"").unwrap();
    std::fs::set_permissions(&empty, std::fs::Permissions::from_mode(0o444)).unwrap();
    let line = runtime_error(&cmd_for(&empty).arg("init").output().unwrap());
    assert!(line.contains("read-only"), "{line}");
    assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0);
}

#[test]
fn a_missing_file_is_not_created_by_reads() {
    let bk = Bk::empty();
    for args in [
        &["list"][..],
        &["list", "--json"],
        &["show", "S-1"],
        &["score", "S-1"],
    ] {
        let line = bk.err(args);
        assert!(line.contains("no backlog file"), "{line}");
        assert!(line.contains("backlog init"), "{line}");
    }
    assert!(!bk.db.exists(), "a read command created the file");
    // A write creates it.
    assert_eq!(bk.ok(["add", "initiative", "First"]), "I-1\n");
    assert!(bk.db.is_file());
}

#[test]
fn a_missing_directory_is_reported() {
    let bk = Bk::empty();
    let db = bk.path("no/such/dir/backlog.db");
    for args in [&["init"][..], &["demo"], &["add", "initiative", "x"]] {
        let line = runtime_error(&cmd_for(&db).args(args).output().unwrap());
        assert!(line.contains("does not exist"), "{line}");
    }
    let line = runtime_error(&cmd_for(&db).arg("list").output().unwrap());
    assert!(line.contains("no backlog file"), "{line}");
    assert!(!bk.path("no").exists());
}

#[test]
fn an_empty_file_becomes_a_backlog() {
    let bk = Bk::empty();
    std::fs::write(&bk.db, b"").unwrap();
    assert_eq!(bk.ok(["add", "initiative", "First"]), "I-1\n");
    assert_eq!(bk.show("I-1")["title"], "First");
}
