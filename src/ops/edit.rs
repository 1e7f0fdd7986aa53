//! Editing an item's fields, in one version-checked write.

use super::placement::move_under;
use super::{Done, Named, write_named};
use crate::domain::ready::set_status;
use crate::domain::text::optional_text;
use crate::domain::{DomainError, Item, Key, Kind, Lane, Status};
use crate::store::{Result, Store, StoreError};

/// The fields to change; `None` (or empty lists) leaves a field as it
/// is. For optional fields, `Some(None)` clears them, and empty text is
/// no text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FieldEdits {
    pub title: Option<String>,
    pub status: Option<Status>,
    pub lane: Option<Option<Lane>>,
    pub parent: Option<Key>,
    pub points: Option<Option<f64>>,
    pub persona: Option<String>,
    pub goal: Option<String>,
    pub benefit: Option<String>,
    pub description: Option<String>,
    pub owner: Option<String>,
    pub outcome: Option<String>,
    pub hypothesis: Option<String>,
    pub add_labels: Vec<String>,
    pub remove_labels: Vec<String>,
    pub rank: Option<i64>,
    /// Pin the card to a place in its roadmap lane (`Some(None)`: unpin).
    pub pinned: Option<Option<u32>>,
    /// Refuse the edit unless the item is at this version.
    pub if_version: Option<i64>,
    /// Mark ready even when the Definition of Ready is not met (the
    /// history notes what was missing).
    pub force: bool,
}

impl FieldEdits {
    /// Whether nothing would change.
    pub fn is_empty(&self) -> bool {
        self.title.is_none()
            && self.status.is_none()
            && self.lane.is_none()
            && self.parent.is_none()
            && self.points.is_none()
            && self.persona.is_none()
            && self.goal.is_none()
            && self.benefit.is_none()
            && self.description.is_none()
            && self.owner.is_none()
            && self.outcome.is_none()
            && self.hypothesis.is_none()
            && self.add_labels.is_empty()
            && self.remove_labels.is_empty()
            && self.rank.is_none()
            && self.pinned.is_none()
    }
}

/// Applies `edits` to `key`, recorded as `edit K: title, lane, …`. A
/// status goes last, so the Definition of Ready sees the other edits;
/// marking a story ready that does not meet it fails with
/// [`DomainError::NotReady`] unless `force`.
pub fn edit(store: &mut Store, key: Key, edits: FieldEdits) -> Result<Done<Item>> {
    let a = edits;
    write_named(store, &format!("edit {key}"), |tx| {
        let mut item = tx.get(key)?;
        if let Some(v) = a.if_version
            && v != item.version
        {
            return Err(StoreError::Stale {
                key,
                expected: v,
                found: item.version,
            });
        }
        let mut changed = Vec::new();
        if let Some(t) = &a.title {
            item.set_title(t)?;
            changed.push("title");
        }
        if let Some(p) = a.parent
            && move_under(tx, &mut item, p)?
        {
            changed.push("parent");
        }
        if let Some(l) = a.lane {
            item.set_lane(l)?;
            changed.push("lane");
        }
        if let Some(p) = a.points {
            item.set_points(p)?;
            changed.push("points");
        }
        for (value, name) in [
            (&a.persona, "persona"),
            (&a.goal, "goal"),
            (&a.benefit, "benefit"),
        ] {
            if let Some(v) = value {
                item.require_kind(Kind::Story, name)?;
                let v = optional_text(v);
                match name {
                    "persona" => item.persona = v,
                    "goal" => item.goal = v,
                    _ => item.benefit = v,
                }
                changed.push(name);
            }
        }
        if let Some(d) = &a.description {
            item.description = d.trim_end().to_string();
            changed.push("description");
        }
        if let Some(o) = &a.owner {
            item.owner = optional_text(o);
            changed.push("owner");
        }
        for (text, name) in [(&a.outcome, "outcome"), (&a.hypothesis, "hypothesis")] {
            if let Some(t) = text {
                item.require_kind(Kind::Initiative, name)?;
                let v = optional_text(t);
                if name == "outcome" {
                    item.outcome = v;
                } else {
                    item.hypothesis = v;
                }
                changed.push(name);
            }
        }
        for l in &a.add_labels {
            add_label(&mut item, l)?;
            changed.push("labels");
        }
        for l in &a.remove_labels {
            item.labels.retain(|x| x != l.trim());
            changed.push("labels");
        }
        if let Some(r) = a.rank {
            item.rank = r;
            changed.push("rank");
        }
        if let Some(p) = a.pinned {
            item.set_pinned(p)?;
            changed.push("pinned");
        }
        if let Some(s) = a.status {
            let backlog = tx.load()?;
            let overridden = set_status(&mut item, s, |d| backlog.status_of(d), a.force)?;
            if !overridden.is_empty() {
                tx.set_note(format!(
                    "forced ready despite missing: {}",
                    overridden.join("; ")
                ));
            }
            changed.push("status");
        }
        if let Some(Some(place)) = a.pinned {
            pin_fits(tx, &item, place)?;
        }
        changed.dedup();
        Ok(Named {
            value: tx.update_owned(item)?,
            summary: format!("edit {key}: {}", changed.join(", ")),
        })
    })
}

/// Refuses a pin past the end of the card's lane, as the edit leaves it:
/// `--pin 4294967295` in a lane of five cards was stored and shown as
/// `pinned at 4294967295`. A card not on the roadmap (archived, done)
/// may be pinned up to the number of items of its kind, the most any
/// lane can hold.
fn pin_fits(tx: &crate::store::Tx, item: &Item, place: u32) -> Result<()> {
    use crate::domain::roadmap::{Level, Roadmap};
    let mut backlog = tx.load()?;
    backlog.upsert(item.clone());
    let level = match item.kind() {
        Kind::Initiative => Level::Initiative,
        _ => Level::Epic,
    };
    let roadmap = Roadmap::build(&backlog, crate::domain::Model::default(), level, tx.now());
    let (size, why) = match roadmap.locate(item.key) {
        Some((lane, _, _)) => {
            let size = roadmap.cards_in(lane).len();
            let lane = lane.map_or("the unplanned cards".to_string(), |l| {
                format!("its lane ({l})")
            });
            (size, format!("{lane} holds {size} cards"))
        }
        None => {
            let size = backlog.items_of(item.kind()).len();
            (
                size,
                format!(
                    "it is not on the roadmap, and there are {size} {}",
                    level.plural()
                ),
            )
        }
    };
    if place as usize <= size {
        return Ok(());
    }
    Err(DomainError::rule(format!(
        "{} cannot be pinned at place {place}: {why}; pin it at a place from 1 to {size} (or none); nothing was changed",
        item.key
    ))
    .into())
}

/// Adds a label (a non-empty word, trimmed) unless the item has it.
fn add_label(item: &mut Item, label: &str) -> Result<(), DomainError> {
    let l = label.trim();
    if l.is_empty() {
        return Err(DomainError::invalid("label", l, "a non-empty word"));
    }
    if !item.labels.iter().any(|x| x == l) {
        item.labels.push(l.to_string());
    }
    Ok(())
}
