//! PostgreSQL's statements over the item columns written from an item's
//! fields (`crate::store::fields`), and their values bound as parameters.

use postgres::types::ToSql;

use crate::store::fields::{FIELD_COLUMNS, FieldValue, JSON_COLUMNS};

/// `$n` for column `c` (JSON columns are sent as text).
pub(super) fn mark(c: &str, n: usize) -> String {
    let cast = if JSON_COLUMNS.contains(&c) {
        "::text::json"
    } else {
        ""
    };
    format!("${n}{cast}")
}

/// `UPDATE` of the field columns of row `$1`.
pub(super) fn update_fields_sql() -> String {
    let sets: Vec<String> = FIELD_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = {}", mark(c, i + 2)))
        .collect();
    format!("UPDATE items SET {} WHERE id = $1", sets.join(", "))
}

/// The values of `Fields::values` bound as PostgreSQL parameters.
pub(super) fn bind<'v>(
    values: &'v [FieldValue<'_>],
) -> impl Iterator<Item = &'v (dyn ToSql + Sync)> {
    values.iter().map(|v| -> &'v (dyn ToSql + Sync) {
        match v {
            FieldValue::Text(t) => t,
            FieldValue::Int(n) => n,
            FieldValue::OptInt(n) => n,
            FieldValue::Float(x) => x,
            FieldValue::Bool(b) => b,
        }
    })
}
