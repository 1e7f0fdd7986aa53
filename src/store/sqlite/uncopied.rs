//! Running one statement whose text and blob parameters SQLite reads
//! where they are, without copying them first.
//!
//! rusqlite binds every text as `SQLITE_TRANSIENT`, so SQLite copies it
//! before the statement runs; an INSERT then builds the row's record, a
//! second copy. For a row with a 200 MB description that is the item, the
//! bound copy and the record side by side (three times the text). Bound
//! as `SQLITE_STATIC` the text is read from the item itself while the
//! record is built: the item and the record, twice the text. The store
//! uses this for rows with a big text only (see [`BIG_TEXT`]): preparing
//! a statement for one row costs nothing beside copying megabytes, but
//! would for the thousands of small rows of an import.

use std::ffi::{CStr, c_char, c_int, c_void};

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, ToSql, ffi};

/// A text parameter from this many bytes on is bound without SQLite's copy.
pub(super) const BIG_TEXT: usize = 1 << 20;

/// Whether any of `params` is a text or blob of at least [`BIG_TEXT`] bytes.
pub(super) fn has_big_text(params: &[&dyn ToSql]) -> bool {
    params.iter().any(|p| {
        matches!(p.to_sql(), Ok(out) if match value_ref(&out) {
            Some(ValueRef::Text(t) | ValueRef::Blob(t)) => t.len() >= BIG_TEXT,
            _ => false,
        })
    })
}

fn value_ref<'a>(out: &'a ToSqlOutput<'_>) -> Option<ValueRef<'a>> {
    match out {
        ToSqlOutput::Borrowed(v) => Some(*v),
        ToSqlOutput::Owned(v) => Some(ValueRef::from(v)),
        _ => None,
    }
}

/// Prepares `sql` on `conn`, binds `params` (`?1`, `?2`… in order) without
/// copying their texts, runs it to completion and finalizes it. Returns
/// the number of rows changed.
pub(super) fn execute(
    conn: &Connection,
    sql: &str,
    params: &[&dyn ToSql],
) -> rusqlite::Result<usize> {
    // Every value lives here until the statement is finalized: SQLite
    // keeps pointers into them.
    let outs: Vec<ToSqlOutput<'_>> = params
        .iter()
        .map(|p| p.to_sql())
        .collect::<rusqlite::Result<_>>()?;
    // SAFETY: the handle is valid while `conn` lives; this function
    // neither closes it nor lets the statement outlive the call.
    let db = unsafe { conn.handle() };
    let stmt = Stmt::prepare(db, sql)?;
    let count = unsafe { ffi::sqlite3_bind_parameter_count(stmt.0) } as usize;
    if count != outs.len() {
        return Err(rusqlite::Error::InvalidParameterCount(outs.len(), count));
    }
    for (n, out) in outs.iter().enumerate() {
        let at = (n + 1) as c_int;
        let Some(value) = value_ref(out) else {
            return Err(rusqlite::Error::ToSqlConversionFailure(
                format!("parameter {at}: a value this statement cannot bind").into(),
            ));
        };
        // SAFETY: `stmt` is a live statement of `db`; texts and blobs
        // point into `outs`, which outlives it (SQLITE_STATIC: SQLite
        // reads them in place until the statement is finalized).
        let rc = unsafe {
            match value {
                ValueRef::Null => ffi::sqlite3_bind_null(stmt.0, at),
                ValueRef::Integer(i) => ffi::sqlite3_bind_int64(stmt.0, at, i),
                ValueRef::Real(r) => ffi::sqlite3_bind_double(stmt.0, at, r),
                ValueRef::Text(t) => ffi::sqlite3_bind_text64(
                    stmt.0,
                    at,
                    t.as_ptr().cast::<c_char>(),
                    t.len() as ffi::sqlite3_uint64,
                    ffi::SQLITE_STATIC(),
                    ffi::SQLITE_UTF8 as _,
                ),
                ValueRef::Blob(b) => ffi::sqlite3_bind_blob64(
                    stmt.0,
                    at,
                    b.as_ptr().cast::<c_void>(),
                    b.len() as ffi::sqlite3_uint64,
                    ffi::SQLITE_STATIC(),
                ),
            }
        };
        if rc != ffi::SQLITE_OK {
            return Err(error(db, rc));
        }
    }
    // SAFETY: as above.
    let rc = unsafe { ffi::sqlite3_step(stmt.0) };
    if rc != ffi::SQLITE_DONE {
        // A statement that returns rows is not for this function.
        return Err(if rc == ffi::SQLITE_ROW {
            rusqlite::Error::ExecuteReturnedResults
        } else {
            error(db, rc)
        });
    }
    Ok(unsafe { ffi::sqlite3_changes64(db) } as usize)
}

/// [`execute`] without the table's CHECK constraints, back on when it
/// returns, however it ends. For a history row's states only: JSON that
/// serde_json wrote from an item, valid by construction, which
/// `json_valid` parsed whole, and SQLite kept each parsed until the
/// statement ended: four copies of a 200 MB description beside the record.
pub(super) fn execute_unchecked(
    conn: &Connection,
    sql: &str,
    params: &[&dyn ToSql],
) -> rusqlite::Result<usize> {
    conn.pragma_update(None, "ignore_check_constraints", true)?;
    let result = execute(conn, sql, params);
    let back = conn.pragma_update(None, "ignore_check_constraints", false);
    let changed = result?;
    back?;
    Ok(changed)
}

/// The error SQLite reports for `rc` on `db`, as rusqlite reports it.
fn error(db: *mut ffi::sqlite3, rc: c_int) -> rusqlite::Error {
    // SAFETY: `db` is a live connection; the message is copied before any
    // other call on it.
    let (code, message) = unsafe {
        let code = ffi::sqlite3_extended_errcode(db);
        let msg = ffi::sqlite3_errmsg(db);
        let message = (!msg.is_null()).then(|| CStr::from_ptr(msg).to_string_lossy().into_owned());
        (if code == ffi::SQLITE_OK { rc } else { code }, message)
    };
    rusqlite::Error::SqliteFailure(ffi::Error::new(code), message)
}

/// A prepared statement, finalized when dropped.
struct Stmt(*mut ffi::sqlite3_stmt);

impl Stmt {
    fn prepare(db: *mut ffi::sqlite3, sql: &str) -> rusqlite::Result<Stmt> {
        let mut stmt = std::ptr::null_mut();
        // SAFETY: `db` is a live connection; `sql` is passed with its
        // length (no terminator needed).
        let rc = unsafe {
            ffi::sqlite3_prepare_v2(
                db,
                sql.as_ptr().cast::<c_char>(),
                sql.len() as c_int,
                &mut stmt,
                std::ptr::null_mut(),
            )
        };
        if rc != ffi::SQLITE_OK {
            return Err(error(db, rc));
        }
        if stmt.is_null() {
            return Err(rusqlite::Error::InvalidQuery);
        }
        Ok(Stmt(stmt))
    }
}

impl Drop for Stmt {
    fn drop(&mut self) {
        // SAFETY: finalized once, here; its errors were reported by step.
        unsafe { ffi::sqlite3_finalize(self.0) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::types::Value;

    #[test]
    fn binds_every_kind_of_value_as_rusqlite_does() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (a, b, c, d, e, f)")
            .unwrap();
        let big = "é\"x\n".repeat(BIG_TEXT / 4 + 1);
        let blob: Vec<u8> = vec![0, 1, 2];
        let none: Option<i64> = None;
        let params: [&dyn ToSql; 6] =
            [&big, &7i64, &1.5f64, &none, &blob, &Value::Text("v".into())];
        assert!(has_big_text(&params));
        assert!(!has_big_text(&params[1..]));
        let sql = "INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
        assert_eq!(execute(&conn, sql, &params).unwrap(), 1);
        conn.execute(sql, params.as_slice()).unwrap();
        let rows: Vec<String> = conn
            .prepare("SELECT quote(a) || typeof(a) || quote(b) || quote(c) || quote(d) || quote(e) || quote(f) FROM t")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0], rows[1]);
    }

    #[test]
    fn unchecked_skips_the_checks_of_that_statement_only() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (a CHECK (json_valid(a)))")
            .unwrap();
        let json = format!("\"{}\"", "x".repeat(BIG_TEXT));
        let sql = "INSERT INTO t VALUES (?1)";
        assert_eq!(execute_unchecked(&conn, sql, &[&json]).unwrap(), 1);
        assert!(
            execute(&conn, sql, &[&"not json"]).is_err(),
            "checked again"
        );
        assert!(conn.execute(sql, ["not json"]).is_err(), "checked again");
        let valid: bool = conn
            .query_row("SELECT json_valid(a) FROM t", [], |r| r.get(0))
            .unwrap();
        assert!(valid);
    }

    #[test]
    fn reports_sqlite_errors_as_rusqlite_does() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (a NOT NULL)").unwrap();
        let none: Option<i64> = None;
        let ours = execute(&conn, "INSERT INTO t VALUES (?1)", &[&none]).unwrap_err();
        let theirs = conn
            .execute("INSERT INTO t VALUES (?1)", [none])
            .unwrap_err();
        assert_eq!(ours.sqlite_error_code(), theirs.sqlite_error_code());
        assert_eq!(ours.to_string(), theirs.to_string());
        assert!(execute(&conn, "INSERT INTO t VALUES (?1, ?2)", &[&none]).is_err());
        assert!(execute(&conn, "NOT SQL", &[]).is_err());
    }
}
