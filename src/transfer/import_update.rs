//! Importing a newer export of the same tool: the planned items whose
//! external key (`ABC-123`) an item of the backlog already holds update
//! that item instead of adding a second one. What the source tool owns
//! (title, status, description, owner, labels, estimate, user-story parts)
//! follows the export; what is kept only here (scores, acceptance
//! criteria, lane, rank, parent, decisions, dependencies) stays as it is.

use std::collections::HashMap;

use super::import_plan::Plan;
use crate::domain::{Backlog, Item, Kind, Status};

/// An item of the backlog the import changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Update {
    /// Its state after the import.
    pub item: Item,
    /// The fields that changed, in a fixed order.
    pub fields: Vec<&'static str>,
}

/// What a re-import does to the items it matched.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Refresh {
    pub updates: Vec<Update>,
    /// Matched items the export does not change.
    pub unchanged: usize,
}

impl Refresh {
    pub fn matched(&self) -> usize {
        self.updates.len() + self.unchanged
    }
}

/// Marks each planned item whose external key an item of the same kind in
/// the backlog holds (an unarchived one first) as matching it.
pub fn match_keys(plan: &mut Plan, backlog: &Backlog) {
    let mut by_key: HashMap<(&str, Kind), &Item> = HashMap::new();
    for item in backlog.items() {
        if let Some(x) = &item.external_key {
            let slot = by_key.entry((x.as_str(), item.kind())).or_insert(item);
            if slot.archived && !item.archived {
                *slot = item;
            }
        }
    }
    for p in &mut plan.items {
        // An item of another tool with the same key (Jira's ABC-1 and
        // Linear's) is no match.
        if let Some(x) = &p.item.external_key
            && let Some(found) = by_key.get(&(x.as_str(), p.kind()))
            && (found.source.is_none() || p.item.source.is_none() || found.source == p.item.source)
        {
            p.matches = Some(found.key);
        }
    }
}

/// The updates of the matched items of `plan`.
pub fn refresh(plan: &Plan, backlog: &Backlog) -> Refresh {
    let mut r = Refresh::default();
    for p in &plan.items {
        let Some(existing) = p.matches.and_then(|k| backlog.get(k)) else {
            continue;
        };
        match updated(existing, &p.item) {
            Some(update) => r.updates.push(update),
            None => r.unchanged += 1,
        }
    }
    r
}

/// `existing` with what `source` (the export's version) says of the fields
/// the source tool owns; `None` when nothing changes. Empty values in the
/// export never clear a field kept here, and a story refined to ready
/// stays ready while the tool still says it is to do.
pub fn updated(existing: &Item, source: &Item) -> Option<Update> {
    let mut item = existing.clone();
    let mut fields = Vec::new();
    if source.title != item.title {
        item.title = source.title.clone();
        fields.push("title");
    }
    let keep_ready = existing.status == Status::Ready && source.status == Status::Draft;
    if source.status != item.status && !keep_ready {
        item.status = source.status;
        fields.push("status");
    }
    if !source.description.is_empty() && source.description != item.description {
        item.description = source.description.clone();
        fields.push("description");
    }
    if source.owner.is_some() && source.owner != item.owner {
        item.owner = source.owner.clone();
        fields.push("owner");
    }
    if !source.labels.is_empty() && source.labels != item.labels {
        item.labels = source.labels.clone();
        fields.push("labels");
    }
    if item.kind() == Kind::Story {
        if source.points.is_some() && source.points != item.points {
            item.points = source.points;
            fields.push("points");
        }
        for (name, from, to) in [
            ("persona", &source.persona, &mut item.persona),
            ("goal", &source.goal, &mut item.goal),
            ("benefit", &source.benefit, &mut item.benefit),
        ] {
            if from.is_some() && from != to {
                to.clone_from(from);
                fields.push(name);
            }
        }
    }
    (!fields.is_empty()).then_some(Update { item, fields })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Key;
    use chrono::{DateTime, Utc};

    fn story(title: &str) -> Item {
        let mut i = Item::new(
            Key::new(Kind::Story, 4),
            title,
            Some(Key::new(Kind::Epic, 1)),
            DateTime::<Utc>::UNIX_EPOCH,
        )
        .unwrap();
        i.external_key = Some("ABC-1".into());
        i
    }

    #[test]
    fn source_fields_follow_the_export_and_local_ones_stay() {
        let mut here = story("Pay by card");
        here.status = Status::Ready;
        here.rice.reach = Some(100.0);
        here.description = "local notes".into();
        let mut there = story("Pay by card or wallet");
        there.status = Status::Draft;
        there.points = Some(5.0);
        let u = updated(&here, &there).unwrap();
        assert_eq!(u.fields, ["title", "points"]);
        assert_eq!(u.item.status, Status::Ready, "refined here, to do there");
        assert_eq!(u.item.rice.reach, Some(100.0));
        assert_eq!(u.item.description, "local notes", "empty there: kept");
        there.status = Status::Done;
        let u = updated(&here, &there).unwrap();
        assert_eq!(u.fields, ["title", "status", "points"]);
        assert_eq!(updated(&u.item, &there), None, "a second time: unchanged");
    }
}
