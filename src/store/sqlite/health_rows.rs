//! What the health audit reads of every item, without the rest: the
//! initiatives, epics and insights in full; of each story its key,
//! parent, title, status, lane, rank, archived flag, user-story sentence,
//! estimate, scores' inputs, times, version, pinned place, dependencies
//! and the done flags of its criteria (their text left unread). No
//! description, owner, labels, external key or decisions of stories: at
//! 100,000 stories those are most of a full load's time. The stories of a
//! large backlog are read in two halves at once, as `list` reads them.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row};

use super::halves::{Ids, SPLIT_FROM, SecondHalf, cut, mapped, second_half};
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

/// Stories as [`story_from_row`] reads them: each with its row id and its
/// parent's.
type Stories = Vec<(i64, Option<i64>, Item)>;

/// Every item as [`crate::store::Store::load_for_health`] promises, in
/// key order. `conn` is in a read transaction, and reads the file through
/// a memory map while it reads every row; from [`SPLIT_FROM`] rows the
/// stories are cut in two at an id, the second half read on another
/// thread by a connection to `path` reading the same commit (see
/// `halves.rs`).
pub(super) fn load_for_health(conn: &Connection, path: &Path) -> rusqlite::Result<Vec<Item>> {
    mapped(conn, || load_mapped(conn, path))
}

/// The stories of `ids`, in id order, appended to `rows`.
fn stories(conn: &Connection, ids: Ids, rows: &mut Stories) -> rusqlite::Result<()> {
    let condition = ids.condition();
    let filter = condition.map_or(String::new(), |(c, _)| format!("AND {c}"));
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {STORY_COLUMNS} FROM items NOT INDEXED WHERE kind = 'S' {filter}"
    ))?;
    let mut found = match condition {
        Some((_, id)) => stmt.query([id])?,
        None => stmt.query([])?,
    };
    while let Some(row) = found.next()? {
        rows.push(story_from_row(row)?);
    }
    Ok(())
}

fn load_mapped(conn: &Connection, path: &Path) -> rusqlite::Result<Vec<Item>> {
    // The first read starts the transaction's snapshot.
    let n = count(conn)?;
    let n_rows = usize::try_from(n).unwrap_or(0);
    let mut items: Vec<Item> = Vec::with_capacity(n_rows);
    let mut parent_ids: Vec<Option<i64>> = Vec::with_capacity(n_rows);
    let mut by_id: HashMap<i64, usize> = HashMap::with_capacity(n_rows);
    let mut push = |(id, parent_id, item): (i64, Option<i64>, Item)| {
        by_id.insert(id, items.len());
        parent_ids.push(parent_id);
        items.push(item);
    };
    // The second half of the stories, started first: read on another
    // thread while this one reads the first half.
    let mut later: Option<(i64, Option<SecondHalf<Stories>>)> = None;
    if n >= SPLIT_FROM {
        let cut = cut(conn)?;
        let half = n_rows / 2 + 1;
        let second = second_half(conn, path, cut, move |other, ids| {
            let mut rows = Stories::with_capacity(half);
            stories(other, ids, &mut rows).map(|()| rows)
        });
        later = Some((cut, second));
    }
    // Initiatives and epics in key order from the unique (kind, num)
    // index, then the stories in one pass over the table (row order is
    // key order in generated and imported files, which leaves the final
    // sort nothing to move), then the insights.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ITEM_COLUMNS} FROM items WHERE kind IN ('I', 'E') ORDER BY kind = 'E', num"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        push(item_from_row(row)?);
    }
    drop(rows);
    let mut first = Stories::with_capacity(n_rows / 2 + 1);
    match later {
        Some((cut, second)) => {
            stories(conn, Ids::Before(cut), &mut first)?;
            first.into_iter().for_each(&mut push);
            match second.and_then(SecondHalf::take) {
                Some(rest) => rest.into_iter().for_each(&mut push),
                // No second reader, or it failed, or panicked: the second
                // half read here (an error of the file is then this
                // connection's).
                None => {
                    let mut rest = Stories::new();
                    stories(conn, Ids::From(cut), &mut rest)?;
                    rest.into_iter().for_each(&mut push);
                }
            }
        }
        None => {
            stories(conn, Ids::All, &mut first)?;
            first.into_iter().for_each(&mut push);
        }
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ITEM_COLUMNS} FROM items WHERE kind = 'F' ORDER BY num"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        push(item_from_row(row)?);
    }
    drop(rows);
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
