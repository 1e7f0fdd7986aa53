//! What the third hostile pass over issue 14 found (2026-12-02), through
//! the real binary: each test failed on the build before its fix.

mod common;

use std::path::Path;

use common::{Bk, cmd_for, runtime_error};

/// Characters a terminal acts on, or that reorder or hide text.
fn acted_on(s: &str) -> Vec<String> {
    s.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .map(|c| format!("U+{:04X}", c as u32))
        .collect()
}

#[test]
fn usage_errors_never_print_what_was_typed_raw() {
    let bk = Bk::demo();
    let payload = "x\u{1b}]52;c;SGVsbG8=\u{7}\u{1b}[31mred\u{9b}31m\u{9d}0;t\u{7}\u{202e}y";
    let cases: Vec<Vec<&str>> = vec![
        vec!["list", "--sort", payload],
        vec![payload],
        vec!["list", payload],
        vec!["roadmap", "--format", payload],
        vec!["list", "--status", payload],
        vec!["import", "f.json", "--format", payload],
    ];
    for args in cases {
        // As on a terminal: clap writes its colours, and what it quotes.
        let out = bk
            .cmd()
            .args(&args)
            .env_remove("NO_COLOR")
            .env("CLICOLOR_FORCE", "1")
            .output()
            .unwrap();
        // A usage error (2), or a value refused once read (1).
        assert!(matches!(out.status.code(), Some(1 | 2)), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with("error: "), "{args:?}: {err}");
        assert!(
            acted_on(&err).is_empty(),
            "{args:?}: {:?} in {err:?}",
            acted_on(&err)
        );
    }
    // Help still prints, and exits 0.
    let out = bk.cmd().arg("--help").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Usage:"));
}

/// A demo backlog with free pages (ten stories deleted for good), closed:
/// everything in the file, no `-wal` beside it.
fn with_free_pages() -> Bk {
    let bk = Bk::demo();
    for n in 1..=10 {
        bk.ok(["rm", &format!("S-{n}"), "--purge"]);
    }
    assert!(
        !bk.path("backlog.db-wal").exists()
            || bk.db.with_extension("db-wal").metadata().unwrap().len() == 0
    );
    let bytes = std::fs::read(&bk.db).unwrap();
    let free = u32::from_be_bytes(bytes[36..40].try_into().unwrap());
    assert!(free > 0, "no free pages to damage");
    bk
}

fn run(db: &Path, args: &[&str]) -> std::process::Output {
    cmd_for(db).args(args).output().unwrap()
}

#[test]
fn a_damaged_header_is_named_and_refuses_every_write() {
    let bk = with_free_pages();
    let good = std::fs::read(&bk.db).unwrap();
    let page_size = u32::from(u16::from_be_bytes([good[16], good[17]]));
    let trunk = u32::from_be_bytes(good[32..36].try_into().unwrap());
    // (what, offset, bytes, can it still be read, the phrase expected)
    let cases: &[(&str, usize, Vec<u8>, bool, &str)] = &[
        (
            "write version 3",
            18,
            vec![3],
            true,
            "its header is damaged (file format 3)",
        ),
        (
            "schema format 9",
            44,
            9u32.to_be_bytes().to_vec(),
            false,
            "its header is damaged (schema format 9)",
        ),
        (
            "UTF-16 text",
            56,
            2u32.to_be_bytes().to_vec(),
            false,
            "its header is damaged (text encoding 2",
        ),
        (
            "reserved bytes",
            20,
            vec![32],
            true,
            "its header is damaged (32 reserved bytes per page",
        ),
        (
            "free list past the end",
            32,
            0x2000u32.to_be_bytes().to_vec(),
            true,
            "its list of free pages is damaged",
        ),
        (
            "free list on a page in use",
            32,
            2u32.to_be_bytes().to_vec(),
            true,
            "its list of free pages is damaged",
        ),
        (
            "free page count too big",
            36,
            0x0010_0000u32.to_be_bytes().to_vec(),
            true,
            "its list of free pages is damaged",
        ),
        (
            "free list without its count",
            36,
            0u32.to_be_bytes().to_vec(),
            true,
            "its list of free pages is damaged",
        ),
    ];
    // A trunk page whose leaf count is past what a page holds.
    let mut leaves = good.clone();
    let at = (trunk as usize - 1) * page_size as usize + 4;
    leaves[at..at + 4].copy_from_slice(&u32::MAX.to_be_bytes());
    let mut files: Vec<(&str, Vec<u8>, bool, &str)> = cases
        .iter()
        .map(|(what, off, val, readable, phrase)| {
            let mut b = good.clone();
            b[*off..*off + val.len()].copy_from_slice(val);
            (*what, b, *readable, *phrase)
        })
        .collect();
    files.push((
        "a free-list trunk listing too many pages",
        leaves,
        true,
        "its list of free pages is damaged",
    ));
    for (what, bytes, readable, phrase) in files {
        let db = bk.path(&format!("{}.db", what.replace(' ', "-")));
        std::fs::write(&db, &bytes).unwrap();
        let listed = run(&db, &["list"]);
        if readable {
            assert_eq!(listed.status.code(), Some(0), "{what}: {listed:?}");
        } else {
            let err = runtime_error(&listed);
            assert!(
                err.contains(phrase) && err.contains("is corrupt"),
                "{what}: {err}"
            );
        }
        for write in [
            &["add", "story", "One more", "--epic", "E-2"][..],
            &["edit", "S-20", "--title", "x"],
            &["demo", "--force"],
        ] {
            let err = runtime_error(&run(&db, write));
            assert!(err.contains(phrase), "{what}: {write:?}: {err}");
            assert!(
                !err.contains("chmod") && !err.contains("database error"),
                "{what}: {err}"
            );
        }
        assert_eq!(
            std::fs::read(&db).unwrap(),
            bytes,
            "{what}: the file changed"
        );
        let checked = run(&db, &["check"]);
        assert_eq!(checked.status.code(), Some(1), "{what}: check passed it");
        assert!(
            String::from_utf8_lossy(&checked.stdout).contains(phrase),
            "{what}: {checked:?}"
        );
        assert_eq!(
            std::fs::read(&db).unwrap(),
            bytes,
            "{what}: check changed it"
        );
    }
    // The sound file is still sound, and writable.
    bk.ok(["check"]);
    bk.add(["story", "One more", "--epic", "E-2"]);
}

#[test]
fn a_date_no_document_can_hold_is_refused_so_every_export_imports_again() {
    let bk = Bk::demo();
    let before = bk.bytes();
    let csv = bk.path("insights.csv");
    std::fs::write(&csv, "text,customer,date\nAsked again,Acme,0000-05-05\n").unwrap();
    let csv = csv.to_str().unwrap().to_string();
    let cases: Vec<Vec<&str>> = vec![
        vec!["decide", "S-1", "Go", "--date", "0000-01-01"],
        vec!["insight", "add", "Asked", "--date", "0000-02-02"],
        vec!["metric", "checkin", "I-2", "1", "5", "--date", "0000-03-03"],
        vec!["insight", "import", &csv],
    ];
    for args in &cases {
        let err = bk.err(args);
        assert!(err.contains("0000-"), "{args:?}: {err}");
        assert_eq!(bk.bytes(), before, "{args:?}: the file changed");
    }
    // The first and the last day a document holds are taken, and the
    // export of the backlog imports into a new file.
    bk.ok(["decide", "S-1", "Go", "--date", "0001-01-01"]);
    bk.ok(["metric", "checkin", "I-2", "1", "5", "--date", "9999-12-31"]);
    let doc = bk.path("all.json");
    bk.ok(["export", "-o", doc.to_str().unwrap()]);
    let copy = bk.path("copy.db");
    let imported = cmd_for(&copy)
        .args(["import", doc.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(imported.status.success(), "{imported:?}");
}
