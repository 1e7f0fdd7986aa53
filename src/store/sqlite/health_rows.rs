//! What the health audit reads of every item, without the rest: the
//! initiatives, epics and insights in full; of each story its key,
//! parent, title, status, lane, rank, archived flag, user-story sentence,
//! estimate, scores' inputs, times, version, pinned place, dependencies
//! and the done flags of its criteria (their text left unread). No
//! description, owner, labels, external key or decisions of stories: at
//! 100,000 stories those are most of a full load's time.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row};

use super::rows::{
    DoneFlag, ITEM_COLUMNS, count, decision_from_row, item_from_row, json_list, key_at, lane_at,
    place_at, status_at, time_fast,
};
use crate::domain::{AcceptanceCriterion, Item, Key, Kind, RiceInputs, WsjfInputs};

/// The columns [`story_from_row`] reads, in its order.
const STORY_COLUMNS: &str = "id, num, parent_id, title, status, lane, rank, archived, persona, \
     goal, benefit, points, criteria, reach, impact, confidence, effort, wsjf_value, wsjf_time, \
     wsjf_risk, wsjf_size, created, updated, version, pinned";

/// A story from a row of [`STORY_COLUMNS`]; its row id and its parent's
/// beside it.
fn story_from_row(row: &Row) -> rusqlite::Result<(i64, Option<i64>, Item)> {
    let mut item = Item::blank(
        Key::new(Kind::Story, row.get(1)?),
        None,
        DateTime::<Utc>::UNIX_EPOCH,
    );
    item.title = row.get(3)?;
    item.status = status_at(row, 4)?;
    item.lane = lane_at(row, 5)?;
    item.rank = row.get(6)?;
    item.archived = row.get(7)?;
    item.persona = row.get(8)?;
    item.goal = row.get(9)?;
    item.benefit = row.get(10)?;
    item.points = row.get(11)?;
    item.criteria = json_list::<DoneFlag>(row, 12)?
        .into_iter()
        .map(|f| AcceptanceCriterion {
            text: String::new(),
            done: f.done,
        })
        .collect();
    item.rice = RiceInputs {
        reach: row.get(13)?,
        impact: row.get(14)?,
        confidence: row.get(15)?,
        effort: row.get(16)?,
    };
    item.wsjf = WsjfInputs {
        value: row.get(17)?,
        time_criticality: row.get(18)?,
        risk_reduction: row.get(19)?,
        job_size: row.get(20)?,
    };
    item.created = time_fast(row, 21)?;
    item.updated = time_fast(row, 22)?;
    item.version = row.get(23)?;
    item.pinned = place_at(row, 24)?;
    Ok((row.get(0)?, row.get(2)?, item))
}

/// Every item as [`crate::store::Store::load_for_health`] promises, in
/// key order.
pub(super) fn load_for_health(conn: &Connection) -> rusqlite::Result<Vec<Item>> {
    let n = usize::try_from(count(conn)?).unwrap_or(0);
    let mut items: Vec<Item> = Vec::with_capacity(n);
    let mut parent_ids: Vec<Option<i64>> = Vec::with_capacity(n);
    let mut by_id: HashMap<i64, usize> = HashMap::with_capacity(n);
    // Initiatives and epics in key order from the unique (kind, num)
    // index, then the stories in one pass over the table (row order is
    // key order in generated and imported files, which leaves the final
    // sort nothing to move), then the insights.
    let queries: [(String, bool); 3] = [
        (
            format!(
                "SELECT {ITEM_COLUMNS} FROM items WHERE kind IN ('I', 'E') ORDER BY kind = 'E', num"
            ),
            false,
        ),
        (
            format!("SELECT {STORY_COLUMNS} FROM items NOT INDEXED WHERE kind = 'S'"),
            true,
        ),
        (
            format!("SELECT {ITEM_COLUMNS} FROM items WHERE kind = 'F' ORDER BY num"),
            false,
        ),
    ];
    for (sql, stories) in &queries {
        let mut stmt = conn.prepare_cached(sql)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let (id, parent_id, item) = if *stories {
                story_from_row(row)?
            } else {
                item_from_row(row)?
            };
            by_id.insert(id, items.len());
            parent_ids.push(parent_id);
            items.push(item);
        }
    }
    for n in 0..items.len() {
        if let Some(p) = parent_ids[n] {
            items[n].parent = by_id.get(&p).map(|&i| items[i].key);
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT d.item_id, b.kind, b.num FROM dependencies d JOIN items b ON b.id = d.depends_on \
         ORDER BY d.item_id, b.kind, b.num",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        if let (Some(&n), Some(dep)) = (by_id.get(&id), key_at(row, 1)?) {
            items[n].depends_on.push(dep);
        }
    }
    drop(rows);
    let mut stmt = conn.prepare_cached(
        "SELECT d.item_id, d.date, d.decision, d.rationale FROM decisions d \
         JOIN items i ON i.id = d.item_id WHERE i.kind <> 'S' ORDER BY d.item_id, d.position",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        if let Some(&n) = by_id.get(&id) {
            items[n].decisions.push(decision_from_row(row, 1)?);
        }
    }
    // Key order as the domain defines it (I < E < S < F).
    items.sort_by_key(|i| i.key);
    for i in &mut items {
        if i.depends_on.len() > 1 {
            i.depends_on.sort();
        }
    }
    Ok(items)
}
