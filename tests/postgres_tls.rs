//! TLS to a PostgreSQL server whose certificate the test makes (openssl's
//! command line): a certificate authority, and a server certificate it
//! signs for `localhost` only. The server is switched to it with ALTER
//! SYSTEM and a reload, and back at the end.

mod postgres_common;

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use backlog::store::postgres::open::open;
use backlog::store::postgres::{Environment, Target};
use postgres_common::schema;

fn openssl(dir: &Path, args: &[&str]) -> bool {
    Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Makes `name.key` and a self-signed `name.crt` authority.
fn authority(dir: &Path, name: &str) -> bool {
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            &format!("/CN=backlog test {name}"),
            "-keyout",
            &format!("{name}.key"),
            "-out",
            &format!("{name}.crt"),
        ],
    )
}

/// The server's certificate for `localhost`, signed by `ca`.
fn server_certificate(dir: &Path) -> bool {
    std::fs::write(dir.join("san.ext"), "subjectAltName=DNS:localhost\n").unwrap();
    openssl(
        dir,
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=localhost",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
        ],
    ) && openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            "san.ext",
            "-out",
            "server.crt",
        ],
    )
}

/// Puts the server on `dir`'s certificate until dropped.
struct ServerCertificate {
    admin: postgres::Client,
}

impl ServerCertificate {
    fn install(mut admin: postgres::Client, dir: &Path) -> Result<ServerCertificate, String> {
        use std::os::unix::fs::MetadataExt;
        let data: String = admin
            .query_one("SHOW data_directory", &[])
            .map_err(|e| e.to_string())?
            .get(0);
        let owner = std::fs::metadata(&data).map_err(|e| e.to_string())?;
        // The server reads the key only if it owns it and no one else may.
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        for f in ["server.crt", "server.key"] {
            std::os::unix::fs::chown(dir.join(f), Some(owner.uid()), Some(owner.gid()))
                .map_err(|e| format!("cannot hand {f} to the server's user: {e}"))?;
        }
        std::fs::set_permissions(
            dir.join("server.key"),
            std::fs::Permissions::from_mode(0o600),
        )
        .unwrap();
        let crt = dir.join("server.crt");
        // One statement at a time: ALTER SYSTEM refuses to run in the
        // implicit transaction of a multi-statement query.
        for sql in [
            format!("ALTER SYSTEM SET ssl_cert_file = '{}'", crt.display()),
            format!(
                "ALTER SYSTEM SET ssl_key_file = '{}'",
                dir.join("server.key").display()
            ),
            "SELECT pg_reload_conf()".to_string(),
        ] {
            admin.batch_execute(&sql).map_err(|e| e.to_string())?;
        }
        // The reload is asynchronous: new sessions see it once it is done.
        for _ in 0..50 {
            let target = Target::parse("postgresql://", &Environment::process()).unwrap();
            let mut c = backlog::store::postgres::connect::connect(&target).unwrap();
            let now: String = c.query_one("SHOW ssl_cert_file", &[]).unwrap().get(0);
            if now == crt.display().to_string() {
                return Ok(ServerCertificate { admin });
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        Err("the server did not take the new certificate".into())
    }
}

impl Drop for ServerCertificate {
    fn drop(&mut self) {
        for sql in [
            "ALTER SYSTEM RESET ssl_cert_file",
            "ALTER SYSTEM RESET ssl_key_file",
            "SELECT pg_reload_conf()",
        ] {
            let _ = self.admin.batch_execute(sql);
        }
    }
}

fn opens(url: &str) -> Result<bool, String> {
    let target = Target::parse(url, &Environment::process())?;
    let mut opened = open(&target, true).map_err(|e| e.to_string())?;
    Ok(opened
        .client
        .query_one(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .map_err(|e| e.to_string())?
        .get(0))
}

#[test]
fn tls_follows_sslmode_against_a_certificate_made_by_the_test() {
    let Some(s) = schema("tls_follows_sslmode") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let made = authority(d, "ca") && authority(d, "other") && server_certificate(d);
    if !made {
        let why = "SKIPPED tls_follows_sslmode: the openssl command is missing or failed";
        assert!(std::env::var("CI").map_or(true, |v| v != "true"), "{why}");
        let _ = writeln!(std::io::stderr(), "{why}");
        return;
    }
    let _installed = match ServerCertificate::install(s.admin(), d) {
        Ok(i) => i,
        Err(why) => {
            let why = format!("SKIPPED tls_follows_sslmode: {why}");
            assert!(std::env::var("CI").map_or(true, |v| v != "true"), "{why}");
            let _ = writeln!(std::io::stderr(), "{why}");
            return;
        }
    };
    let root = |name: &str| -> PathBuf { d.join(format!("{name}.crt")) };
    let url = |host: &str, params: &str| {
        format!(
            "postgresql://{host}/?options=-csearch_path%3D{}&{params}",
            s.name
        )
    };
    // Verified against the authority that signed it, for its name.
    let full = url(
        "localhost",
        &format!("sslmode=verify-full&sslrootcert={}", root("ca").display()),
    );
    assert_eq!(opens(&full), Ok(true));
    // Encrypted without checking.
    assert_eq!(opens(&url("localhost", "sslmode=require")), Ok(true));
    // Another authority's certificate is refused, in one line.
    let e = opens(&url(
        "localhost",
        &format!(
            "sslmode=verify-full&sslrootcert={}",
            root("other").display()
        ),
    ))
    .unwrap_err();
    assert!(
        e.starts_with("the certificate of PostgreSQL at localhost:") && e.contains("verify-full"),
        "{e}"
    );
    assert!(!e.contains('\n'), "{e}");
    // By address the name does not match: verify-full refuses, verify-ca
    // (the authority only) accepts.
    let e = opens(&url(
        "127.0.0.1",
        &format!("sslmode=verify-full&sslrootcert={}", root("ca").display()),
    ))
    .unwrap_err();
    assert!(e.contains("certificate"), "{e}");
    let ca = url(
        "127.0.0.1",
        &format!("sslmode=verify-ca&sslrootcert={}", root("ca").display()),
    );
    assert_eq!(opens(&ca), Ok(true));
    // Without an authority to check against, verify-full says what it needs.
    let e = opens(&url(
        "localhost",
        "sslmode=verify-full&sslrootcert=/nonexistent/root.crt",
    ))
    .unwrap_err();
    assert!(e.contains("cannot read the root certificate file"), "{e}");
}
