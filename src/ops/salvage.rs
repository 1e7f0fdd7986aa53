//! `backlog salvage`: every item a damaged file still gives, as a backlog
//! document that imports into a new file (`backlog --db NEW.db import
//! saved.json`).
//!
//! What could not be read is lost; what it leaves incomplete is made whole
//! and said: an item whose parent was lost goes under a placeholder with
//! the parent's key (so its place is kept), a placeholder epic goes under
//! one placeholder initiative, and a dependency on a lost item is dropped.

use std::collections::{BTreeSet, HashSet};

use chrono::{DateTime, Utc};

use crate::domain::planning::PlanningSettings;
use crate::domain::{Backlog, Item, Key, Kind};
use crate::store::{Checked, Lost, Result, StoreError};
use crate::transfer::export::to_json;
use crate::transfer::import_plan::NextKeys;

/// A salvaged document, and what it holds and lacks.
#[derive(Debug)]
pub struct Salvaged {
    /// The backlog document (pretty JSON ending in a newline).
    pub text: String,
    /// Items read from the file.
    pub saved: usize,
    /// Rows that could not be read.
    pub lost: Vec<Lost>,
    /// Placeholders made for lost parents (and the one initiative that
    /// holds placeholder epics).
    pub placeholders: Vec<Key>,
    /// Dependencies dropped because the item depended on was lost.
    pub dropped_links: usize,
    /// Snapshots kept, and those lost.
    pub snapshots: usize,
    pub lost_snapshots: Vec<String>,
}

/// The document of what `checked` read (see the module).
pub fn salvage(checked: Checked, now: DateTime<Utc>) -> Result<Salvaged> {
    let Checked {
        items,
        lost,
        next_keys,
        snapshots,
        lost_snapshots,
        ..
    } = checked;
    let saved = items.len();
    let mut next = next_keys.unwrap_or_default();
    let known: HashSet<Key> = items.iter().map(|i| i.key).collect();
    // Keys never go back: past every key seen, readable or not.
    for key in known
        .iter()
        .chain(lost.iter().filter_map(|l| l.key.as_ref()))
    {
        let n = next.entry(key.kind).or_insert(1);
        *n = (*n).max(key.num + 1);
    }

    let mut placeholders: Vec<Item> = Vec::new();
    let missing: BTreeSet<Key> = items
        .iter()
        .filter_map(|i| i.parent)
        .filter(|p| !known.contains(p))
        .collect();
    let mut found_room: Option<Key> = None;
    for key in missing {
        let parent = match key.kind.parent_kind() {
            None => None,
            Some(Kind::Initiative) => Some(*found_room.get_or_insert_with(|| {
                let n = next.entry(Kind::Initiative).or_insert(1);
                let k = Key::new(Kind::Initiative, *n);
                *n += 1;
                k
            })),
            // A story's parent is an epic: never the missing key's kind.
            Some(_) => None,
        };
        placeholders.push(placeholder(
            key,
            &format!("{key} could not be read from the damaged file (placeholder)"),
            parent,
            now,
        )?);
    }
    if let Some(room) = found_room {
        placeholders.push(placeholder(
            room,
            "Lost and found: placeholders for items that could not be read",
            None,
            now,
        )?);
    }

    let all: HashSet<Key> = known
        .iter()
        .copied()
        .chain(placeholders.iter().map(|p| p.key))
        .collect();
    let mut dropped_links = 0;
    let mut kept: Vec<Item> = items;
    for item in &mut kept {
        let before = item.depends_on.len();
        item.depends_on.retain(|k| all.contains(k));
        dropped_links += before - item.depends_on.len();
    }
    let placeholder_keys = placeholders.iter().map(|p| p.key).collect();
    kept.extend(placeholders);
    let snapshot_count = snapshots.len();
    let text = to_json(
        &Backlog::new(kept),
        NextKeys::from_map(&next),
        snapshots,
        &PlanningSettings::default(),
    );
    Ok(Salvaged {
        text,
        saved,
        lost,
        placeholders: placeholder_keys,
        dropped_links,
        snapshots: snapshot_count,
        lost_snapshots,
    })
}

fn placeholder(key: Key, title: &str, parent: Option<Key>, now: DateTime<Utc>) -> Result<Item> {
    Item::new(key, title, parent, now).map_err(StoreError::from)
}
