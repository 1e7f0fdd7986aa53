//! The items table's CHECK constraints, as one SQL condition on a row of
//! the shelf: redo taken whole (`bulk.rs`) copies shelved rows back into
//! `items` with those constraints off (see `unchecked.rs`), so a shelved
//! value that no item may hold (damaged since it was shelved, by a disk
//! or by hand) is looked for first, in the query that already reads
//! every shelved row of the change, and the redo is refused as damage.
//!
//! Read with the constraints on, the copy costs about a quarter more
//! (SQLite runs them row by row inside the insert); here they cost a Rust
//! function for a row of plain values (`plain_row.rs`) and `json_valid`
//! of the JSON columns, and the expressions themselves for any other.

use super::plain_row;

/// Every CHECK of the items table (the latest definition, schema V8 and
/// the columns V10 and V11 added) but `version >= 1`: redo writes the
/// version itself (a count plus one). The shelf's columns have the
/// items' names and types (schema V12), so each reads the shelved value
/// as the items table would read the copy. A test compares this list
/// with the schema.
pub(super) const ITEM_CHECKS: &[&str] = &[
    "kind IN ('I', 'E', 'S', 'F')",
    "num >= 1",
    "length(trim(title)) > 0",
    "status IN ('draft', 'ready', 'in-progress', 'done', 'dropped')",
    "lane IN ('now', 'next', 'later')",
    "json_valid(labels)",
    "archived IN (0, 1)",
    "json_valid(metrics)",
    "points IS NULL OR points >= 0",
    "json_valid(criteria)",
    "reach IS NULL OR reach >= 0",
    "impact IS NULL OR impact > 0",
    "confidence IS NULL OR (confidence > 0 AND confidence <= 100)",
    "effort IS NULL OR effort > 0",
    "wsjf_value IS NULL OR wsjf_value > 0",
    "wsjf_time IS NULL OR wsjf_time > 0",
    "wsjf_risk IS NULL OR wsjf_risk > 0",
    "wsjf_size IS NULL OR wsjf_size > 0",
    "external_key IS NULL OR length(external_key) > 0",
    "insight IS NULL OR json_valid(insight)",
    "(kind IN ('I', 'F')) = (parent_id IS NULL)",
    "kind = 'S' OR (points IS NULL AND criteria = '[]')",
    "kind <> 'S' OR lane IS NULL",
    "kind = 'F' OR insight IS NULL",
    "source IS NULL OR length(source) > 0",
    "pinned IS NULL OR pinned BETWEEN 1 AND 4294967295",
];

/// A condition true of a shelf row (table alias `alias`) that breaks a
/// CHECK of [`ITEM_CHECKS`]: as SQLite's CHECK, an expression breaks it
/// when it is false, not when it is NULL. A row of plain values is tested
/// by [`plain_row`] (made known to the connection by [`register`]) and
/// SQLite's `json_valid`; any other by the CHECK expressions themselves
/// ([`every_check_refused`]).
pub(super) fn refused(alias: &str) -> String {
    let args: Vec<String> = plain_row::ARGS
        .iter()
        .map(|c| format!("{alias}.{c}"))
        .collect();
    format!(
        "CASE WHEN {}({}) THEN NOT (json_valid({alias}.labels) AND json_valid({alias}.metrics) \
         AND json_valid({alias}.criteria) AND coalesce(json_valid({alias}.insight), 1)) \
         ELSE {} END",
        plain_row::NAME,
        args.join(", "),
        every_check_refused(alias)
    )
}

/// Makes the function [`refused`] calls known to `conn`.
pub(super) fn register(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    plain_row::register(conn)
}

/// [`refused`] by the CHECK expressions alone.
pub(super) fn every_check_refused(alias: &str) -> String {
    let holds: Vec<String> = ITEM_CHECKS
        .iter()
        .map(|c| format!("coalesce({}, 1)", qualified(c, alias)))
        .collect();
    format!("NOT ({})", holds.join(" AND "))
}

/// `check` with each column of the shelf named through `alias`.
fn qualified(check: &str, alias: &str) -> String {
    let mut out = String::with_capacity(check.len() * 2);
    let mut word = String::new();
    let mut quoted = false;
    let flush = |word: &mut String, out: &mut String, next: Option<char>| {
        if !word.is_empty() {
            // A column, not a function (followed by `(`) nor a keyword.
            if COLUMNS.contains(&word.as_str()) && next != Some('(') {
                out.push_str(alias);
                out.push('.');
            }
            out.push_str(word);
            word.clear();
        }
    };
    for c in check.chars() {
        if quoted {
            out.push(c);
            quoted = c != '\'';
        } else if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out, Some(c));
            out.push(c);
            quoted = c == '\'';
        }
    }
    flush(&mut word, &mut out, None);
    out
}

/// The refusal of a file whose shelf holds a value no item may hold, as
/// for any stored value that cannot be read (noted beside the file).
pub(super) fn damaged(path: &std::path::Path) -> crate::store::StoreError {
    use super::super::super::damage;
    if damage::is_backlog(path) {
        damage::record(path, damage::BAD_VALUE);
    }
    damage::error(path, damage::BAD_VALUE)
}

/// The columns [`ITEM_CHECKS`] read (those the short way reads).
const COLUMNS: &[&str] = plain_row::ARGS;

#[cfg(test)]
mod tests {
    use super::*;

    /// The CHECK expressions of the items table of a new file.
    fn schema_checks() -> Vec<String> {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let steps = crate::store::sqlite::schema::STEPS;
        for step in steps {
            conn.execute_batch(step).unwrap();
        }
        let mut sql: String = conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'items'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        sql = sql.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut out = Vec::new();
        let mut rest = sql.as_str();
        while let Some(at) = rest.find("CHECK (") {
            let body = &rest[at + "CHECK (".len()..];
            let mut depth = 1;
            let end = body
                .char_indices()
                .find(|&(_, c)| {
                    depth += match c {
                        '(' => 1,
                        ')' => -1,
                        _ => 0,
                    };
                    depth == 0
                })
                .unwrap()
                .0;
            out.push(body[..end].to_string());
            rest = &body[end..];
        }
        out
    }

    #[test]
    fn the_list_is_every_check_of_the_items_table_but_the_version() {
        let mut schema = schema_checks();
        schema.retain(|c| c != "version >= 1");
        let mut ours: Vec<String> = ITEM_CHECKS.iter().map(|c| c.to_string()).collect();
        schema.sort();
        ours.sort();
        assert_eq!(ours, schema);
    }

    #[test]
    fn columns_are_named_through_the_alias_and_nothing_else() {
        assert_eq!(
            qualified("kind = 'S' OR (points IS NULL AND criteria = '[]')", "s"),
            "s.kind = 'S' OR (s.points IS NULL AND s.criteria = '[]')"
        );
        assert_eq!(
            qualified("insight IS NULL OR json_valid(insight)", "s"),
            "s.insight IS NULL OR json_valid(s.insight)"
        );
        assert_eq!(
            qualified("status IN ('draft', 'in-progress')", "s"),
            "s.status IN ('draft', 'in-progress')"
        );
        // Every column of the list is one the checks read, and every
        // column of the items table the checks read is in the list.
        let all = ITEM_CHECKS.join(" ");
        for c in COLUMNS {
            assert!(all.contains(c), "{c}");
        }
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        for step in crate::store::sqlite::schema::STEPS {
            conn.execute_batch(step).unwrap();
        }
        let mut stmt = conn
            .prepare("SELECT name FROM pragma_table_info('items')")
            .unwrap();
        let names: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let words: Vec<&str> = all
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .collect();
        for name in names.iter().filter(|n| n.as_str() != "version") {
            assert_eq!(
                words.contains(&name.as_str()),
                COLUMNS.contains(&name.as_str()),
                "{name}"
            );
        }
    }

    #[test]
    fn a_null_passes_a_check_and_a_false_breaks_it() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        conn.execute_batch(
            "CREATE TABLE s (kind, num, title, status, lane, labels, archived, metrics, \
             points, criteria, reach, impact, confidence, effort, wsjf_value, wsjf_time, \
             wsjf_risk, wsjf_size, external_key, insight, parent_id, source, pinned); \
             INSERT INTO s VALUES ('S', 1, 'T', 'draft', NULL, '[]', 0, '[]', NULL, '[]', \
             NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 7, NULL, NULL);",
        )
        .unwrap();
        let bad = |set: &str| -> bool {
            conn.execute_batch(&format!("SAVEPOINT x; UPDATE s SET {set};"))
                .unwrap();
            let bad = conn
                .query_row(&format!("SELECT {} FROM s", refused("s")), [], |r| r.get(0))
                .unwrap();
            conn.execute_batch("ROLLBACK TO x; RELEASE x;").unwrap();
            bad
        };
        assert!(!bad("kind = 'S'"));
        assert!(!bad("status = NULL"), "NULL passes, as in a CHECK");
        assert!(bad("criteria = 'x'"));
        assert!(bad("lane = 'now'"));
        assert!(bad("confidence = 100.5"));
        assert!(!bad("confidence = 100"));
    }
}
