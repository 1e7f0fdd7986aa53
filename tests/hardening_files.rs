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
