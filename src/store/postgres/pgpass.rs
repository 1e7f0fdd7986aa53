//! The password file (`~/.pgpass`, `PGPASSFILE`), read as libpq reads it:
//! lines `hostname:port:database:username:password`, `*` matching
//! anything, `\:` and `\\` escaping, `#` starting a comment, the first
//! matching line winning. A file that others may read is ignored.

use std::path::Path;

use super::target::Target;

/// The password for `target` in the file at `path`: `Ok(None)` when the
/// file is missing or has no matching line, `Err(why)` when it is ignored.
pub fn lookup(path: &Path, target: &Target) -> Result<Option<String>, String> {
    let meta = match std::fs::metadata(path) {
        Ok(m) if m.is_file() => m,
        _ => return Ok(None),
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            return Err(format!(
                "the password file {} was ignored: others may read it (make it private with `chmod 600 {}`)",
                path.display(),
                path.display()
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    let Ok(text) = std::fs::read_to_string(path) else {
        return Ok(None);
    };
    // libpq matches a socket connection against `localhost`.
    let host = if target.is_socket() {
        "localhost"
    } else {
        target.host.as_str()
    };
    let port = target.port.to_string();
    let wanted = [
        host,
        port.as_str(),
        target.dbname.as_str(),
        target.user.as_str(),
    ];
    for line in text.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields = split_fields(line);
        if fields.len() < 5 {
            continue;
        }
        let matches = fields[..4]
            .iter()
            .zip(wanted)
            .all(|(field, want)| field.as_str() == "*" || field.as_str() == want);
        if matches {
            return Ok(Some(fields[4..].join(":")));
        }
    }
    Ok(None)
}

/// Splits a line on unescaped `:`, undoing `\:` and `\\`.
fn split_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    fields.last_mut().expect("never empty").push(next);
                }
            }
            ':' => fields.push(String::new()),
            c => fields.last_mut().expect("never empty").push(c),
        }
    }
    fields
}
