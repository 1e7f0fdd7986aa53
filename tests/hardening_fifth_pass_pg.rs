//! What the fifth hostile pass over issue 14 found on a PostgreSQL
//! backlog (2026-12-02), through the real binary: the test failed on the
//! build before its fix.

mod common;
mod postgres_common;

use std::fs;

use common::Bk;
use postgres_common::schema;

#[test]
fn a_backup_from_the_server_keeps_to_the_rules_of_every_backup() {
    let Some(s) = schema("backup_rules_fifth_pass") else {
        return;
    };
    let bk = Bk {
        dir: tempfile::tempdir().unwrap(),
        db: s.url.clone().into(),
    };
    bk.ok(["demo"]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.db");
    common::cmd_for(&file).arg("init").assert().success();
    // Onto the damage note of a backlog file beside it: written (the
    // file's every write was then refused); a file backup refuses it.
    let note = dir.path().join("a.db-damaged");
    let line = bk.err(["backup", "--force", note.to_str().unwrap()]);
    assert!(line.contains("-damaged file of the database"), "{line}");
    assert!(!note.exists());
    // Through a symbolic link: the link was replaced by the copy; a file
    // backup writes where it points and the link stays.
    let to = dir.path().join("copy.db");
    let link = dir.path().join("link.db");
    std::os::unix::fs::symlink(&to, &link).unwrap();
    bk.ok(["backup", link.to_str().unwrap()]);
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(fs::metadata(&to).unwrap().len() > 0);
}
