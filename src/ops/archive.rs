//! Archiving (hiding an item and everything under it), restoring, and
//! purging (deleting for good).

use super::{Done, write};
use crate::domain::{Backlog, Item, Key};
use crate::store::{Result, Store, StoreError};

/// What archiving an item takes with it: the items under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Reach {
    /// Every item under it, at any depth, archived ones included.
    pub below: usize,
    /// The items under it that are not archived yet, reached through
    /// parents that are not archived: what archiving it hides.
    pub hidden: usize,
}

/// Counts what archiving `key` takes with it, in one walk of the tree.
pub fn reach(backlog: &Backlog, key: Key) -> Reach {
    fn walk(backlog: &Backlog, key: Key, visible: bool, r: &mut Reach) {
        for c in backlog.children(key) {
            let shown = visible && !c.archived;
            r.below += 1;
            if shown {
                r.hidden += 1;
            }
            walk(backlog, c.key, shown, r);
        }
    }
    let mut r = Reach::default();
    walk(backlog, key, true, &mut r);
    r
}

/// Archives `key`; refuses one already archived. Recorded as `archive K`.
pub fn archive(store: &mut Store, key: Key) -> Result<Done<Reach>> {
    write(store, format!("archive {key}"), |tx| {
        let backlog = tx.load()?;
        let mut item = backlog.get(key).ok_or(StoreError::NoSuchItem(key))?.clone();
        item.archive()?;
        let r = reach(&backlog, key);
        tx.update(&item)?;
        Ok(r)
    })
}

/// Brings an archived item back; refuses one that is not archived.
pub fn restore(store: &mut Store, key: Key) -> Result<Done<Item>> {
    write(store, format!("restore {key}"), |tx| {
        tx.modify(key, |i| {
            if !i.archived {
                return Err(StoreError::Refused(format!("{key} is not archived")));
            }
            i.archived = false;
            Ok(())
        })
    })
}

/// Deletes `key` for good, with its history (refused while anything lies
/// under it). Returns the item as it was.
pub fn purge(store: &mut Store, key: Key) -> Result<Done<Item>> {
    write(store, format!("purge {key}"), |tx| tx.purge(key))
}
