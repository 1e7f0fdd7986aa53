//! One write transaction on the server: `READ COMMITTED`, made the only
//! writer of its backlog by a row lock on `backlog_meta` taken first (so
//! that the caller's closure runs once and never meets a serialization
//! failure half-way, and two writers cannot deadlock); version-checked
//! updates (`UPDATE … WHERE version = $n RETURNING version`); keys from
//! `UPDATE key_seq … RETURNING`; every change recorded with its author.
//! Dropped without commit, it rolls back.

use std::cell::{RefCell, RefMut};
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use postgres::Client;
use postgres::types::ToSql;

use super::errors::{is_lost, lost_in_commit};
use super::fail::{Fail, Pg};
use super::fields::{bind, mark, update_fields_sql};
use super::rows::{self, kind_letter, seconds};
use super::target::Target;
use crate::domain::deps::check_new_dependency;
use crate::domain::planning::PlanningSettings;
use crate::domain::snapshot::Snapshot;
use crate::domain::{Backlog, Item, Key, Kind};
use crate::store::backend::{BackendTx, Direction};
use crate::store::error::{Result, StoreError};
use crate::store::fields::{FIELD_COLUMNS, Fields};
use crate::store::history::Stepped;
use crate::store::{format, memory};

pub struct PgTx<'c> {
    pub(super) c: RefCell<&'c mut Client>,
    pub(super) target: &'c Target,
    pub(super) summary: String,
    pub(super) note: Option<String>,
    pub(super) change_id: Option<i64>,
    pub(super) now: DateTime<Utc>,
    pub(super) author: String,
    /// Committed or rolled back: nothing left to do on drop.
    pub(super) done: bool,
}

impl Drop for PgTx<'_> {
    fn drop(&mut self) {
        if !self.done {
            // A lost connection has rolled back by itself.
            let _ = self.c.get_mut().batch_execute("ROLLBACK");
        }
    }
}

impl<'c> PgTx<'c> {
    pub(super) fn c(&self) -> RefMut<'_, &'c mut Client> {
        self.c.borrow_mut()
    }

    pub(super) fn explain(&self, f: Fail) -> StoreError {
        f.explain(self.target)
    }

    pub(super) fn id_of(&self, key: Key) -> Pg<i64> {
        rows::id_of(&mut **self.c(), key)?.ok_or(Fail::Store(StoreError::NoSuchItem(key)))
    }

    pub(super) fn get_item(&self, key: Key) -> Pg<Option<Item>> {
        rows::get(&mut **self.c(), key)
    }

    pub(super) fn exists_(&self, key: Key) -> Pg<bool> {
        Ok(rows::id_of(&mut **self.c(), key)?.is_some())
    }

    pub(super) fn graph(&self) -> Pg<HashMap<Key, Vec<Key>>> {
        let rows = self.c().query(
            "SELECT a.kind, a.num, b.kind, b.num FROM dependencies d \
             JOIN items a ON a.id = d.item_id JOIN items b ON b.id = d.depends_on",
            &[],
        )?;
        let mut graph: HashMap<Key, Vec<Key>> = HashMap::new();
        for r in rows {
            let key = |col: usize| -> Pg<Key> {
                Ok(Key::new(
                    rows::kind_of(r.try_get(col)?)?,
                    r.try_get(col + 1)?,
                ))
            };
            graph.entry(key(0)?).or_default().push(key(2)?);
        }
        Ok(graph)
    }

    pub(super) fn reserve(&self, kind: Kind, next: i64) -> Pg<()> {
        self.c().execute(
            "UPDATE key_seq SET next = greatest(next, $2) WHERE kind = $1",
            &[&kind_letter(kind), &next],
        )?;
        Ok(())
    }

    /// Inserts a whole row at `version`, with id `id` when given (redo
    /// brings an item back under its old id); returns its id.
    pub(super) fn insert_row(
        &self,
        item: &Item,
        parent_id: Option<i64>,
        id: Option<i64>,
        version: i64,
    ) -> Pg<i64> {
        let fields = Fields::of(item)?;
        let values = fields.values();
        let marks: Vec<String> = FIELD_COLUMNS
            .iter()
            .enumerate()
            .map(|(i, c)| mark(c, i + 6))
            .collect();
        let sql = format!(
            "INSERT INTO items (id, kind, num, parent_id, title, {}, created, updated, version) \
             OVERRIDING SYSTEM VALUE VALUES (coalesce($1, nextval(pg_get_serial_sequence('items', 'id'))), \
             $2, $3, $4, $5, {}, ${}, ${}, ${}) RETURNING id",
            FIELD_COLUMNS.join(", "),
            marks.join(", "),
            FIELD_COLUMNS.len() + 6,
            FIELD_COLUMNS.len() + 7,
            FIELD_COLUMNS.len() + 8,
        );
        let (kind, created, updated) = (
            kind_letter(item.key.kind),
            seconds(item.created),
            seconds(item.updated),
        );
        let head: [&(dyn ToSql + Sync); 5] = [&id, &kind, &item.key.num, &parent_id, &item.title];
        let tail: [&(dyn ToSql + Sync); 3] = [&created, &updated, &version];
        let params: Vec<&(dyn ToSql + Sync)> =
            head.into_iter().chain(bind(&values)).chain(tail).collect();
        let id: i64 = self.c().query_one(sql.as_str(), &params)?.try_get(0)?;
        self.insert_decisions(id, item)?;
        Ok(id)
    }

    fn insert_decisions(&self, id: i64, item: &Item) -> Pg<()> {
        for (n, d) in item.decisions.iter().enumerate() {
            self.c().execute(
                "INSERT INTO decisions (item_id, position, date, decision, rationale) \
                 VALUES ($1, $2, $3, $4, $5)",
                &[&id, &(n as i32), &d.date, &d.decision, &d.rationale],
            )?;
        }
        Ok(())
    }

    /// Rewrites every field but key, parent, title, times and version of
    /// row `id`, and replaces its dependencies and decisions.
    pub(super) fn write_fields(&self, id: i64, item: &Item) -> Pg<()> {
        let fields = Fields::of(item)?;
        let values = fields.values();
        let head: [&(dyn ToSql + Sync); 1] = [&id];
        let params: Vec<&(dyn ToSql + Sync)> = head.into_iter().chain(bind(&values)).collect();
        self.c().execute(update_fields_sql().as_str(), &params)?;
        self.c()
            .execute("DELETE FROM dependencies WHERE item_id = $1", &[&id])?;
        for dep in &item.depends_on {
            let dep_id = self.id_of(*dep)?;
            self.c().execute(
                "INSERT INTO dependencies (item_id, depends_on) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                &[&id, &dep_id],
            )?;
        }
        self.c()
            .execute("DELETE FROM decisions WHERE item_id = $1", &[&id])?;
        self.insert_decisions(id, item)
    }

    /// Parent of the right kind and existing; dependencies existing and
    /// acyclic.
    fn check_links(&self, item: &Item, before: Option<&Item>) -> Pg<()> {
        item.key.kind.check_parent(item.parent)?;
        if let Some(p) = item.parent
            && !self.exists_(p)?
        {
            return Err(Fail::Store(StoreError::NoSuchItem(p)));
        }
        let old: &[Key] = before.map_or(&[], |b| &b.depends_on);
        let added: Vec<Key> = item
            .depends_on
            .iter()
            .filter(|d| !old.contains(d))
            .copied()
            .collect();
        if !added.is_empty() {
            let mut graph = self.graph()?;
            graph.insert(item.key, old.to_vec());
            for dep in added {
                if !self.exists_(dep)? {
                    return Err(Fail::Store(StoreError::NoSuchItem(dep)));
                }
                check_new_dependency(&graph, item.key, dep)?;
                graph.entry(item.key).or_default().push(dep);
            }
        }
        Ok(())
    }

    fn insert_one(&mut self, item: &Item) -> Pg<Item> {
        if self.exists_(item.key)? {
            return Err(Fail::Store(StoreError::Refused(format!(
                "{} already exists",
                item.key
            ))));
        }
        self.check_links(item, None)?;
        let parent_id = item.parent.map(|p| self.id_of(p)).transpose()?;
        let mut stored = item.clone();
        stored.version = 1;
        let id = self.insert_row(&stored, parent_id, None, 1)?;
        self.reserve(item.key.kind, item.key.num + 1)?;
        for dep in &stored.depends_on {
            let dep_id = self.id_of(*dep)?;
            self.c().execute(
                "INSERT INTO dependencies (item_id, depends_on) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                &[&id, &dep_id],
            )?;
        }
        self.record(id, item.key, None, Some(&stored))?;
        Ok(stored)
    }

    /// Writes `item` over `before` (whose version is current), bumping the
    /// version; a no-op is not recorded.
    pub(super) fn overwrite(&mut self, before: &Item, item: &Item) -> Pg<Item> {
        let mut after = item.clone();
        after.version = before.version;
        after.updated = before.updated;
        after.created = before.created;
        if after == *before {
            return Ok(before.clone());
        }
        let id = self.id_of(item.key)?;
        let parent_id = item.parent.map(|p| self.id_of(p)).transpose()?;
        let now = seconds(self.now);
        let version: Option<i64> = self
            .c()
            .query_opt(
                "UPDATE items SET parent_id = $1, title = $2, updated = $3, version = version + 1 \
                 WHERE id = $4 AND version = $5 RETURNING version",
                &[&parent_id, &item.title, &now, &id, &before.version],
            )?
            .map(|r| r.try_get(0))
            .transpose()?;
        let Some(version) = version else {
            let found = self.get_item(item.key)?.map_or(0, |i| i.version);
            return Err(Fail::Store(StoreError::Stale {
                key: item.key,
                expected: before.version,
                found,
            }));
        };
        after.version = version;
        after.updated = self.now;
        self.write_fields(id, &after)?;
        self.record(id, item.key, Some(before), Some(&after))?;
        Ok(after)
    }

    pub(super) fn ensure_change(&mut self) -> Pg<i64> {
        if let Some(id) = self.change_id {
            return Ok(id);
        }
        // A new change makes undone changes no longer redoable.
        self.c()
            .execute("UPDATE changes SET state = 2 WHERE state = 1", &[])?;
        let at = seconds(self.now);
        let id: i64 = self
            .c()
            .query_one(
                "INSERT INTO changes (at, summary, note, author) VALUES ($1, $2, $3, $4) RETURNING id",
                &[&at, &self.summary, &self.note, &self.author],
            )?
            .try_get(0)?;
        self.change_id = Some(id);
        Ok(id)
    }

    fn record(&mut self, id: i64, key: Key, before: Option<&Item>, after: Option<&Item>) -> Pg<()> {
        let change = self.ensure_change()?;
        let before = before.map(format::item_to_json).transpose()?;
        let after = after.map(format::item_to_json).transpose()?;
        self.insert_history(change, id, key, before.as_deref(), after.as_deref())
    }

    /// A history row of change `change`, the states as JSON text. A big
    /// state: the driver's copy of it, in a buffer grown by doubling,
    /// handed back as it is freed (see `store::memory`).
    pub(super) fn insert_history(
        &mut self,
        change: i64,
        id: i64,
        key: Key,
        before: Option<&str>,
        after: Option<&str>,
    ) -> Pg<()> {
        let big = before.into_iter().chain(after).any(memory::is_big);
        memory::purging_if(big, || {
            self.c().execute(
                "INSERT INTO history (change_id, item_id, item_key, before, after) \
                 VALUES ($1, $2, $3, $4::text::json, $5::text::json)",
                &[&change, &id, &key.to_string(), &before, &after],
            )
        })?;
        Ok(())
    }

    fn purge_one(&mut self, key: Key) -> Pg<Item> {
        let item = self
            .get_item(key)?
            .ok_or(Fail::Store(StoreError::NoSuchItem(key)))?;
        let id = self.id_of(key)?;
        let children: i64 = self
            .c()
            .query_one("SELECT count(*) FROM items WHERE parent_id = $1", &[&id])?
            .try_get(0)?;
        if children > 0 {
            let what = match key.kind.child_kind() {
                Some(Kind::Epic) => "epics",
                _ => "stories",
            };
            return Err(Fail::Store(StoreError::Refused(format!(
                "{key} still has {children} {what}: purge or move them first"
            ))));
        }
        let dependents: Vec<Key> = self
            .c()
            .query(
                "SELECT a.kind, a.num FROM dependencies d JOIN items a ON a.id = d.item_id \
                 WHERE d.depends_on = $1",
                &[&id],
            )?
            .iter()
            .map(|r| Ok(Key::new(rows::kind_of(r.try_get(0)?)?, r.try_get(1)?)))
            .collect::<Pg<_>>()?;
        for d in dependents {
            let before = self
                .get_item(d)?
                .ok_or(Fail::Store(StoreError::NoSuchItem(d)))?;
            let mut dep_item = before.clone();
            dep_item.depends_on.retain(|k| *k != key);
            self.overwrite(&before, &dep_item)?;
        }
        self.c().execute(
            "DELETE FROM history WHERE item_key = $1",
            &[&key.to_string()],
        )?;
        self.c()
            .execute("DELETE FROM items WHERE id = $1", &[&id])?;
        // Final: what it did to the items that depended on the purged one
        // stays in their history, but undo passes over it.
        let change = self.ensure_change()?;
        self.c()
            .execute("UPDATE changes SET kind = 1 WHERE id = $1", &[&change])?;
        Ok(item)
    }

    /// Writes the summary and note of the change recorded so far, if any.
    fn finish_change(&self) -> Pg<()> {
        if let Some(id) = self.change_id {
            self.c().execute(
                "UPDATE changes SET note = $2, summary = $3 WHERE id = $1",
                &[&id, &self.note, &self.summary],
            )?;
        }
        Ok(())
    }

    fn commit_change(mut self) -> Pg<Option<i64>> {
        self.finish_change()?;
        self.c()
            .execute("UPDATE backlog_meta SET commits = commits + 1", &[])?;
        self.c()
            .execute("SELECT pg_notify('backlog_changed', current_schema())", &[])?;
        self.done = true;
        match self.c().batch_execute("COMMIT") {
            Ok(()) => Ok(self.change_id),
            // The server has it whole or not at all, and may not be asked.
            Err(e) if e.as_db_error().is_none() && is_lost(&e) => {
                Err(Fail::Store(lost_in_commit(self.target)))
            }
            Err(e) => Err(e.into()),
        }
    }
}

impl BackendTx for PgTx<'_> {
    fn now(&self) -> DateTime<Utc> {
        self.now
    }

    fn set_summary(&mut self, summary: String) {
        self.summary = summary;
    }

    fn set_note(&mut self, note: String) {
        self.note = Some(note);
    }

    fn get(&self, key: Key) -> Result<Item> {
        self.get_item(key)
            .map_err(|f| self.explain(f))?
            .ok_or(StoreError::NoSuchItem(key))
    }

    fn exists(&self, key: Key) -> Result<bool> {
        self.exists_(key).map_err(|f| self.explain(f))
    }

    fn load(&self) -> Result<Backlog> {
        let items = rows::load_all(&mut **self.c()).map_err(|f| self.explain(f))?;
        Ok(Backlog::new(items))
    }

    fn is_empty(&self) -> Result<bool> {
        Ok(rows::count(&mut **self.c()).map_err(|f| self.explain(f))? == 0)
    }

    fn dependency_graph(&self) -> Result<HashMap<Key, Vec<Key>>> {
        self.graph().map_err(|f| self.explain(f))
    }

    fn next_key(&mut self, kind: Kind) -> Result<Key> {
        let num: i64 = self
            .c()
            .query_one(
                "UPDATE key_seq SET next = next + 1 WHERE kind = $1 RETURNING next - 1",
                &[&kind_letter(kind)],
            )
            .and_then(|r| r.try_get(0))
            .map_err(|e| self.explain(Fail::Db(e)))?;
        Ok(Key::new(kind, num))
    }

    fn key_sequence(&self) -> Result<HashMap<Kind, i64>> {
        rows::key_sequence(&mut **self.c()).map_err(|f| self.explain(f))
    }

    fn reserve_keys(&mut self, kind: Kind, next: i64) -> Result<()> {
        self.reserve(kind, next).map_err(|f| self.explain(f))
    }

    fn next_rank(&self, parent: Option<Key>) -> Result<i64> {
        let row = match parent {
            None => self
                .c()
                .query_one("SELECT max(rank) FROM items WHERE parent_id IS NULL", &[]),
            Some(p) => self.c().query_one(
                "SELECT max(i.rank) FROM items i JOIN items p ON p.id = i.parent_id \
                 WHERE p.kind = $1 AND p.num = $2",
                &[&kind_letter(p.kind), &p.num],
            ),
        };
        let max: Option<i64> = row
            .and_then(|r| r.try_get(0))
            .map_err(|e| self.explain(Fail::Db(e)))?;
        Ok(max.map_or(1, |m| m.saturating_add(1)))
    }

    fn insert(&mut self, item: &Item) -> Result<Item> {
        self.insert_one(item).map_err(|f| self.explain(f))
    }

    fn insert_all(&mut self, items: &[Item]) -> Result<()> {
        self.insert_many(items, true).map_err(|f| self.explain(f))
    }

    fn bulk_load(&mut self, items: &[Item]) -> Result<()> {
        if !self.is_empty()? {
            return Err(StoreError::Refused(
                "a bulk load needs an empty backlog".to_string(),
            ));
        }
        self.insert_many(items, false).map_err(|f| self.explain(f))
    }

    fn update(&mut self, item: &Item) -> Result<Item> {
        // A big text: its copies (the states read, their JSON, the
        // driver's buffers) handed back as they are freed.
        memory::purging_if(memory::is_big(&item.description), || {
            let before = self.get(item.key)?;
            if before.version != item.version {
                return Err(StoreError::Stale {
                    key: item.key,
                    expected: item.version,
                    found: before.version,
                });
            }
            self.check_links(item, Some(&before))
                .and_then(|()| self.overwrite(&before, item))
                .map_err(|f| self.explain(f))
        })
    }

    fn purge(&mut self, key: Key) -> Result<Item> {
        self.purge_one(key).map_err(|f| self.explain(f))
    }

    fn wipe(&mut self) -> Result<()> {
        self.c()
            .batch_execute(
                "DELETE FROM history; DELETE FROM changes; DELETE FROM dependencies; DELETE FROM snapshots; \
                 DELETE FROM decisions; DELETE FROM items WHERE kind = 'S'; \
                 DELETE FROM items WHERE kind = 'E'; DELETE FROM items; \
                 UPDATE key_seq SET next = 1;",
            )
            .map_err(|e| self.explain(Fail::Db(e)))?;
        self.change_id = None;
        Ok(())
    }

    fn step(&mut self, direction: Direction, only: Option<i64>) -> Result<Stepped> {
        self.step_change(direction, only)
            .map_err(|f| self.explain(f))
    }

    fn snapshot_taken(&self, name: &str) -> Result<Option<DateTime<Utc>>> {
        super::snapshots::taken_at(&mut **self.c(), name).map_err(|f| self.explain(f))
    }

    fn insert_snapshot(&mut self, snapshot: &Snapshot) -> Result<()> {
        super::snapshots::insert(&mut **self.c(), snapshot).map_err(|f| self.explain(f))
    }

    fn delete_snapshot(&mut self, name: &str) -> Result<bool> {
        super::snapshots::delete(&mut **self.c(), name).map_err(|f| self.explain(f))
    }

    fn planning_settings(&self) -> Result<PlanningSettings> {
        super::settings::read(&mut **self.c()).map_err(|f| self.explain(f))
    }

    fn set_planning_settings(&mut self, settings: &PlanningSettings) -> Result<()> {
        super::settings::write(&mut **self.c(), settings).map_err(|f| self.explain(f))
    }

    fn start_change(&mut self, summary: &str, at: DateTime<Utc>) -> Result<()> {
        self.finish_change().map_err(|f| self.explain(f))?;
        self.change_id = None;
        self.note = None;
        self.summary = summary.to_string();
        self.now = at;
        Ok(())
    }

    fn commit(self: Box<Self>) -> Result<Option<i64>> {
        let target = self.target;
        (*self).commit_change().map_err(|f| f.explain(target))
    }
}
