//! Text search over the backlog: the items every word of a query occurs
//! in (see `domain::search`), best match first.

use crate::domain::search::{Hit, Query};
use crate::domain::{Backlog, Item, Kind};
use crate::store::{Result, Store, StoreError};

/// One item found, and where.
#[derive(Debug, Clone)]
pub struct Found {
    pub item: Item,
    pub hit: Hit,
}

/// The visible items of `kind` (all kinds: `None`) that match `text`,
/// best first (ties by key).
pub fn search(store: &Store, text: &str, kind: Option<Kind>) -> Result<Vec<Found>> {
    let query = Query::new(text)
        .ok_or_else(|| StoreError::Refused("nothing to search for: give a word".to_string()))?;
    let backlog = store.load()?;
    Ok(find_in(&backlog, &query, kind))
}

/// [`search`] on a loaded backlog.
pub fn find_in(backlog: &Backlog, query: &Query, kind: Option<Kind>) -> Vec<Found> {
    let mut found: Vec<Found> = backlog
        .items()
        .iter()
        .filter(|i| !backlog.is_hidden(i) && kind.is_none_or(|k| i.kind() == k))
        .filter_map(|i| {
            query.hit(i).map(|hit| Found {
                item: i.clone(),
                hit,
            })
        })
        .collect();
    found.sort_by(|a, b| crate::domain::search::rank((&a.hit, a.item.key), (&b.hit, b.item.key)));
    found
}
