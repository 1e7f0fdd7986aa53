//! What `list` prints of every item, read without the rest: no
//! description or other text, no JSON columns (labels, criteria, metrics)
//! to parse, no dependencies or decisions. At 10,000 stories that is most
//! of a short command's time.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row};

use super::rows::{conversion, count, lane_at, status_at, text};
use crate::domain::{Item, Key, Kind, RiceInputs, WsjfInputs};

/// The columns [`list_item`] reads, in its order.
const LIST_COLUMNS: &str = "id, kind, num, parent_id, title, status, lane, rank, archived, \
     points, reach, impact, confidence, effort, wsjf_value, wsjf_time, wsjf_risk, wsjf_size";

/// An item from a row of [`LIST_COLUMNS`], with its row id and its
/// parent's; every field the columns do not hold is blank.
fn list_item(row: &Row) -> rusqlite::Result<(i64, Option<i64>, Item)> {
    let kind = text(row, 1)?;
    let kind = kind
        .chars()
        .next()
        .and_then(Kind::from_letter)
        .ok_or_else(|| conversion(1, crate::domain::DomainError::BadKey(kind.to_string())))?;
    let mut item = Item::blank(
        Key::new(kind, row.get(2)?),
        None,
        DateTime::<Utc>::UNIX_EPOCH,
    );
    item.title = row.get(4)?;
    item.status = status_at(row, 5)?;
    item.lane = lane_at(row, 6)?;
    item.rank = row.get(7)?;
    item.archived = row.get(8)?;
    item.points = row.get(9)?;
    item.rice = RiceInputs {
        reach: row.get(10)?,
        impact: row.get(11)?,
        confidence: row.get(12)?,
        effort: row.get(13)?,
    };
    item.wsjf = WsjfInputs {
        value: row.get(14)?,
        time_criticality: row.get(15)?,
        risk_reduction: row.get(16)?,
        job_size: row.get(17)?,
    };
    Ok((row.get(0)?, row.get(3)?, item))
}

/// Every item as [`crate::store::Store::load_for_list`] promises, in key
/// order.
pub(super) fn load_for_list(conn: &Connection) -> rusqlite::Result<Vec<Item>> {
    let n = usize::try_from(count(conn)?).unwrap_or(0);
    let mut stmt = conn.prepare_cached(&format!("SELECT {LIST_COLUMNS} FROM items"))?;
    let mut rows = stmt.query([])?;
    let mut items: Vec<Item> = Vec::with_capacity(n);
    let mut parent_ids: Vec<Option<i64>> = Vec::with_capacity(n);
    let mut by_id: HashMap<i64, usize> = HashMap::with_capacity(n);
    while let Some(row) = rows.next()? {
        let (id, parent_id, item) = list_item(row)?;
        by_id.insert(id, items.len());
        parent_ids.push(parent_id);
        items.push(item);
    }
    for n in 0..items.len() {
        if let Some(p) = parent_ids[n] {
            items[n].parent = by_id.get(&p).map(|&i| items[i].key);
        }
    }
    // Key order as the domain defines it (I < E < S), not the letters' order.
    items.sort_by_key(|i| i.key);
    Ok(items)
}
