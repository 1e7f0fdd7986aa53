//! The real binary against a PostgreSQL server (`--db postgresql://…`):
//! the same output as on a file, moving a backlog between a file and the
//! server, concurrent writers, a read-only role, an unreachable server.

mod common;
mod postgres_common;

use std::time::{Duration, Instant};

use common::{Bk, runtime_error};
use postgres_common::{PgSchema, schema};

/// A `Bk` whose `--db` is the server schema's URL.
fn on_server(s: &PgSchema) -> Bk {
    Bk {
        dir: tempfile::tempdir().unwrap(),
        db: s.url.clone().into(),
    }
}

/// What a backlog prints for the commands users compare.
fn outputs(bk: &Bk) -> Vec<(String, String)> {
    [
        vec!["list", "--json"],
        vec!["list"],
        vec!["export"],
        vec!["roadmap"],
        vec!["roadmap", "--format", "json"],
        vec!["health", "--json"],
        vec!["show", "E-1"],
    ]
    .into_iter()
    .map(|args| (args.join(" "), bk.ok(&args)))
    .collect()
}

#[test]
fn the_demo_on_the_server_prints_what_it_prints_from_a_file() {
    let Some(s) = schema("the_demo_on_the_server") else {
        return;
    };
    let file = Bk::demo();
    let server = on_server(&s);
    let loaded = server.ok(["demo"]);
    assert!(
        loaded.starts_with("loaded the demo backlog into postgresql://"),
        "{loaded}"
    );
    for ((cmd, from_file), (_, from_server)) in outputs(&file).into_iter().zip(outputs(&server)) {
        assert!(
            from_file == from_server,
            "`{cmd}` differs between the file and the server"
        );
    }
}

#[test]
fn export_and_import_move_a_backlog_between_a_file_and_the_server_losslessly() {
    let Some(s) = schema("export_and_import_move_a_backlog") else {
        return;
    };
    let file = Bk::demo();
    // Some history of its own first: an edit and a snapshot.
    file.ok(["edit", "S-1", "--title", "Moved to the server"]);
    file.ok(["snapshot", "take", "before the move"]);
    let doc = file.path("b.json");
    file.ok(["export", "-o", doc.to_str().unwrap()]);
    let server = on_server(&s);
    server.ok(["import", doc.to_str().unwrap()]);
    let from_file = file.ok(["export"]);
    assert!(
        server.ok(["export"]) == from_file,
        "the server's export differs"
    );
    // And back into a new file.
    let back = Bk::empty();
    let doc2 = back.path("back.json");
    server.ok(["export", "-o", doc2.to_str().unwrap()]);
    back.ok(["import", doc2.to_str().unwrap()]);
    assert!(
        back.ok(["export"]) == from_file,
        "the round trip changed the export"
    );
}

#[test]
fn path_names_the_server_without_the_password() {
    let Some(s) = schema("path_names_the_server") else {
        return;
    };
    let url = format!(
        "postgresql://someone:hunter2@localhost:5999/team?options=-csearch_path%3D{}",
        s.name
    );
    let bk = Bk {
        dir: tempfile::tempdir().unwrap(),
        db: url.into(),
    };
    let shown = bk.ok(["path"]);
    assert_eq!(
        shown,
        format!(
            "PostgreSQL: postgresql://someone@localhost:5999/team?options=-csearch_path%3D{}\n",
            s.name
        )
    );
}

#[test]
fn four_concurrent_writers_lose_nothing_and_never_share_a_key() {
    let Some(s) = schema("four_concurrent_writers") else {
        return;
    };
    let server = on_server(&s);
    server.ok(["add", "initiative", "Concurrency"]);
    server.ok(["add", "epic", "Writers", "--initiative", "I-1"]);
    let per_writer = 6;
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let url = s.url.clone();
            std::thread::spawn(move || {
                let mut keys = Vec::new();
                for n in 0..per_writer {
                    let out = common::cmd_for(std::path::Path::new(&url))
                        .args([
                            "add",
                            "story",
                            &format!("Writer {w} story {n}"),
                            "--epic",
                            "E-1",
                        ])
                        .output()
                        .unwrap();
                    assert!(
                        out.status.success(),
                        "writer {w}: {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                    assert!(
                        out.stderr.is_empty(),
                        "{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                    keys.push(String::from_utf8(out.stdout).unwrap().trim().to_string());
                }
                keys
            })
        })
        .collect();
    let mut keys: Vec<String> = writers
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    keys.sort();
    let before = keys.len();
    keys.dedup();
    assert_eq!(keys.len(), before, "a key was given twice");
    assert_eq!(keys.len(), 4 * per_writer);
    let list: serde_json::Value = serde_json::from_str(&server.ok(["list", "--json"])).unwrap();
    let titles = list.to_string();
    for w in 0..4 {
        for n in 0..per_writer {
            assert!(
                titles.contains(&format!("Writer {w} story {n}")),
                "lost writer {w} story {n}"
            );
        }
    }
}

#[test]
fn a_read_only_role_reads_everything_and_every_write_is_refused() {
    let Some(s) = schema("a_read_only_role_reads_everything") else {
        return;
    };
    let server = on_server(&s);
    server.ok(["demo"]);
    let role = format!("{}_viewer", s.name);
    let mut admin = s.admin();
    admin
        .batch_execute(&format!(
            "CREATE ROLE {role} LOGIN PASSWORD 'viewer'; GRANT USAGE ON SCHEMA {0} TO {role}; \
             GRANT SELECT ON ALL TABLES IN SCHEMA {0} TO {role}",
            s.name
        ))
        .unwrap();
    let viewer = Bk {
        dir: tempfile::tempdir().unwrap(),
        db: format!(
            "postgresql://{role}:viewer@/?options=-csearch_path%3D{}",
            s.name
        )
        .into(),
    };
    let reads: Vec<Vec<&str>> = vec![
        vec!["list", "--json"],
        vec!["show", "S-1"],
        vec!["roadmap"],
        vec!["health"],
        vec!["export"],
    ];
    let writes: Vec<Vec<&str>> = vec![
        vec!["add", "initiative", "Nope"],
        vec!["edit", "S-1", "--title", "Nope"],
        vec!["rm", "S-2"],
        vec!["undo"],
        vec!["snapshot", "take", "nope"],
        vec!["import", "--format", "stories", "--epic", "E-1", "STORIES"],
    ];
    let stories = viewer.path("stories.txt");
    std::fs::write(
        &stories,
        "As a PM, I want a story, so that it is imported.\n",
    )
    .unwrap();
    let stories = stories.to_str().unwrap().to_string();
    let writes: Vec<Vec<&str>> = writes
        .into_iter()
        .map(|a| {
            a.into_iter()
                .map(|w| if w == "STORIES" { stories.as_str() } else { w })
                .collect()
        })
        .collect();
    let db: String = admin
        .query_one("SELECT current_database()", &[])
        .unwrap()
        .get(0);
    let hp = format!(
        "{}:{}",
        std::env::var("PGHOST").unwrap_or_else(|_| "localhost".into()),
        std::env::var("PGPORT").unwrap_or_else(|_| "5432".into())
    );
    let before = server.ok(["export"]);
    let read_outputs: Vec<(Vec<&str>, std::process::Output)> = reads
        .into_iter()
        .map(|a| (a.clone(), viewer.run(&a)))
        .collect();
    let write_outputs: Vec<(Vec<&str>, std::process::Output)> = writes
        .into_iter()
        .map(|a| (a.clone(), viewer.run(&a)))
        .collect();
    admin
        .batch_execute(&format!("DROP OWNED BY {role}; DROP ROLE {role}"))
        .unwrap();
    for (args, out) in read_outputs {
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stdout == server.ok(&args).into_bytes(),
            "{args:?} differs"
        );
    }
    for (args, out) in write_outputs {
        let line = runtime_error(&out);
        assert!(line.contains("has read-only access"), "{args:?}: {line}");
        // Says what to do about a role, not about a file.
        assert_eq!(
            line,
            format!(
                "error: the backlog in schema “{0}” of database “{db}” at {hp} is read-only for you: role “{role}” has read-only access; nothing was changed (to change it, connect as a role that may write, or ask the database's owner to grant “{role}” write access: docs/TEAM.md, “Roles”)",
                s.name
            ),
            "{args:?}"
        );
    }
    assert!(
        server.ok(["export"]) == before,
        "a read-only role changed the backlog"
    );
}

#[test]
fn an_unreachable_server_fails_fast_with_one_line() {
    let bk = Bk {
        dir: tempfile::tempdir().unwrap(),
        db: "postgresql://someone:secret@127.0.0.1:1/team".into(),
    };
    let started = Instant::now();
    let line = bk.err(["list"]);
    assert!(
        started.elapsed() < Duration::from_secs(6),
        "{:?}",
        started.elapsed()
    );
    assert!(
        line.starts_with("error: cannot reach PostgreSQL at 127.0.0.1:1"),
        "{line}"
    );
    assert!(!line.contains("secret"), "{line}");
}
