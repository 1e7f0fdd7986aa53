//! Dependencies between items, and the map of them.

use super::{Done, write};
use crate::domain::depmap::{DepMap, MapRequest, dependency_map as domain_map};
use crate::domain::{Item, Key, Kind};
use crate::store::{Result, Store, StoreError};

/// Makes `item` depend on `on` (which must exist); refuses a dependency
/// already there. The store refuses a cycle.
pub fn add_dependency(store: &mut Store, item: Key, on: Key) -> Result<Done<Item>> {
    if item.kind == Kind::Insight || on.kind == Kind::Insight {
        return Err(StoreError::Refused(format!(
            "insights are not dependencies: link them with `backlog insight link` ({item}, {on})"
        )));
    }
    write(store, format!("{item} depends on {on}"), |tx| {
        tx.get(on)?;
        tx.modify(item, |i| {
            if i.depends_on.contains(&on) {
                return Err(StoreError::Refused(format!(
                    "{item} already depends on {on}"
                )));
            }
            i.depends_on.push(on);
            i.depends_on.sort();
            Ok(())
        })
    })
}

/// Removes the dependency of `item` on `on`; refuses one not there.
pub fn remove_dependency(store: &mut Store, item: Key, on: Key) -> Result<Done<Item>> {
    write(store, format!("{item} no longer depends on {on}"), |tx| {
        tx.modify(item, |i| {
            if !i.depends_on.contains(&on) {
                return Err(StoreError::Refused(format!(
                    "{item} does not depend on {on}"
                )));
            }
            i.depends_on.retain(|d| *d != on);
            Ok(())
        })
    })
}

/// The dependency map at `level` (default: the focus's kind, else epics),
/// around `focus` when given (which must exist).
pub fn dependency_map(
    store: &Store,
    level: Option<Kind>,
    focus: Option<Key>,
    depth: Option<usize>,
) -> Result<DepMap> {
    let backlog = store.load()?;
    if let Some(f) = focus
        && backlog.get(f).is_none()
    {
        return Err(StoreError::NoSuchItem(f));
    }
    let level = level.unwrap_or(focus.map_or(Kind::Epic, |f| f.kind));
    Ok(domain_map(
        &backlog,
        MapRequest {
            level,
            focus,
            depth,
        },
    ))
}
