//! Where output goes and how paths are shown (issue 14, items 3 and 4),
//! through the real binary: every writer (`export -o`, `roadmap -o`)
//! follows links, writes through devices and pipes, refuses directories,
//! takes `-` for standard output; no message prints a path raw.

#![cfg(unix)]

mod common;

use std::fs;
use std::os::unix::fs::{FileTypeExt, symlink};
use std::path::Path;

use common::{Bk, cmd_for};

/// The writers under test, each with its `-o` flag last.
const WRITERS: [&[&str]; 3] = [
    &["export", "-o"],
    &["roadmap", "--format", "md", "-o"],
    &["roadmap", "--format", "html", "-o"],
];

fn args<'a>(writer: &[&'a str], target: &'a str) -> Vec<&'a str> {
    let mut a = writer.to_vec();
    a.push(target);
    a
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_symlink_stays_a_link_and_its_target_is_written() {
    let bk = Bk::demo();
    for writer in WRITERS {
        let target = bk.path("real.out");
        let link = bk.path("link.out");
        fs::write(&target, "old").unwrap();
        let _ = fs::remove_file(&link);
        symlink("real.out", &link).unwrap();
        bk.ok(args(writer, s(&link)));
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink(),
            "{writer:?} replaced the link"
        );
        let written = fs::read_to_string(&target).unwrap();
        assert!(written.len() > 100, "{writer:?} did not write the target");
    }
}

#[test]
fn a_link_to_a_device_is_written_through() {
    let bk = Bk::demo();
    for writer in WRITERS {
        let link = bk.path("null");
        let _ = fs::remove_file(&link);
        symlink("/dev/null", &link).unwrap();
        bk.ok(args(writer, s(&link)));
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(
            fs::metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_char_device()
        );
    }
}

#[test]
fn a_fifo_is_written_through() {
    let bk = Bk::demo();
    for writer in WRITERS {
        let fifo = bk.path("pipe");
        let _ = fs::remove_file(&fifo);
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("SKIPPED: mkfifo is not available");
            return;
        }
        let (send, got) = std::sync::mpsc::channel();
        {
            let fifo = fifo.clone();
            std::thread::spawn(move || send.send(fs::read(&fifo).unwrap_or_default()));
        }
        bk.ok(args(writer, s(&fifo)));
        // A writer that replaced the pipe by a file leaves the reader
        // waiting for ever: give it ten seconds.
        let got = got
            .recv_timeout(std::time::Duration::from_secs(10))
            .unwrap_or_else(|_| panic!("{writer:?}: nothing came through the pipe"));
        assert!(
            got.len() > 100,
            "{writer:?}: {} bytes through the pipe",
            got.len()
        );
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    }
}

#[test]
fn a_directory_is_refused_and_nothing_is_written() {
    let bk = Bk::demo();
    let dir = bk.path("folder");
    fs::create_dir(&dir).unwrap();
    for writer in WRITERS {
        let err = bk.err(args(writer, s(&dir)));
        assert!(err.contains("is a directory; nothing was written"), "{err}");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 0);
    }
}

#[test]
fn a_dash_means_standard_output() {
    let bk = Bk::demo();
    let export = bk.ok(["export", "-o", "-"]);
    assert_eq!(export, bk.ok(["export"]));
    let md = bk.ok(["roadmap", "--format", "md", "-o", "-"]);
    assert_eq!(md, bk.ok(["roadmap", "--format", "md"]));
    assert!(!bk.path("-").exists());
}

#[test]
fn success_lines_never_print_a_path_raw() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = "x\u{1b}]52;c;AAAA\u{7}\u{1b}[31m";
    let db = dir.path().join(format!("{hostile}.db"));
    let run = |a: &[&str]| {
        let out = cmd_for(&db).args(a).output().unwrap();
        assert!(out.status.success(), "{a:?}: {:?}", out);
        let all = [out.stdout, out.stderr].concat();
        let text = String::from_utf8_lossy(&all).into_owned();
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{a:?} printed a raw escape: {text:?}"
        );
        text
    };
    assert!(run(&["init"]).contains("created"));
    run(&["demo", "--force"]);
    run(&["path"]);
    let backup = dir.path().join(format!("{hostile}.bak"));
    run(&["backup", s(&backup)]);
    let out = dir.path().join(format!("{hostile}.json"));
    run(&["export", "-o", s(&out)]);
    let md = dir.path().join(format!("{hostile}.md"));
    run(&["roadmap", "--format", "md", "-o", s(&md)]);
    let stories = dir.path().join(format!("{hostile}.txt"));
    fs::write(&stories, "As a user, I want to pay, so that I am done\n").unwrap();
    run(&["import", s(&stories)]);
    run(&["import", s(&stories), "--dry-run"]);
}

// ---------------------------------------------------------------------
// The file named by --db (issue 14, items 6, 7, 11 and 12).

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::process::Output;

use common::runtime_error;

/// The user the permission tests run the binary as when the tests run as
/// root: root passes every permission check, so a file or directory
/// without write permission would prove nothing. `None`: the tests run
/// as an ordinary user already.
fn unprivileged() -> Option<u32> {
    // SAFETY: geteuid cannot fail and has no side effects.
    (unsafe { libc::geteuid() } == 0).then_some(65534)
}

/// A temporary directory that the user running the binary owns.
fn owned_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    if let Some(uid) = unprivileged() {
        std::os::unix::fs::chown(dir.path(), Some(uid), Some(uid)).unwrap();
    }
    dir
}

/// Runs `backlog --db DB ARGS` as that user.
fn run_as(db: &Path, args: &[&str]) -> Output {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_backlog"));
    c.env_remove("BACKLOG_DB")
        .env("BACKLOG_NOW", common::NOW)
        .env("NO_COLOR", "1")
        .arg("--db")
        .arg(db)
        .args(args);
    if let Some(uid) = unprivileged() {
        c.uid(uid).gid(uid);
    }
    c.output().unwrap()
}

/// `run_as` that must succeed; returns stdout.
fn ok_as(db: &Path, args: &[&str]) -> String {
    let out = run_as(db, args);
    assert!(
        out.status.success(),
        "`backlog {}` failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn chmod(p: &Path, mode: u32) {
    fs::set_permissions(p, fs::Permissions::from_mode(mode)).unwrap();
}

/// Commands that only read, each of which must work on a file this
/// process cannot write.
const READS: [&[&str]; 6] = [
    &["list"],
    &["list", "--json"],
    &["show", "S-1"],
    &["roadmap"],
    &["health"],
    &["export"],
];

#[test]
fn special_files_are_refused_before_sqlite_touches_them() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);
    symlink("/dev/null", p("null.db")).unwrap();
    let fifo = p("pipe.db");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    symlink("pipe.db", p("to-pipe.db")).unwrap();
    let socket = p("socket.db");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let cases = [
        ("null.db", "a device"),
        ("pipe.db", "a named pipe"),
        ("to-pipe.db", "a named pipe"),
        ("socket.db", "a socket"),
    ];
    let copy = p("copy.db");
    for (name, what) in cases {
        for args in [
            &["list"][..],
            &["init"],
            &["add", "initiative", "x"],
            &["backup", s(&copy)],
        ] {
            // A FIFO opened by SQLite blocks until a writer comes: give up
            // after ten seconds.
            let out = cmd_for(&p(name))
                .args(args)
                .timeout(std::time::Duration::from_secs(10))
                .output()
                .unwrap();
            let line = runtime_error(&out);
            assert!(
                line.contains("is not a backlog file")
                    && line.contains(what)
                    && line.contains("regular file"),
                "{name} `{}`: {line}",
                args.join(" ")
            );
        }
    }
    let left: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("-journal") || n.contains("-wal") || n.contains("copy"))
        .collect();
    assert!(left.is_empty(), "left beside them: {left:?}");
    assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

#[test]
fn an_empty_file_is_an_empty_backlog_for_every_command() {
    let bk = Bk::empty();
    fs::write(&bk.db, b"").unwrap();
    let backup = bk.path("copy.db");
    for args in READS
        .iter()
        .copied()
        .filter(|a| a[0] != "show")
        .chain([&["backup", s(&backup)][..]])
    {
        bk.ok(args);
        assert_eq!(bk.bytes().len(), 0, "`{}` wrote to it", args.join(" "));
    }
    assert!(bk.ok(["list"]).contains("The backlog is empty"));
    assert_eq!(bk.json(["list", "--json"]), serde_json::json!([]));
    assert!(bk.err(["show", "S-1"]).contains("no item S-1"));
    let names: Vec<_> = fs::read_dir(bk.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    // The copy of an empty backlog is an empty backlog.
    assert_eq!(
        cmd_for(&backup)
            .args(["list", "--json"])
            .output()
            .unwrap()
            .stdout,
        b"[]\n"
    );
    // A command that writes makes it a backlog.
    assert_eq!(bk.ok(["add", "initiative", "First"]), "I-1\n");
    assert!(!bk.bytes().is_empty());
}

#[test]
fn a_schema_version_no_backlog_writes_gives_one_short_line() {
    let bk = Bk::with_stories(1);
    {
        let conn = rusqlite::Connection::open(&bk.db).unwrap();
        conn.pragma_update(None, "user_version", -1).unwrap();
    }
    let bytes = bk.bytes();
    for args in [
        &["list"][..],
        &["show", "S-1"],
        &["add", "initiative", "x"],
        &["init"],
    ] {
        let line = bk.err(args);
        assert!(
            line.len() < 250 && !line.contains("CREATE"),
            "`{}`: {} characters: {line}",
            args.join(" "),
            line.len()
        );
        assert!(
            line.contains("is corrupt") && line.contains("schema version is -1"),
            "{line}"
        );
        assert!(line.contains("backlog check"), "no way out: {line}");
        assert!(bk.bytes() == bytes, "`{}` changed the file", args.join(" "));
    }
}

/// The messages docs/RELIABILITY.md quotes are the ones this build
/// prints (the part after the file name).
#[test]
fn the_reliability_doc_quotes_this_builds_messages() {
    let doc = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/RELIABILITY.md"))
        .unwrap()
        .replace('\n', " ");
    let bk = Bk::with_stories(1);
    {
        let conn = rusqlite::Connection::open(&bk.db).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let newer = bk.err(["list"]);
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.db");
    std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    let fifo = runtime_error(&cmd_for(&fifo).arg("list").output().unwrap());
    for line in [newer, fifo] {
        let after_name = &line[line.find(".db ").expect("a file name") + 4..];
        assert!(
            doc.contains(after_name),
            "docs/RELIABILITY.md does not quote `… {after_name}`: make its table say what the build says"
        );
    }
}

#[test]
fn reading_a_read_only_file_leaves_nothing_that_blocks_writes_later() {
    let dir = owned_dir();
    let db = dir.path().join("backlog.db");
    ok_as(&db, &["demo"]);
    chmod(&db, 0o444);
    let bytes = fs::read(&db).unwrap();
    let copy = dir.path().join("copy.db");
    for args in READS.iter().chain([&["backup", s(&copy)][..]].iter()) {
        ok_as(&db, args);
    }
    for suffix in ["-wal", "-shm"] {
        let c = dir.path().join(format!("backlog.db{suffix}"));
        if let Ok(m) = fs::metadata(&c) {
            assert!(
                m.permissions().mode() & 0o200 != 0,
                "a read left {suffix} with mode {:o}",
                m.permissions().mode() & 0o777
            );
        }
    }
    let line = runtime_error(&run_as(&db, &["add", "initiative", "x"]));
    assert!(
        line.contains("is read-only") && line.contains("chmod u+w"),
        "{line}"
    );
    assert!(fs::read(&db).unwrap() == bytes);
    chmod(&db, 0o644);
    assert_eq!(
        ok_as(&db, &["add", "initiative", "Writable again"]),
        "I-6\n"
    );
}

#[test]
fn a_read_only_directory_allows_every_read() {
    let dir = owned_dir();
    let db = dir.path().join("backlog.db");
    ok_as(&db, &["demo"]);
    let out_dir = owned_dir();
    let copy = out_dir.path().join("copy.db");
    let list = ok_as(&db, &["list"]);
    chmod(dir.path(), 0o555);
    let bytes = fs::read(&db).unwrap();
    for args in READS.iter().chain([&["backup", s(&copy)][..]].iter()) {
        ok_as(&db, args);
    }
    assert_eq!(ok_as(&db, &["list"]), list);
    let line = runtime_error(&run_as(&db, &["add", "initiative", "x"]));
    chmod(dir.path(), 0o755);
    assert!(
        line.contains("directory") && line.contains("read-only") && line.contains("-shm"),
        "{line}"
    );
    assert!(fs::read(&db).unwrap() == bytes);
    assert!(
        cmd_for(&copy)
            .arg("list")
            .output()
            .unwrap()
            .status
            .success()
    );
}

#[test]
fn read_only_companions_are_named_as_the_cause() {
    // What a read of a `chmod 444` file by an older build left: a -wal and
    // a -shm with the file's read-only mode. After `chmod 644` of the
    // file, writes are refused because of them: say so.
    let dir = owned_dir();
    let db = dir.path().join("backlog.db");
    ok_as(&db, &["demo"]);
    for (suffix, len) in [("-wal", 0), ("-shm", 32768)] {
        let c = dir.path().join(format!("backlog.db{suffix}"));
        fs::write(&c, vec![0u8; len]).unwrap();
        if let Some(uid) = unprivileged() {
            std::os::unix::fs::chown(&c, Some(uid), Some(uid)).unwrap();
        }
        chmod(&c, 0o444);
    }
    let bytes = fs::read(&db).unwrap();
    let line = runtime_error(&run_as(&db, &["add", "initiative", "x"]));
    assert!(
        line.contains("backlog.db-wal") && line.contains("read-only") && line.contains("chmod"),
        "{line}"
    );
    assert!(fs::read(&db).unwrap() == bytes);
    assert!(ok_as(&db, &["list"]).contains("82 items"));
}

#[test]
fn a_backup_removes_stale_temporary_files_of_killed_backups() {
    let bk = Bk::demo();
    let dir = bk.path("backups");
    fs::create_dir(&dir).unwrap();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(600);
    let make = |name: &str, len: usize, aged: bool| {
        let p = dir.join(name);
        fs::write(&p, vec![0u8; len]).unwrap();
        if aged {
            fs::File::options()
                .write(true)
                .open(&p)
                .unwrap()
                .set_modified(old)
                .unwrap();
        }
        p
    };
    let stale = make(".backlog-backup-k1LLed.tmp", 1 << 20, true);
    let fresh = make(".backlog-backup-n0wNow.tmp", 10, false);
    let held = make(".backlog-backup-runnin.tmp", 10, true);
    let other = make(".backlog-backup-notes.txt", 10, true);
    let lock = fs::File::open(&held).unwrap();
    lock.lock().unwrap();

    let out = bk.ok(["backup", s(&dir.join("monday.db"))]);
    assert!(
        out.starts_with("removed 1 stale temporary file left in ")
            && out.contains("by interrupted backups (1024 KB)"),
        "{out}"
    );
    assert!(!stale.exists());
    assert!(fresh.exists() && held.exists() && other.exists());
    let again = bk.ok(["backup", s(&dir.join("tuesday.db"))]);
    assert!(!again.contains("removed"), "{again}");
    drop(lock);
}
