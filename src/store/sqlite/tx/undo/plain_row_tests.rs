//! The short way through the shelf's check gives SQLite's answer for
//! every row: rows of values of every type, stored in a table with the
//! shelf's column types, tested by the whole condition and by the CHECK
//! expressions alone.

use proptest::prelude::*;
use rusqlite::Connection;
use rusqlite::types::Value;

use super::super::shelf_check::{every_check_refused, refused, register};
use super::*;

/// The shelf's columns the checks read, with the shelf's types.
const TABLE: &str = "CREATE TABLE s (kind TEXT, num INTEGER, parent_id INTEGER, \
    title TEXT, status TEXT, lane TEXT, labels TEXT, archived INTEGER, metrics TEXT, \
    points REAL, criteria TEXT, reach REAL, impact REAL, confidence REAL, effort REAL, \
    wsjf_value REAL, wsjf_time REAL, wsjf_risk REAL, wsjf_size REAL, external_key TEXT, \
    insight TEXT, source TEXT, pinned INTEGER)";

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// Values a column may be given: the ones an item holds, the edges of
/// each check, and every other type.
fn values(column: &str) -> Vec<Value> {
    let mut v = vec![
        Value::Null,
        Value::Integer(0),
        Value::Integer(1),
        Value::Integer(-1),
        Value::Real(0.5),
        Value::Real(-0.0),
        text(""),
        text("x"),
        text("1"),
        text(" "),
        text("a\0b"),
        text("\0"),
        Value::Blob(b"[]".to_vec()),
    ];
    let more: &[Value] = match column {
        "kind" => &[
            text("I"),
            text("E"),
            text("S"),
            text("F"),
            text("s"),
            text("S "),
        ],
        "num" | "parent_id" => &[Value::Integer(7), Value::Integer(i64::MAX)],
        "title" => &[text("  Title "), text("   "), text("Ré")],
        "status" => &[
            text("draft"),
            text("done"),
            text("ready "),
            text("in-progress"),
        ],
        "lane" => &[text("now"), text("later"), text("Now")],
        "labels" | "metrics" | "criteria" | "insight" => &[
            text("[]"),
            text("[\"a\"]"),
            text("{\"k\": 1}"),
            text("[1,"),
            text("[] "),
            text("{a: 1}"),
        ],
        "archived" => &[Value::Integer(2), Value::Real(1.0)],
        "confidence" => &[
            Value::Integer(100),
            Value::Real(100.0),
            Value::Real(100.5),
            Value::Integer(101),
            Value::Real(1e-300),
        ],
        "pinned" => &[
            Value::Integer(4_294_967_295),
            Value::Integer(4_294_967_296),
            Value::Real(3.0),
        ],
        "external_key" | "source" => &[text("JIRA-1"), text(" ")],
        _ => &[
            Value::Integer(5),
            Value::Real(1e308),
            Value::Integer(i64::MIN),
            text("2.5"),
        ],
    };
    v.extend_from_slice(more);
    v
}

/// A story that passes every check: each test changes a few columns.
fn story() -> Vec<Value> {
    ARGS.iter()
        .map(|c| match *c {
            "kind" => text("S"),
            "num" => Value::Integer(3),
            "parent_id" => Value::Integer(2),
            "title" => text("A story"),
            "status" => text("draft"),
            "labels" | "metrics" | "criteria" => text("[]"),
            "archived" => Value::Integer(0),
            _ => Value::Null,
        })
        .collect()
}

fn table() -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    register(&conn).unwrap();
    conn.execute_batch(TABLE).unwrap();
    conn
}

/// The whole condition and the expressions alone, of `row`.
fn both(conn: &Connection, row: &[Value]) -> (Option<bool>, Option<bool>, bool) {
    conn.execute("DELETE FROM s", []).unwrap();
    let marks = vec!["?"; ARGS.len()].join(", ");
    conn.execute(
        &format!("INSERT INTO s ({}) VALUES ({marks})", ARGS.join(", ")),
        rusqlite::params_from_iter(row),
    )
    .unwrap();
    let plain: bool = conn
        .query_row(
            &format!(
                "SELECT {NAME}({}) FROM s",
                ARGS.iter()
                    .map(|c| format!("s.{c}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            [],
            |r| r.get(0),
        )
        .unwrap();
    let whole = conn
        .query_row(&format!("SELECT {} FROM s", refused("s")), [], |r| r.get(0))
        .unwrap();
    let alone = conn
        .query_row(
            &format!("SELECT {} FROM s", every_check_refused("s")),
            [],
            |r| r.get(0),
        )
        .unwrap();
    (whole, alone, plain)
}

#[test]
fn an_item_as_stored_takes_the_short_way_and_passes() {
    let conn = table();
    let (whole, alone, plain) = both(&conn, &story());
    assert!(plain);
    assert_eq!((whole, alone), (Some(false), Some(false)));
}

#[test]
fn each_value_of_each_column_is_judged_as_sqlite_judges_it() {
    // One column changed at a time, through every value it may be given.
    let conn = table();
    let mut short = 0;
    for (i, column) in ARGS.iter().enumerate() {
        for value in values(column) {
            let mut row = story();
            row[i] = value.clone();
            let (whole, alone, plain) = both(&conn, &row);
            assert_eq!(whole, alone, "{column} = {value:?}");
            short += usize::from(plain);
        }
    }
    assert!(short > ARGS.len(), "the short way was hardly taken");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn any_row_is_judged_as_sqlite_judges_it(
        picks in proptest::collection::vec((0..ARGS.len(), 0usize..32), 0..6),
        kind in 0usize..4,
    ) {
        // A story, epic, initiative or insight with up to six columns
        // changed to any value they may be given.
        let conn = table();
        let mut row = story();
        row[0] = text(["S", "E", "I", "F"][kind]);
        if kind > 0 {
            row[10] = text("[]");
        }
        if kind >= 2 {
            row[2] = Value::Null;
        }
        for (column, pick) in picks {
            let choices = values(ARGS[column]);
            row[column] = choices[pick % choices.len()].clone();
        }
        let (whole, alone, _) = both(&conn, &row);
        prop_assert_eq!(whole, alone, "{:?}", row);
    }
}
