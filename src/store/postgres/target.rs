//! Where a PostgreSQL backlog lives: a `postgres://` or `postgresql://`
//! URL read the way libpq reads it, with libpq's environment variables
//! (`PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`, `PGPASSWORD`, `PGSSLMODE`,
//! `PGSSLROOTCERT`, `PGCONNECT_TIMEOUT`, `PGAPPNAME`, `PGOPTIONS`,
//! `PGPASSFILE`) filling what the URL leaves out, and `~/.pgpass` for the
//! password. Its display form never shows the password.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use super::pgpass;

/// How long a connection attempt may take unless `connect_timeout` says
/// otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// libpq's `sslmode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Allow,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    fn parse(s: &str) -> Result<SslMode, String> {
        Ok(match s {
            "disable" => SslMode::Disable,
            "allow" => SslMode::Allow,
            "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            other => {
                return Err(format!(
                    "sslmode “{other}” is not one of disable, allow, prefer, require, verify-ca, verify-full"
                ));
            }
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Allow => "allow",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        }
    }
}

/// Where the password came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordSource {
    Url,
    Environment,
    Passfile,
}

/// A password, never shown by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Password {
    pub secret: String,
    pub source: PasswordSource,
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Password(*** from {:?})", self.source)
    }
}

/// A parsed connection target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// A host name, an IP address, or (starting with `/`) the directory of
    /// the server's Unix socket.
    pub host: String,
    pub port: u16,
    pub user: String,
    pub password: Option<Password>,
    pub dbname: String,
    pub sslmode: SslMode,
    /// The certificate authorities that verify the server (`sslrootcert`).
    pub sslrootcert: Option<PathBuf>,
    pub connect_timeout: Duration,
    pub application_name: Option<String>,
    /// Server options (`options=-csearch_path=team_a`), as given.
    pub options: Option<String>,
    /// The schema the backlog lives in: the first entry of a `search_path`
    /// set in `options`, else `None` (the database's default, `public`).
    pub schema: Option<String>,
    /// Why a password file was not read (group or world readable), for the
    /// message when the server then asks for a password.
    pub passfile_ignored: Option<String>,
}

/// Whether `s` names a PostgreSQL server rather than a file.
pub fn is_url(s: &str) -> bool {
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

/// The query parameters a URL may carry.
const KNOWN_PARAMS: &[&str] = &[
    "host",
    "port",
    "dbname",
    "user",
    "password",
    "passfile",
    "sslmode",
    "sslrootcert",
    "connect_timeout",
    "application_name",
    "options",
];

/// What `Target::parse` reads from outside the URL: the environment and
/// the user's home directory.
pub struct Environment<'a> {
    pub var: &'a dyn Fn(&str) -> Option<String>,
    pub home: Option<PathBuf>,
    pub os_user: Option<String>,
}

impl Environment<'_> {
    /// The process's environment.
    pub fn process() -> Environment<'static> {
        Environment {
            var: &|name| std::env::var(name).ok().filter(|v| !v.is_empty()),
            home: std::env::var_os("HOME").map(PathBuf::from),
            os_user: crate::store::os_user(),
        }
    }
}

impl Target {
    /// Parses a `postgres://` or `postgresql://` URL. Errors are one line.
    pub fn parse(url: &str, env: &Environment) -> Result<Target, String> {
        let rest = url
            .strip_prefix("postgresql://")
            .or_else(|| url.strip_prefix("postgres://"))
            .ok_or_else(|| {
                "a PostgreSQL URL starts with postgres:// or postgresql://".to_string()
            })?;
        let (rest, query) = match rest.split_once('?') {
            Some((r, q)) => (r, Some(q)),
            None => (rest, None),
        };
        let (authority, path) = match rest.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (rest, None),
        };
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, authority),
        };
        let mut user = None;
        let mut password = None;
        if let Some(info) = userinfo {
            let (u, p) = match info.split_once(':') {
                Some((u, p)) => (u, Some(p)),
                None => (info, None),
            };
            if !u.is_empty() {
                user = Some(decode(u, "the user name")?);
            }
            if let Some(p) = p {
                password = Some(decode(p, "the password")?);
            }
        }
        let (mut host, mut port) = split_host_port(hostport)?;
        let mut dbname = match path {
            Some(p) if !p.is_empty() => Some(decode(p, "the database name")?),
            _ => None,
        };
        let mut params = Params::default();
        if let Some(q) = query {
            for pair in q.split('&').filter(|p| !p.is_empty()) {
                let (k, v) = pair.split_once('=').ok_or_else(|| {
                    format!("the URL parameter “{pair}” has no value (write {pair}=…)")
                })?;
                let k = decode(k, "a parameter name")?;
                let v = decode(v, &format!("the value of {k}"))?;
                match k.as_str() {
                    "host" => host = Some(v),
                    "port" => port = Some(parse_port(&v)?),
                    "dbname" => dbname = Some(v),
                    "user" => user = Some(v),
                    "password" => password = Some(v),
                    "passfile" => params.passfile = Some(PathBuf::from(v)),
                    "sslmode" => params.sslmode = Some(SslMode::parse(&v)?),
                    "sslrootcert" => params.sslrootcert = Some(PathBuf::from(v)),
                    "connect_timeout" => params.connect_timeout = Some(parse_timeout(&v)?),
                    "application_name" => params.application_name = Some(v),
                    "options" => params.options = Some(v),
                    other => {
                        return Err(format!(
                            "unknown URL parameter “{other}” (known: {})",
                            KNOWN_PARAMS.join(", ")
                        ));
                    }
                }
            }
        }
        let var = env.var;
        let host = host
            .filter(|h| !h.is_empty())
            .or_else(|| var("PGHOST"))
            .unwrap_or_else(|| "localhost".into());
        let port = match port {
            Some(p) => p,
            None => match var("PGPORT") {
                Some(p) => parse_port(&p).map_err(|e| format!("PGPORT: {e}"))?,
                None => 5432,
            },
        };
        let user = user
            .or_else(|| var("PGUSER"))
            .or_else(|| env.os_user.clone())
            .ok_or_else(|| {
                "no user name: put one in the URL (postgres://NAME@host/db) or set PGUSER"
                    .to_string()
            })?;
        let dbname = dbname
            .or_else(|| var("PGDATABASE"))
            .unwrap_or_else(|| user.clone());
        let sslmode = match params.sslmode {
            Some(m) => m,
            None => match var("PGSSLMODE") {
                Some(m) => SslMode::parse(&m).map_err(|e| format!("PGSSLMODE: {e}"))?,
                None => SslMode::Prefer,
            },
        };
        let connect_timeout = match params.connect_timeout {
            Some(t) => t,
            None => match var("PGCONNECT_TIMEOUT") {
                Some(t) => parse_timeout(&t).map_err(|e| format!("PGCONNECT_TIMEOUT: {e}"))?,
                None => DEFAULT_CONNECT_TIMEOUT,
            },
        };
        let sslrootcert = params
            .sslrootcert
            .or_else(|| var("PGSSLROOTCERT").map(PathBuf::from));
        let application_name = params.application_name.or_else(|| var("PGAPPNAME"));
        let options = params.options.or_else(|| var("PGOPTIONS"));
        let schema = options.as_deref().and_then(search_path_schema);
        let mut target = Target {
            host,
            port,
            user,
            password: password.map(|secret| Password {
                secret,
                source: PasswordSource::Url,
            }),
            dbname,
            sslmode,
            sslrootcert,
            connect_timeout,
            application_name,
            options,
            schema,
            passfile_ignored: None,
        };
        if target.password.is_none() {
            if let Some(secret) = var("PGPASSWORD") {
                target.password = Some(Password {
                    secret,
                    source: PasswordSource::Environment,
                });
            } else {
                let file = params
                    .passfile
                    .or_else(|| var("PGPASSFILE").map(PathBuf::from))
                    .or_else(|| env.home.as_ref().map(|h| h.join(".pgpass")));
                if let Some(file) = file {
                    match pgpass::lookup(&file, &target) {
                        Ok(Some(secret)) => {
                            target.password = Some(Password {
                                secret,
                                source: PasswordSource::Passfile,
                            })
                        }
                        Ok(None) => {}
                        Err(why) => target.passfile_ignored = Some(why),
                    }
                }
            }
        }
        Ok(target)
    }

    /// Whether the host is a Unix socket directory.
    pub fn is_socket(&self) -> bool {
        self.host.starts_with('/')
    }

    /// `host:port`, for messages.
    pub fn host_port(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    /// The author recorded on history entries: the role, and the
    /// application name when one is set (`alice (sprint-bot)`).
    pub fn author(&self) -> String {
        match &self.application_name {
            Some(app) => format!("{} ({app})", self.user),
            None => self.user.clone(),
        }
    }
}

/// The display form: a URL without the password (`postgresql://alice@db:5432/team?options=…`).
impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let host = if self.is_socket() {
            encode(&self.host)
        } else if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            encode(&self.host)
        };
        write!(
            f,
            "postgresql://{}@{}:{}/{}",
            encode(&self.user),
            host,
            self.port,
            encode(&self.dbname)
        )?;
        let mut params = Vec::new();
        if self.sslmode != SslMode::Prefer {
            params.push(format!("sslmode={}", self.sslmode.as_str()));
        }
        if let Some(o) = &self.options {
            params.push(format!("options={}", encode(o)));
        }
        if let Some(a) = &self.application_name {
            params.push(format!("application_name={}", encode(a)));
        }
        if !params.is_empty() {
            write!(f, "?{}", params.join("&"))?;
        }
        Ok(())
    }
}

#[derive(Default)]
struct Params {
    passfile: Option<PathBuf>,
    sslmode: Option<SslMode>,
    sslrootcert: Option<PathBuf>,
    connect_timeout: Option<Duration>,
    application_name: Option<String>,
    options: Option<String>,
}

/// `host`, `host:port`, `[v6]`, `[v6]:port` or nothing; hosts may be
/// percent-encoded (a socket directory: `%2Fvar%2Frun%2Fpostgresql`).
fn split_host_port(s: &str) -> Result<(Option<String>, Option<u16>), String> {
    if s.is_empty() {
        return Ok((None, None));
    }
    if s.contains(',') {
        return Err("several hosts in one URL are not supported: name one server".into());
    }
    if let Some(v6) = s.strip_prefix('[') {
        let (addr, after) = v6
            .split_once(']')
            .ok_or_else(|| format!("“{s}”: an IPv6 address needs a closing ]"))?;
        let port = match after {
            "" => None,
            p => Some(parse_port(p.strip_prefix(':').ok_or_else(|| {
                format!("“{s}”: expected :PORT after the IPv6 address")
            })?)?),
        };
        return Ok((Some(addr.to_string()), port));
    }
    let (host, port) = match s.rsplit_once(':') {
        Some((h, p)) => (h, Some(parse_port(p)?)),
        None => (s, None),
    };
    let host = decode(host, "the host")?;
    Ok(((!host.is_empty()).then_some(host), port))
}

fn parse_port(s: &str) -> Result<u16, String> {
    match s.parse::<u16>() {
        Ok(p) if p > 0 => Ok(p),
        _ => Err(format!("“{s}” is not a port number (1–65535)")),
    }
}

fn parse_timeout(s: &str) -> Result<Duration, String> {
    match s.trim().parse::<u64>() {
        // libpq: 0 (or none) waits forever; a timeout below 2 s is 2 s.
        Ok(0) => Ok(Duration::from_secs(24 * 3600)),
        Ok(n) => Ok(Duration::from_secs(n.clamp(2, 24 * 3600))),
        Err(_) => Err(format!(
            "connect_timeout “{s}” is not a whole number of seconds"
        )),
    }
}

/// The first schema of `search_path` set in server options
/// (`-csearch_path=team_a`, `-c search_path=team_a,public`).
fn search_path_schema(options: &str) -> Option<String> {
    let mut words = options.split_whitespace().peekable();
    while let Some(w) = words.next() {
        let setting = if w == "-c" || w == "--" {
            words.next()?
        } else if let Some(s) = w.strip_prefix("-c").or_else(|| w.strip_prefix("--")) {
            s
        } else {
            continue;
        };
        let Some((name, value)) = setting.split_once('=') else {
            continue;
        };
        if name.replace('-', "_").eq_ignore_ascii_case("search_path") {
            let first = value.split(',').next()?.trim().trim_matches('"');
            return (!first.is_empty()).then(|| first.to_string());
        }
    }
    None
}

/// Percent-decoding, as in a URL.
fn decode(s: &str, what: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| format!("{what} has a bad %-escape"))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| format!("{what} is not valid UTF-8"))
}

/// Percent-encoding of what may not stand as is in a URL part.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
