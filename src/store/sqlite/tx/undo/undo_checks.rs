//! What undo of a bulk insertion taken whole asks of the file before it
//! may be taken (see `bulk.rs`): only reads, of the state the step began
//! on, so they may be asked on a reader beside the step's own connection
//! (`beside_writer.rs`) while that one shelves the rows.

use std::collections::{HashMap, HashSet};

use super::super::super::error::{At, SqlResult};
use super::super::RECORD;
use super::bulk::{Row, any, changed_otherwise, created_rows, of_change};
use crate::store::error::Result;

/// What a step taken whole needs to finish.
pub(super) struct Taken {
    /// The change's rows, in order.
    pub rows: Vec<Row>,
    /// The items' links, as (item row id, target key, cut: see `bulk.rs`).
    pub links: Vec<(i64, String, bool)>,
    /// The change's rows (row id, key) that get the item's state in full
    /// before it is shelved: the rules read such an item's state back
    /// from the item itself (no later row), and its record lacks cut
    /// links, so redo needs it whole.
    pub fill: Vec<(i64, String)>,
}

/// Whether the rules would delete every item of change `change` and
/// nothing else: each item exists, no item that stays has one as its
/// parent, and none was changed since but by taking this change back and
/// forth (so each is as the change, or its last redo, left it). `None`
/// when not.
pub(super) fn verdict(at: &At<'_>, change: i64) -> Result<Option<Taken>> {
    let Some(rows) = created_rows(at, change)? else {
        return Ok(None);
    };
    let present: i64 = at
        .conn
        .prepare_cached(
            "SELECT count(*) FROM history h JOIN items i ON i.id = h.item_id \
             WHERE h.change_id = ?1 AND i.kind || '-' || i.num = h.item_key",
        )
        .and_then(|mut s| s.query_row([change], |r| r.get(0)))
        .explained(at)?;
    if usize::try_from(present).ok() != Some(rows.len())
        || any(
            at,
            &format!(
                "SELECT 1 FROM history h JOIN items c ON c.parent_id = h.item_id \
                 WHERE h.change_id = ?1 AND NOT ({})",
                of_change(&rows, "c.id")
            ),
            [change],
        )?
        || any(at, &changed_otherwise(""), [change, RECORD])?
    {
        return Ok(None);
    }
    let order: HashMap<i64, usize> = rows.iter().enumerate().map(|(n, r)| (r.id, n)).collect();
    let links = links_of(at, change, &order)?;
    let cut_ids: HashSet<i64> = links.iter().filter(|l| l.2).map(|l| l.0).collect();
    let mut fill = Vec::new();
    for r in rows.iter().filter(|r| cut_ids.contains(&r.id)) {
        let later = any(
            at,
            "SELECT 1 FROM history WHERE item_key = (SELECT item_key FROM history WHERE id = ?2) \
             AND change_id > ?1",
            [change, r.row],
        )?;
        let written: bool = at
            .conn
            .query_row(
                "SELECT after IS NOT NULL FROM history WHERE id = ?1",
                [r.row],
                |x| x.get(0),
            )
            .explained(at)?;
        if !later && !written {
            fill.push((r.row, r.key.clone()));
        }
    }
    Ok(Some(Taken { rows, links, fill }))
}

/// The change's items' links, as (item row id, target key), those that
/// are cut (see `bulk.rs`) marked.
fn links_of(
    at: &At<'_>,
    change: i64,
    order: &HashMap<i64, usize>,
) -> Result<Vec<(i64, String, bool)>> {
    let mut stmt = at
        .conn
        .prepare_cached(
            "SELECT d.item_id, d.depends_on, b.kind || '-' || b.num FROM history h \
             JOIN dependencies d ON d.item_id = h.item_id JOIN items b ON b.id = d.depends_on \
             WHERE h.change_id = ?1",
        )
        .explained(at)?;
    let links = stmt
        .query_map([change], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get(2)?))
        })
        .explained(at)?
        .collect::<rusqlite::Result<Vec<(i64, i64, String)>>>()
        .explained(at)?;
    Ok(links
        .into_iter()
        .map(|(from, to, key)| {
            let cut = matches!((order.get(&from), order.get(&to)), (Some(a), Some(b)) if b > a);
            (from, key, cut)
        })
        .collect())
}
