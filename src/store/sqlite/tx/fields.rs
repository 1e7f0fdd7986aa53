//! SQLite's statements over the item columns written from an item's
//! fields (`crate::store::fields`): the INSERT of a new row and the UPDATE
//! of an existing one, and their values bound as parameters.

use std::sync::LazyLock;

use rusqlite::ToSql;

use crate::store::fields::{FIELD_COLUMNS, FieldValue};

/// `INSERT` of a whole row at version 1: kind, num, parent_id, title, the
/// field columns, created, updated.
pub(super) static INSERT_ITEM: LazyLock<String> = LazyLock::new(|| {
    let n = FIELD_COLUMNS.len();
    let marks: Vec<String> = (1..=n + 6).map(|i| format!("?{i}")).collect();
    format!(
        "INSERT INTO items (kind, num, parent_id, title, {}, created, updated, version) \
         VALUES ({}, 1)",
        FIELD_COLUMNS.join(", "),
        marks.join(", ")
    )
});

/// `INSERT` of a whole row under a given row id, at a given version (an
/// item put back by undo or redo): id, kind, num, parent_id, title, the
/// field columns, created, updated, version.
pub(super) static INSERT_ITEM_AT: LazyLock<String> = LazyLock::new(|| {
    let n = FIELD_COLUMNS.len();
    let marks: Vec<String> = (1..=n + 8).map(|i| format!("?{i}")).collect();
    format!(
        "INSERT INTO items (id, kind, num, parent_id, title, {}, created, updated, version) \
         VALUES ({})",
        FIELD_COLUMNS.join(", "),
        marks.join(", ")
    )
});

/// `UPDATE` of the field columns of row `?1`.
pub(super) static UPDATE_FIELDS: LazyLock<String> = LazyLock::new(|| {
    let sets: Vec<String> = FIELD_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ?{}", i + 2))
        .collect();
    format!("UPDATE items SET {} WHERE id = ?1", sets.join(", "))
});

/// The values of [`Fields::values`] bound as SQLite parameters.
pub(super) fn bind<'v>(values: &'v [FieldValue<'_>]) -> impl Iterator<Item = &'v dyn ToSql> {
    values.iter().map(|v| -> &'v dyn ToSql {
        match v {
            FieldValue::Text(t) => t,
            FieldValue::Int(n) => n,
            FieldValue::OptInt(n) => n,
            FieldValue::Float(x) => x,
            FieldValue::Bool(b) => b,
        }
    })
}
