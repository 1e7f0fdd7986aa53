//! Changing stored items: version-checked updates of whole items, the
//! checks of their links, and purging.

use rusqlite::{OptionalExtension, ToSql, params};

use super::super::error::SqlResult;
use super::super::rows::fmt_time;
use super::super::uncopied::BIG_TEXT;
use super::SqliteTx;
use super::fields::{UPDATE_FIELDS, bind};
use crate::domain::deps::check_new_dependency;
use crate::domain::{Item, Key, Kind};
use crate::store::backend::BackendTx;
use crate::store::error::{Result, StoreError};
use crate::store::fields::Fields;
use crate::store::{format, memory};

impl SqliteTx<'_> {
    /// Stores `item` over the stored one, provided the stored one is still
    /// at `item.version`; otherwise fails with [`StoreError::Stale`].
    /// Returns the item as stored, with its new version.
    pub(super) fn update_item(&mut self, item: Item) -> Result<Item> {
        let before = self.get(item.key)?;
        if before.version != item.version {
            return Err(StoreError::Stale {
                key: item.key,
                expected: item.version,
                found: before.version,
            });
        }
        self.check_links(&item, Some(&before))?;
        self.overwrite(before, item)
    }

    /// Writes `item`'s content over `before` (whose version is current),
    /// bumping the version. No-op changes are not recorded.
    ///
    /// Each state is dropped (and a big one handed back, see
    /// `store::memory`) once what needs it is written: the history row
    /// holds the item's JSON before and after (its text twice), and SQLite
    /// builds that row's record beside them. With the two items kept as
    /// well, an edit of an item with a big text held it nine times
    /// (`tests/big_text_memory.rs`).
    pub(super) fn overwrite(&mut self, before: Item, item: Item) -> Result<Item> {
        let mut after = item;
        after.version = before.version;
        after.updated = before.updated;
        after.created = before.created;
        if after == before {
            return Ok(before);
        }
        let key = after.key;
        let id = self.id_of(key)?;
        let parent_id = after.parent.map(|p| self.id_of(p)).transpose()?;
        let version: Option<i64> = self
            .tx
            .query_row(
                "UPDATE items SET parent_id = ?1, title = ?2, updated = ?3, version = version + 1 \
                 WHERE id = ?4 AND version = ?5 RETURNING version",
                params![
                    parent_id,
                    after.title,
                    fmt_time(self.now),
                    id,
                    before.version
                ],
                |r| r.get(0),
            )
            .optional()
            .explained(self)?;
        let Some(version) = version else {
            return Err(StoreError::Stale {
                key,
                expected: before.version,
                found: self.get(key)?.version,
            });
        };
        after.version = version;
        after.updated = self.now;
        self.write_fields(id, &after)?;
        let before_json = format::item_to_json(&before)?;
        memory::drop_item(before);
        let after_json = format::item_to_json(&after)?;
        // With a big text, the item is read back once the history row is
        // written rather than kept beside it.
        let kept = if after_json.len() < BIG_TEXT {
            Some(after)
        } else {
            memory::drop_item(after);
            None
        };
        self.record_json(id, key, Some(before_json), Some(after_json))?;
        match kept {
            Some(after) => Ok(after),
            None => {
                let mut after = self.get(key)?;
                after.updated = self.now;
                Ok(after)
            }
        }
    }

    /// Parent of the right kind and existing; dependencies existing and
    /// acyclic.
    pub(super) fn check_links(&self, item: &Item, before: Option<&Item>) -> Result<()> {
        item.key.kind.check_parent(item.parent)?;
        if let Some(p) = item.parent
            && !self.exists(p)?
        {
            return Err(StoreError::NoSuchItem(p));
        }
        let old: &[Key] = before.map_or(&[], |b| &b.depends_on);
        let added: Vec<Key> = item
            .depends_on
            .iter()
            .filter(|d| !old.contains(d))
            .copied()
            .collect();
        if !added.is_empty() {
            let mut graph = self.dependency_graph()?;
            graph.insert(item.key, old.to_vec());
            for dep in added {
                if !self.exists(dep)? {
                    return Err(StoreError::NoSuchItem(dep));
                }
                check_new_dependency(&graph, item.key, dep)?;
                graph.entry(item.key).or_default().push(dep);
            }
        }
        Ok(())
    }

    /// Writes every field but key, parent, title and version of row `id`,
    /// and replaces its dependencies and decisions.
    pub(super) fn write_fields(&mut self, id: i64, item: &Item) -> Result<()> {
        let fields = Fields::of(item)?;
        let values = fields.values();
        let params: Vec<&dyn ToSql> = std::iter::once(&id as &dyn ToSql)
            .chain(bind(&values))
            .collect();
        super::insert::execute(&self.tx, &UPDATE_FIELDS, &params).explained(self)?;
        self.tx
            .prepare_cached("DELETE FROM dependencies WHERE item_id = ?1")
            .and_then(|mut s| s.execute([id]))
            .explained(self)?;
        self.insert_links(id, item)?;
        self.tx
            .prepare_cached("DELETE FROM decisions WHERE item_id = ?1")
            .and_then(|mut s| s.execute([id]))
            .explained(self)?;
        self.insert_decisions(id, item)?;
        Ok(())
    }

    /// Deletes an item for good, with its history. Refused while it has
    /// children.
    pub(super) fn purge_item(&mut self, key: Key) -> Result<Item> {
        let item = self.get(key)?;
        let id = self.id_of(key)?;
        let children: i64 = self
            .tx
            .query_row(
                "SELECT count(*) FROM items WHERE parent_id = ?1",
                [id],
                |r| r.get(0),
            )
            .explained(self)?;
        if children > 0 {
            let what = match key.kind.child_kind() {
                Some(Kind::Epic) => "epics",
                _ => "stories",
            };
            return Err(StoreError::Refused(format!(
                "{key} still has {children} {what}: purge or move them first"
            )));
        }
        // Items that depended on it lose that dependency: a new version,
        // recorded in their history.
        let dependents: Vec<Key> = self.load_dependents(id)?;
        for d in dependents {
            let mut dep_item = self.get(d)?;
            dep_item.depends_on.retain(|k| *k != key);
            let before = self.get(d)?;
            self.overwrite(before, dep_item)?;
        }
        self.tx
            .execute("DELETE FROM history WHERE item_key = ?1", [key.to_string()])
            .explained(self)?;
        self.tx
            .execute("DELETE FROM items WHERE id = ?1", [id])
            .explained(self)?;
        // Final: what it did to the items that depended on the purged one
        // stays in their history, but undo passes over it (the purged
        // item's history went with it) to the changes before it.
        let change = self.ensure_change()?;
        self.tx
            .execute(
                "UPDATE changes SET kind = ?2 WHERE id = ?1",
                [change, super::FINAL],
            )
            .explained(self)?;
        Ok(item)
    }

    pub(super) fn load_dependents(&self, id: i64) -> Result<Vec<Key>> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "SELECT a.kind, a.num FROM dependencies d JOIN items a ON a.id = d.item_id \
                 WHERE d.depends_on = ?1",
            )
            .explained(self)?;
        let rows = stmt
            .query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .explained(self)?;
        let mut out = Vec::new();
        for r in rows {
            let (k, n) = r.explained(self)?;
            if let Some(kind) = k.chars().next().and_then(Kind::from_letter) {
                out.push(Key::new(kind, n));
            }
        }
        Ok(out)
    }
}
