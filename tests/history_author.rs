//! Who did what: every recorded change keeps its author (on a file the
//! operating-system user, on a server the database role plus the
//! application name), shown by `show --history` (text and JSON) and
//! `refine summary`.

mod common;
mod postgres_common;

use common::Bk;
use postgres_common::schema;

/// Runs `args` on `bk` as the operating-system user `user`.
fn as_user(bk: &Bk, user: &str, args: &[&str]) -> String {
    let out = bk.cmd().env("USER", user).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The history section of `show KEY --history`.
fn history(bk: &Bk, key: &str) -> String {
    let shown = bk.ok(["show", key, "--history"]);
    shown[shown.find("\nHistory\n").expect("a history")..].to_string()
}

#[test]
fn a_file_records_the_operating_system_user_of_each_change() {
    let bk = Bk::demo();
    as_user(&bk, "alice", &["edit", "S-5", "--points", "8"]);
    as_user(&bk, "bob", &["edit", "S-5", "--title", "Renamed by Bob"]);
    let h = history(&bk, "S-5");
    assert!(
        // The demo's history begins six weeks before the pinned clock.
        h.contains("  2026-10-12 10:00:00  load the demo backlog  by tester\n"),
        "{h}"
    );
    assert!(h.contains("  edit S-5: points  by alice\n"), "{h}");
    assert!(h.contains("  edit S-5: title  by bob\n"), "{h}");

    let json: serde_json::Value =
        serde_json::from_str(&bk.ok(["show", "S-5", "--json", "--history"])).unwrap();
    let authors: Vec<&str> = json["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["author"].as_str().unwrap())
        .collect();
    assert_eq!(authors, ["tester", "alice", "bob"]);

    let summary = bk.ok(["refine", "summary", "--since", "2026-11-01"]);
    assert!(
        summary.contains("- **S-5** Renamed by Bob: 3 → 8 points (by alice, bob)\n"),
        "{summary}"
    );
    let json: serde_json::Value = serde_json::from_str(&bk.ok([
        "refine",
        "summary",
        "--since",
        "2026-11-01",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(
        json["summary"]["estimates"][0]["authors"],
        serde_json::json!(["alice", "bob"])
    );
}

#[test]
fn without_user_the_login_name_is_recorded_and_without_either_the_systems_name() {
    let bk = Bk::demo();
    let out = bk
        .cmd()
        .env_remove("USER")
        .env("LOGNAME", "carol")
        .args(["edit", "S-1", "--points", "2"])
        .output()
        .unwrap();
    assert!(out.status.success());
    // A service or container often sets neither: the system still knows
    // who runs the process (what `id -un` says).
    let out = bk
        .cmd()
        .env_remove("USER")
        .env_remove("LOGNAME")
        .env_remove("USERNAME")
        .args(["edit", "S-1", "--points", "3"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let id = std::process::Command::new("id")
        .arg("-un")
        .output()
        .unwrap();
    let me = String::from_utf8(id.stdout).unwrap().trim().to_string();
    assert!(!me.is_empty());
    let h = history(&bk, "S-1");
    assert!(h.contains("  edit S-1: points  by carol\n"), "{h}");
    let last = h.lines().rfind(|l| l.contains("edit S-1: points")).unwrap();
    assert!(
        last.ends_with(&format!("edit S-1: points  by {me}")),
        "{last}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&bk.ok(["show", "S-1", "--json", "--history"])).unwrap();
    assert_eq!(
        json["history"].as_array().unwrap().last().unwrap()["author"],
        me.as_str()
    );
}

#[test]
fn changes_recorded_before_authors_were_show_none_after_the_upgrade() {
    let bk = Bk::demo();
    bk.ok(["edit", "S-2", "--points", "5"]);
    // The file as the build before authors wrote it (schema 4).
    let c = rusqlite::Connection::open(&bk.db).unwrap();
    c.execute_batch(
        "DROP TABLE shelf; DROP TABLE shelf_links; DROP TABLE shelf_decisions; \
         ALTER TABLE changes DROP COLUMN stepped; \
         DROP TABLE backlog_settings; ALTER TABLE changes DROP COLUMN kind; \
         ALTER TABLE items DROP COLUMN source; \
         DROP INDEX items_external_key; ALTER TABLE items DROP COLUMN external_key; \
         ALTER TABLE changes DROP COLUMN author; PRAGMA user_version = 4;",
    )
    .unwrap();
    drop(c);
    let out = bk.run(["show", "S-2", "--history"]);
    assert!(out.status.success());
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(!shown.contains(" by "), "{shown}");
    as_user(&bk, "dave", &["edit", "S-2", "--points", "8"]);
    assert!(history(&bk, "S-2").ends_with("  by dave\n      points: 5 → 8\n"));
}

#[test]
fn a_server_records_the_role_and_the_application_name() {
    let Some(s) = schema("a_server_records_the_role") else {
        return;
    };
    let role: String = s
        .admin()
        .query_one("SELECT current_user::text", &[])
        .unwrap()
        .get(0);
    let plain = Bk {
        dir: tempfile::tempdir().unwrap(),
        db: s.url.clone().into(),
    };
    plain.ok(["demo"]);
    let bot = Bk {
        dir: tempfile::tempdir().unwrap(),
        db: s.url_with("application_name=sprint-bot").into(),
    };
    // The OS user does not matter on a server.
    as_user(&bot, "mallory", &["edit", "S-5", "--points", "8"]);
    let h = history(&plain, "S-5");
    assert!(
        h.contains(&format!("  load the demo backlog  by {role}\n")),
        "{h}"
    );
    assert!(
        h.contains(&format!("  edit S-5: points  by {role} (sprint-bot)\n")),
        "{h}"
    );
    assert!(!h.contains("mallory"), "{h}");
    let summary = plain.ok(["refine", "summary", "--since", "2026-11-01"]);
    assert!(
        summary.contains(&format!("3 → 8 points (by {role} (sprint-bot))\n")),
        "{summary}"
    );
}
