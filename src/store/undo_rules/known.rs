//! What a step knows of the items without asking the backend.

use super::{Prefetch, UndoSql};
use crate::domain::key::KeyMap;
use crate::domain::{Item, Key};

/// What the step knows of the items without asking the backend: the
/// change's items read in one pass ([`Prefetch`]), and which items exist,
/// kept current as the step deletes and puts back items. Without a
/// prefetch (a backend without one) the rules ask item by item.
#[derive(Default)]
pub(super) struct Known {
    /// Items as read before the step, each handed out once (the first
    /// read of its key; the step may change it after that).
    pub(super) items: KeyMap<Item>,
    /// Whether an item exists, where known.
    pub(super) present: KeyMap<bool>,
    pub(super) next_before: KeyMap<Option<Item>>,
    pub(super) history_counts: KeyMap<i64>,
    /// Whether `next_before` was read for every key of the change that
    /// asks for it (its rows without states).
    pub(super) prefetched: bool,
}

impl Known {
    pub(super) fn from(p: Prefetch, keys: &[Key]) -> Known {
        let mut present: KeyMap<bool> =
            KeyMap::with_capacity_and_hasher(keys.len(), Default::default());
        for k in keys {
            present.insert(*k, p.items.contains_key(k));
        }
        Known {
            items: p.items,
            present,
            next_before: p.next_before,
            history_counts: p.history_counts,
            prefetched: true,
        }
    }

    /// The item with key `key` now.
    pub(super) fn current<B: UndoSql>(
        &mut self,
        b: &mut B,
        key: Key,
    ) -> Result<Option<Item>, B::Error> {
        if let Some(mut item) = self.items.remove(&key) {
            // Deleting an item takes the links to it away (the
            // database's cascade): so do without asking.
            let present = &self.present;
            item.depends_on
                .retain(|d| present.get(d).copied() != Some(false));
            return Ok(Some(item));
        }
        if self.present.get(&key).copied() == Some(false) {
            return Ok(None);
        }
        b.current(key)
    }

    /// The item with key `key` as it is before the step writes anything.
    pub(super) fn before_writes<B: UndoSql>(
        &mut self,
        b: &mut B,
        key: Key,
    ) -> Result<Option<Item>, B::Error> {
        if let Some(item) = self.items.get(&key) {
            return Ok(Some(item.clone()));
        }
        if self.present.get(&key).copied() == Some(false) {
            return Ok(None);
        }
        b.current(key)
    }

    /// The dependencies of the item with key `key` as the prefetch read
    /// it, if it did and the item was not handed out yet.
    pub(super) fn read_links(&self, key: Key) -> Option<Vec<Key>> {
        self.items.get(&key).map(|i| i.depends_on.clone())
    }

    pub(super) fn present<B: UndoSql>(&mut self, b: &mut B, key: Key) -> Result<bool, B::Error> {
        if let Some(&p) = self.present.get(&key) {
            return Ok(p);
        }
        let p = b.present(key)?;
        self.present.insert(key, p);
        Ok(p)
    }

    /// The `before` of the first history row of `key` after change
    /// `change`, as an item (`None`: there is no such row).
    pub(super) fn next_before<B: UndoSql>(
        &mut self,
        b: &mut B,
        key: Key,
        change: i64,
    ) -> Result<Option<Option<Item>>, B::Error> {
        if self.prefetched {
            return Ok(self.next_before.remove(&key));
        }
        Ok(b.next_before(key, change)?.map(super::parse).transpose()?)
    }

    pub(super) fn history_count<B: UndoSql>(
        &mut self,
        b: &mut B,
        key: Key,
    ) -> Result<i64, B::Error> {
        match self.history_counts.get(&key) {
            Some(&n) => Ok(n),
            None => b.history_count(key),
        }
    }

    /// A history row of `key` was written.
    pub(super) fn recorded(&mut self, key: Key) {
        if let Some(n) = self.history_counts.get_mut(&key) {
            *n += 1;
        }
    }
}
