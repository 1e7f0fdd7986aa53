//! Reading connection URLs, libpq's environment variables and the
//! password file.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use super::target::{DEFAULT_CONNECT_TIMEOUT, Environment, PasswordSource, SslMode, Target};

fn parse_with(url: &str, vars: &[(&str, &str)], home: Option<PathBuf>) -> Result<Target, String> {
    let vars: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let lookup = move |name: &str| vars.get(name).cloned();
    let env = Environment {
        var: &lookup,
        home,
        os_user: Some("osuser".into()),
    };
    Target::parse(url, &env)
}

fn parse(url: &str) -> Target {
    parse_with(url, &[], None).unwrap()
}

#[test]
fn a_full_url_gives_every_part() {
    let t = parse(
        "postgresql://alice:s%40cret@db.example.com:6543/team?sslmode=verify-full&connect_timeout=10&application_name=sprint-bot&options=-csearch_path%3Dteam_a",
    );
    assert_eq!(t.host, "db.example.com");
    assert_eq!(t.port, 6543);
    assert_eq!(t.user, "alice");
    let password = t.password.as_ref().unwrap();
    assert_eq!(password.secret, "s@cret");
    assert_eq!(password.source, PasswordSource::Url);
    assert_eq!(t.dbname, "team");
    assert_eq!(t.sslmode, SslMode::VerifyFull);
    assert_eq!(t.connect_timeout, Duration::from_secs(10));
    assert_eq!(t.application_name.as_deref(), Some("sprint-bot"));
    assert_eq!(t.options.as_deref(), Some("-csearch_path=team_a"));
    assert_eq!(t.schema.as_deref(), Some("team_a"));
    assert_eq!(t.author(), "alice (sprint-bot)");
}

#[test]
fn the_display_form_never_shows_the_password() {
    let t = parse("postgres://alice:hunter2@db:5432/team?options=-c%20search_path%3Dteam_a");
    let shown = t.to_string();
    assert_eq!(
        shown,
        "postgresql://alice@db:5432/team?options=-c%20search_path%3Dteam_a"
    );
    assert!(!format!("{t:?}").contains("hunter2"));
    assert_eq!(t.schema.as_deref(), Some("team_a"));
}

#[test]
fn what_the_url_leaves_out_comes_from_the_environment_then_defaults() {
    let t = parse_with(
        "postgres://",
        &[
            ("PGHOST", "pg.local"),
            ("PGPORT", "5433"),
            ("PGUSER", "bob"),
            ("PGDATABASE", "plans"),
            ("PGPASSWORD", "from-env"),
            ("PGSSLMODE", "require"),
            ("PGAPPNAME", "cli"),
        ],
        None,
    )
    .unwrap();
    assert_eq!(t.host_port(), "pg.local:5433");
    assert_eq!((t.user.as_str(), t.dbname.as_str()), ("bob", "plans"));
    assert_eq!(
        t.password.as_ref().unwrap().source,
        PasswordSource::Environment
    );
    assert_eq!(t.sslmode, SslMode::Require);
    assert_eq!(t.application_name.as_deref(), Some("cli"));

    let t = parse("postgresql://");
    assert_eq!(t.host_port(), "localhost:5432");
    assert_eq!(t.user, "osuser");
    assert_eq!(t.dbname, "osuser");
    assert_eq!(t.sslmode, SslMode::Prefer);
    assert_eq!(t.connect_timeout, DEFAULT_CONNECT_TIMEOUT);
    assert!(t.password.is_none());
    assert_eq!(t.author(), "osuser");
}

#[test]
fn the_url_wins_over_the_environment() {
    let t = parse_with(
        "postgres://carol:pw@h:1/db",
        &[("PGPASSWORD", "other"), ("PGHOST", "x"), ("PGUSER", "y")],
        None,
    )
    .unwrap();
    assert_eq!(t.user, "carol");
    assert_eq!(t.password.as_ref().unwrap().secret, "pw");
    assert_eq!(t.host_port(), "h:1");
}

#[test]
fn ipv6_and_socket_hosts() {
    let t = parse("postgres://u@[::1]:5999/d");
    assert_eq!(t.host, "::1");
    assert_eq!(t.host_port(), "[::1]:5999");
    let t = parse("postgresql://u@%2Fvar%2Frun%2Fpostgresql/d");
    assert!(t.is_socket());
    assert_eq!(t.host, "/var/run/postgresql");
    let t = parse("postgresql:///d?host=/tmp");
    assert_eq!(t.host, "/tmp");
    assert_eq!(t.dbname, "d");
}

#[test]
fn bad_urls_are_refused_in_one_line() {
    for (url, wanted) in [
        ("postgres://h:99999/d", "not a port number"),
        ("postgres://h/d?sslmode=sometimes", "sslmode “sometimes”"),
        (
            "postgres://h/d?colour=blue",
            "unknown URL parameter “colour”",
        ),
        ("postgres://h/d?connect_timeout=soon", "not a whole number"),
        ("postgres://h/d?sslmode", "has no value"),
        ("postgres://a,b/d", "several hosts"),
        ("postgres://h/d%zz", "bad %-escape"),
    ] {
        let e = parse_with(url, &[], None).unwrap_err();
        assert!(e.contains(wanted), "{url}: {e}");
        assert!(!e.contains('\n'), "{url}: {e}");
    }
}

#[test]
fn connect_timeout_follows_libpq() {
    assert_eq!(
        parse("postgres://h/d?connect_timeout=1").connect_timeout,
        Duration::from_secs(2)
    );
    assert_eq!(
        parse("postgres://h/d?connect_timeout=30").connect_timeout,
        Duration::from_secs(30)
    );
}

#[cfg(unix)]
mod passfile {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn passfile(text: &str, mode: u32) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".pgpass");
        std::fs::write(&path, text).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        (dir, path)
    }

    const LINES: &str = "# comment\n\
        other:5432:*:alice:wrong-host\n\
        db:5432:team:alice:first\\:colon\n\
        db:5432:team:alice:second\n\
        *:*:*:bob:any\\\\thing\n\
        localhost:5432:*:sock:via-socket\n";

    #[test]
    fn the_first_matching_line_gives_the_password() {
        let (dir, _) = passfile(LINES, 0o600);
        let home = Some(dir.path().to_path_buf());
        let t = parse_with("postgres://alice@db/team", &[], home.clone()).unwrap();
        let p = t.password.unwrap();
        assert_eq!(p.secret, "first:colon");
        assert_eq!(p.source, PasswordSource::Passfile);
        let t = parse_with("postgres://bob@anywhere:7/x", &[], home.clone()).unwrap();
        assert_eq!(t.password.unwrap().secret, "any\\thing");
        let t = parse_with("postgres://carol@db/team", &[], home.clone()).unwrap();
        assert!(t.password.is_none());
        // A socket connection matches `localhost`.
        let t = parse_with("postgres://sock@%2Ftmp/x", &[], home).unwrap();
        assert_eq!(t.password.unwrap().secret, "via-socket");
    }

    #[test]
    fn pgpassfile_and_pgpassword_take_precedence_as_in_libpq() {
        let (_dir, path) = passfile(LINES, 0o600);
        let file = path.to_str().unwrap();
        let t = parse_with("postgres://alice@db/team", &[("PGPASSFILE", file)], None).unwrap();
        assert_eq!(t.password.unwrap().secret, "first:colon");
        let t = parse_with(
            "postgres://alice@db/team",
            &[("PGPASSFILE", file), ("PGPASSWORD", "env")],
            None,
        )
        .unwrap();
        assert_eq!(t.password.unwrap().secret, "env");
        let url = format!("postgres://alice@db/team?passfile={file}");
        let t = parse_with(&url, &[], None).unwrap();
        assert_eq!(t.password.unwrap().secret, "first:colon");
    }

    #[test]
    fn a_file_others_can_read_is_ignored_and_said_so() {
        let (dir, _) = passfile(LINES, 0o644);
        let t = parse_with(
            "postgres://alice@db/team",
            &[],
            Some(dir.path().to_path_buf()),
        )
        .unwrap();
        assert!(t.password.is_none());
        let why = t.passfile_ignored.unwrap();
        assert!(why.contains("chmod 600"), "{why}");
    }
}
