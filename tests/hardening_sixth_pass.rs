//! What the sixth hostile pass over issue 14 found (2026-12-03), and what
//! the fifth left, through the real binary: each test failed on the build
//! before its fix.

mod common;

use std::path::Path;

use common::{Bk, cmd_for, runtime_error};

/// `/proc` and `/sys` files say they are empty (or a page long) whatever
/// they hold: `list` of `/proc/version` said the backlog was empty and
/// `check` called it sound. They are refused before SQLite reads them.
#[test]
fn a_file_the_kernel_makes_as_it_is_read_is_no_backlog() {
    let files = ["/proc/version", "/proc/self/status"]
        .into_iter()
        .chain([
            "/sys/kernel/mm/transparent_hugepage/enabled",
            "/sys/power/state",
        ])
        .filter(|f| Path::new(f).is_file())
        .collect::<Vec<_>>();
    assert!(!files.is_empty(), "no /proc file to try");
    let bk = Bk::demo();
    let out = bk.path("saved.json");
    for file in files {
        let db = Path::new(file);
        for args in [
            &["list"][..],
            &["show", "I-1"],
            &["check"],
            &["add", "initiative", "X"],
            &["roadmap"],
        ] {
            let line = runtime_error(&cmd_for(db).args(args).output().unwrap());
            assert!(
                line.contains("is not a backlog file") && line.contains("pseudo file system"),
                "{file} {args:?}: {line}"
            );
        }
        let line = runtime_error(
            &bk.cmd()
                .arg("salvage")
                .arg(file)
                .arg("-o")
                .arg(&out)
                .output()
                .unwrap(),
        );
        assert!(line.contains("pseudo file system"), "{line}");
        assert!(!out.exists());
    }
    // The one rule for a genuinely empty file still holds.
    let empty = Bk::empty();
    std::fs::write(&empty.db, b"").unwrap();
    assert!(empty.ok(["list"]).contains("empty"));
    assert!(empty.ok(["check"]).contains("is sound"));
    assert_eq!(std::fs::read(&empty.db).unwrap(), b"");
}

/// `export -o /proc/version` said `cannot write /proc/version: entity not
/// found; nothing was written`. Every writer now says why.
#[test]
fn no_output_or_backup_goes_to_a_pseudo_file_system() {
    let bk = Bk::demo();
    let before = bk.bytes();
    for target in [
        "/proc/version",
        "/proc/new-export.json",
        "/sys/kernel/new.json",
    ] {
        for args in [
            &["export", "-o", target][..],
            &["roadmap", "-o", target],
            &["report", "-o", target],
            &["dep", "map", "S-1", "-o", target],
            &["backup", target],
            &["backup", "--force", target],
        ] {
            let line = bk.err(args);
            assert!(
                line.contains("pseudo file system") && line.contains("nothing was written"),
                "{args:?}: {line}"
            );
            assert!(!line.contains("not found"), "{args:?}: {line}");
        }
        let line = bk.err(["salvage", bk.db.to_str().unwrap(), "-o", target]);
        assert!(line.contains("pseudo file system"), "salvage: {line}");
    }
    assert_eq!(bk.bytes(), before);
}

/// `edit --pin` took any place up to 2³²−1 (`pinned at 4294967295` in a
/// lane of five cards). A place past the end of the card's lane (as the
/// edit leaves it) is refused in one line, nothing changed.
#[test]
fn a_pin_past_the_end_of_its_lane_is_refused() {
    let bk = Bk::demo();
    let before = bk.bytes();
    for (args, says) in [
        (
            &["edit", "E-1", "--pin", "4294967295"][..],
            "E-1 cannot be pinned at place 4294967295: its lane (now) holds 5 cards; pin it at a place from 1 to 5",
        ),
        (&["edit", "E-1", "--pin", "6"], "from 1 to 5"),
        (
            &["edit", "I-1", "--pin", "3"],
            "its lane (now) holds 2 cards",
        ),
    ] {
        let line = bk.err(args);
        assert!(line.contains(says), "{args:?}: {line}");
        assert!(line.ends_with("nothing was changed"), "{line}");
        assert_eq!(bk.bytes(), before, "{args:?}");
    }
    // The last place of the lane, and the lane the same edit moves it to.
    bk.ok(["edit", "E-1", "--pin", "5"]);
    assert_eq!(bk.show("E-1")["pinned"], 5);
    let line = bk.err(["edit", "E-1", "--lane", "next", "--pin", "6"]);
    assert!(line.contains("its lane (next) holds 5 cards"), "{line}");
}
