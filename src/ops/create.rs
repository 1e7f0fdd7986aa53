//! Creating an item: the next key of its kind, the last rank under its
//! parent, and its fields, in one write.

use super::{Done, Named, write_named};
use crate::domain::scoring::{RiceInputs, WsjfInputs};
use crate::domain::text::{optional_text, with_article};
use crate::domain::{Item, Key, Kind, Lane};
use crate::store::{Result, Store, StoreError};

/// A new item's fields; only the title is required. Text fields are
/// trimmed, and empty text is no text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewItem {
    pub title: String,
    pub lane: Option<Lane>,
    pub owner: Option<String>,
    pub description: Option<String>,
    /// Initiatives.
    pub outcome: Option<String>,
    pub hypothesis: Option<String>,
    /// Stories.
    pub persona: Option<String>,
    pub goal: Option<String>,
    pub benefit: Option<String>,
    pub points: Option<f64>,
    pub criteria: Vec<String>,
    /// Epics and stories: their score inputs (checked in range).
    pub rice: RiceInputs,
    pub wsjf: WsjfInputs,
}

impl NewItem {
    /// A new item with only a title.
    pub fn titled(title: &str) -> NewItem {
        NewItem {
            title: title.to_string(),
            ..NewItem::default()
        }
    }
}

/// Where a new item goes: its kind and parent, checked to fit (an epic
/// under an initiative, a story under an epic, an initiative at the top).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Place {
    kind: Kind,
    parent: Option<Key>,
}

impl Place {
    pub fn new(kind: Kind, parent: Option<Key>) -> Result<Place> {
        if kind == Kind::Insight {
            return Err(StoreError::Refused(
                "insights are added with `backlog insight add TEXT`".into(),
            ));
        }
        match (kind.parent_kind(), parent) {
            (Some(expected), Some(p)) if p.kind != expected => Err(StoreError::Refused(format!(
                "{p} is {}, not {}",
                with_article(p.kind),
                with_article(expected)
            ))),
            _ => {
                kind.check_parent(parent)?;
                Ok(Place { kind, parent })
            }
        }
    }

    pub fn kind(self) -> Kind {
        self.kind
    }

    pub fn parent(self) -> Option<Key> {
        self.parent
    }
}

/// Creates `new` at `place`; the parent must exist. Recorded as
/// `add S-3 under E-1` (or `add I-2`).
pub fn create(store: &mut Store, place: Place, new: NewItem) -> Result<Done<Item>> {
    let now = store.now();
    write_named(store, &format!("add {}", place.kind), |tx| {
        if let Some(p) = place.parent {
            tx.get(p)?;
        }
        let k = tx.next_key(place.kind)?;
        let mut item = Item::new(k, &new.title, place.parent, now)?;
        item.lane = new.lane;
        item.outcome = new.outcome.as_deref().and_then(optional_text);
        item.hypothesis = new.hypothesis.as_deref().and_then(optional_text);
        item.persona = new.persona.as_deref().and_then(optional_text);
        item.goal = new.goal.as_deref().and_then(optional_text);
        item.benefit = new.benefit.as_deref().and_then(optional_text);
        if new.points.is_some() {
            item.set_points(new.points)?;
        }
        for c in &new.criteria {
            item.add_criterion(c)?;
        }
        if new.rice != RiceInputs::default() || new.wsjf != WsjfInputs::default() {
            item.require_scorable()?;
            new.rice.validate()?;
            new.wsjf.validate()?;
            (item.rice, item.wsjf) = (new.rice, new.wsjf);
        }
        item.owner = new.owner.as_deref().and_then(optional_text);
        item.description = new.description.unwrap_or_default();
        item.rank = tx.next_rank(place.parent)?;
        let summary = match place.parent {
            Some(p) => format!("add {k} under {p}"),
            None => format!("add {k}"),
        };
        Ok(Named {
            value: tx.insert(&item)?,
            summary,
        })
    })
}
