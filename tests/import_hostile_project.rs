//! The real binary: a Linear-style CSV whose `Project` cell holds only
//! control characters imports (the story goes where a story without a
//! project goes) instead of crashing.

mod common;

use common::Bk;

#[test]
fn a_project_of_control_characters_names_no_epic_and_does_not_crash() {
    let bk = Bk::new();
    let file = bk.path("linear.csv");
    std::fs::write(
        &file,
        "ID,Title,Project,Status\nENG-1,Export invoices,\u{1}\u{2},Todo\n",
    )
    .unwrap();
    let out = bk.run(["import", file.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.status.success(), "{stderr}");
    let story = bk.show("S-1");
    assert_eq!(story["title"], "Export invoices");
}
