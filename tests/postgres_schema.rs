//! Creating, checking and refusing backlog schemas on a PostgreSQL server,
//! and the one-line messages when connecting fails.

mod postgres_common;

use std::time::{Duration, Instant};

use backlog::store::postgres::open::open;
use backlog::store::postgres::schema::LATEST_VERSION;
use backlog::store::postgres::{Environment, Target};
use chrono::TimeZone;
use postgres_common::schema;

fn target(url: &str) -> Target {
    Target::parse(url, &Environment::process()).unwrap()
}

fn tables(c: &mut postgres::Client, schema: &str) -> Vec<String> {
    c.query(
        "SELECT tablename::text FROM pg_tables WHERE schemaname = $1 ORDER BY 1",
        &[&schema],
    )
    .unwrap()
    .iter()
    .map(|r| r.get(0))
    .collect()
}

#[test]
fn init_creates_the_schema_once_and_reopening_changes_nothing() {
    let Some(s) = schema("init_creates_the_schema_once") else {
        return;
    };
    let opened = open(&target(&s.url), true).unwrap();
    assert!(opened.created);
    assert!(!opened.read_only);
    let mut c = s.admin();
    assert_eq!(
        tables(&mut c, &s.name),
        [
            "backlog_meta",
            "backlog_settings",
            "changes",
            "decisions",
            "dependencies",
            "history",
            "items",
            "key_seq",
            "snapshots"
        ]
    );
    let v: i32 = c
        .query_one("SELECT version FROM backlog_meta", &[])
        .unwrap()
        .get(0);
    assert_eq!(i64::from(v), LATEST_VERSION);
    let again = open(&target(&s.url), true).unwrap();
    assert!(!again.created);
    let existing = open(&target(&s.url), false).unwrap();
    assert!(!existing.created);
}

#[test]
fn an_empty_schema_is_not_a_backlog_for_reading() {
    let Some(s) = schema("an_empty_schema_is_not_a_backlog") else {
        return;
    };
    let e = open(&target(&s.url), false).err().unwrap().to_string();
    assert!(e.starts_with("there is no backlog in schema “t_"), "{e}");
    assert!(e.contains("backlog init"), "{e}");
    let mut c = s.admin();
    assert!(tables(&mut c, &s.name).is_empty());
}

#[test]
fn two_clients_creating_at_once_both_open_one_backlog() {
    let Some(s) = schema("two_clients_creating_at_once") else {
        return;
    };
    // The schema exists, so both race on the tables, not on its name.
    s.admin()
        .batch_execute(&format!("CREATE SCHEMA {}", s.name))
        .unwrap();
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let url = s.url.clone();
            std::thread::spawn(move || open(&target(&url), true).map(|o| o.created))
        })
        .collect();
    let created: Vec<bool> = handles
        .into_iter()
        .map(|h| h.join().unwrap().unwrap())
        .collect();
    assert_eq!(created.iter().filter(|c| **c).count(), 1, "{created:?}");
}

#[test]
fn a_newer_schema_is_refused_and_left_untouched() {
    let Some(s) = schema("a_newer_schema_is_refused") else {
        return;
    };
    open(&target(&s.url), true).unwrap();
    let mut c = s.admin();
    c.batch_execute("UPDATE backlog_meta SET version = 99")
        .unwrap();
    for create in [false, true] {
        let e = open(&target(&s.url), create).err().unwrap().to_string();
        assert!(
            e.contains("was written by a newer version of backlog (schema 99"),
            "{e}"
        );
        assert!(!e.contains('\n'));
    }
    let v: i32 = c
        .query_one("SELECT version FROM backlog_meta", &[])
        .unwrap()
        .get(0);
    assert_eq!(v, 99);
}

#[test]
fn another_programs_tables_are_refused_and_left_untouched() {
    let Some(s) = schema("another_programs_tables") else {
        return;
    };
    let mut c = s.admin();
    c.batch_execute(&format!(
        "CREATE SCHEMA {0}; CREATE TABLE {0}.items (sku text); INSERT INTO {0}.items VALUES ('x'); \
         CREATE TABLE {0}.history (at text)",
        s.name
    ))
    .unwrap();
    let e = open(&target(&s.url), true).err().unwrap().to_string();
    assert!(
        e.contains(
            "does not hold a backlog: it holds tables named history, items of another program"
        ),
        "{e}"
    );
    assert!(e.contains("nothing was changed"), "{e}");
    // It names the server's database, never a file.
    assert!(
        e.starts_with(&format!("schema “{}” of database “", s.name)),
        "{e}"
    );
    assert!(!e.contains("file"), "{e}");
    assert_eq!(tables(&mut c, &s.name), ["history", "items"]);
    let sku: String = c.query_one("SELECT sku FROM items", &[]).unwrap().get(0);
    assert_eq!(sku, "x");

    // A `backlog_meta` of another program is refused too.
    c.batch_execute(
        "DROP TABLE items, history; CREATE TABLE backlog_meta (application text, version int); \
         INSERT INTO backlog_meta VALUES ('ledger', 1)",
    )
    .unwrap();
    let e = open(&target(&s.url), true).err().unwrap().to_string();
    assert!(e.contains("belongs to another program (“ledger”)"), "{e}");
}

#[test]
fn a_backlog_meta_of_another_shape_is_refused_and_left_untouched() {
    let Some(s) = schema("a_backlog_meta_of_another_shape") else {
        return;
    };
    let mut c = s.admin();
    c.batch_execute(&format!("CREATE SCHEMA {}", s.name))
        .unwrap();
    // Columns of the same names and other types; other columns; the
    // backlog's columns with no row, or two.
    for (columns, rows) in [
        ("application integer, version text", "(7, 'one')"),
        ("application text, version bigint", "('backlog', 1)"),
        ("id serial, note text", "(1, 'hello')"),
        ("application text, version integer", ""),
        (
            "application text, version integer",
            "('backlog', 1), ('backlog', 2)",
        ),
    ] {
        c.batch_execute(&format!(
            "DROP TABLE IF EXISTS backlog_meta; CREATE TABLE backlog_meta ({columns})"
        ))
        .unwrap();
        if !rows.is_empty() {
            c.batch_execute(&format!("INSERT INTO backlog_meta VALUES {rows}"))
                .unwrap();
        }
        let kept: Vec<String> = meta_rows(&mut c);
        for create in [false, true] {
            let e = open(&target(&s.url), create).err().unwrap().to_string();
            assert_eq!(
                e,
                format!(
                    "schema “{}” of database “{}” at {} does not hold a backlog: its table backlog_meta belongs to another program (its columns are not the backlog's); nothing was changed: pick another schema with options=-csearch_path=NAME",
                    s.name,
                    database(&mut c),
                    target(&s.url).host_port()
                ),
                "{columns} / {rows}"
            );
        }
        assert_eq!(tables(&mut c, &s.name), ["backlog_meta"]);
        let still: Vec<String> = meta_rows(&mut c);
        assert_eq!(still, kept, "{columns}");
    }
}

/// The rows of `backlog_meta`, as text.
fn meta_rows(c: &mut postgres::Client) -> Vec<String> {
    c.simple_query("SELECT t::text FROM backlog_meta t ORDER BY 1")
        .unwrap()
        .into_iter()
        .filter_map(|m| match m {
            postgres::SimpleQueryMessage::Row(r) => r.get(0).map(str::to_string),
            _ => None,
        })
        .collect()
}

fn database(c: &mut postgres::Client) -> String {
    c.query_one("SELECT current_database()", &[])
        .unwrap()
        .get(0)
}

#[test]
fn a_role_that_may_only_read_opens_read_only() {
    let Some(s) = schema("a_role_that_may_only_read") else {
        return;
    };
    open(&target(&s.url), true).unwrap();
    let role = format!("{}_ro", s.name);
    let mut c = s.admin();
    c.batch_execute(&format!(
        "CREATE ROLE {role} LOGIN PASSWORD 'ro-secret'; GRANT USAGE ON SCHEMA {0} TO {role}; \
         GRANT SELECT ON ALL TABLES IN SCHEMA {0} TO {role}",
        s.name
    ))
    .unwrap();
    let url = format!(
        "postgresql://{role}:ro-secret@/?options=-csearch_path%3D{}",
        s.name
    );
    let opened = open(&target(&url), false);
    let read_only = opened.as_ref().map(|o| o.read_only);
    c.batch_execute(&format!("DROP OWNED BY {role}; DROP ROLE {role}"))
        .unwrap();
    assert!(read_only.unwrap());
}

#[test]
fn an_unreachable_server_fails_fast_in_one_line_naming_it() {
    // Port 1 on loopback: nothing listens there.
    let started = Instant::now();
    let e = open(
        &target("postgresql://u@127.0.0.1:1/db?connect_timeout=2"),
        false,
    )
    .err()
    .unwrap()
    .to_string();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(
        e.starts_with("cannot reach PostgreSQL at 127.0.0.1:1"),
        "{e}"
    );
    assert!(!e.contains('\n'), "{e}");
}

#[test]
fn a_missing_database_is_named() {
    let Some(_s) = schema("a_missing_database_is_named") else {
        return;
    };
    let e = open(&target("postgresql:///no_such_db_here"), false)
        .err()
        .unwrap()
        .to_string();
    assert!(
        e.starts_with("there is no database “no_such_db_here” on PostgreSQL at "),
        "{e}"
    );
}

#[test]
fn a_wrong_password_is_named_as_such() {
    let Some(s) = schema("a_wrong_password_is_named") else {
        return;
    };
    let role = format!("{}_pw", s.name);
    let mut c = s.admin();
    c.batch_execute(&format!("CREATE ROLE {role} LOGIN PASSWORD 'right'"))
        .unwrap();
    let result = open(
        &target(&format!("postgresql://{role}:wrong@/postgres")),
        false,
    );
    c.batch_execute(&format!("DROP ROLE {role}")).unwrap();
    let e = result.err().unwrap().to_string();
    assert!(
        e.starts_with("PostgreSQL at ")
            && e.contains(&format!(
                "refused the password of user “{role}” (the one in the URL)"
            )),
        "{e}"
    );
}

/// Runs the real binary on `db`; panics with its stderr when it fails.
fn backlog_ok(db: &str, args: &[&str]) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_backlog"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("BACKLOG_DB")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "backlog {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The planning figures (read after every write on the Roadmap, Ranked
/// and Health tabs) find the stories done through an index of those
/// history rows, instead of visiting every row of the changes in their
/// window, an import's one row per item included (about 30 ms of a
/// keypress at 100,000 stories).
#[test]
fn the_planning_figures_find_completions_by_index_not_among_an_imports_rows() {
    let Some(s) = schema("planning_finds_completions") else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("gen.db");
    let doc = work.path().join("gen.json");
    let (file, doc) = (file.to_str().unwrap(), doc.to_str().unwrap());
    backlog_ok(file, &["dev", "generate", file, "--stories", "3000"]);
    backlog_ok(file, &["export", "-o", doc]);
    backlog_ok(&s.url, &["import", doc]);
    backlog_ok(&s.url, &["edit", "S-1", "--status", "in-progress"]);
    backlog_ok(&s.url, &["edit", "S-1", "--status", "done"]);

    let mut c = s.admin();
    let since = chrono::Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0).unwrap();
    let found: Vec<String> = c
        .query(backlog::store::postgres::COMPLETIONS_SQL, &[&since])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(found, ["S-1"]);
    let plan: Vec<String> = c
        .query(
            &format!(
                "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) {}",
                backlog::store::postgres::COMPLETIONS_SQL
            ),
            &[&since],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let plan = plan.join("\n");
    assert!(plan.contains("history_completions"), "{plan}");
}
