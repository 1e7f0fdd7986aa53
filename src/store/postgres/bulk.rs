//! Inserting many items in one change (an import, the demo, a generated
//! backlog): ids taken from the sequence in one query, then the items,
//! their decisions, their dependencies (checked for cycles first) and
//! their history rows each sent in one `COPY`.

use std::collections::HashMap;

use super::copy::Rows;
use super::fail::{Fail, Pg};
use super::rows::{self, kind_letter, seconds};
use super::tx::PgTx;
use crate::domain::deps::check_new_dependencies;
use crate::domain::{Item, Key, Kind};
use crate::store::error::StoreError;
use crate::store::fields::{FIELD_COLUMNS, FieldValue, Fields};

impl PgTx<'_> {
    /// Inserts many items, parents first, then their dependencies; with
    /// `record`, each is recorded as created by this (bulk) change.
    pub(super) fn insert_many(&mut self, items: &[Item], record: bool) -> Pg<()> {
        let mut sorted: Vec<&Item> = items.iter().collect();
        sorted.sort_by_key(|i| i.key);
        let empty = rows::count(&mut **self.c())? == 0;
        let new_ids: Vec<i64> = self
            .c()
            .query(
                "SELECT nextval(pg_get_serial_sequence('items', 'id')) FROM generate_series(1, $1::bigint)",
                &[&(sorted.len() as i64)],
            )?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<Result<_, _>>()?;
        let mut ids: HashMap<Key, i64> = HashMap::with_capacity(sorted.len());
        let mut next: HashMap<Kind, i64> = HashMap::new();
        for (item, &id) in sorted.iter().zip(&new_ids) {
            if ids.contains_key(&item.key) || (!empty && self.exists_(item.key)?) {
                return Err(Fail::Store(StoreError::Refused(format!(
                    "{} already exists",
                    item.key
                ))));
            }
            item.key.kind.check_parent(item.parent)?;
            ids.insert(item.key, id);
            let n = next.entry(item.key.kind).or_insert(1);
            *n = (*n).max(item.key.num + 1);
        }
        // Parents and dependencies outside the batch, looked up once each.
        let mut stored: HashMap<Key, i64> = HashMap::new();
        let mut items_rows = Rows::default();
        let mut decisions = Rows::default();
        for item in &sorted {
            let parent_id = match item.parent {
                None => None,
                Some(p) => Some(self.id_in(p, &ids, &mut stored)?),
            };
            let id = ids[&item.key];
            item_row(&mut items_rows, id, parent_id, item)?;
            for (n, d) in item.decisions.iter().enumerate() {
                decisions
                    .value(Some(id))
                    .value(Some(n))
                    .value(Some(d.date))
                    .text(Some(&d.decision))
                    .text(Some(&d.rationale))
                    .end();
            }
        }
        items_rows.send(
            &mut self.c(),
            "items",
            &format!(
                "id, kind, num, parent_id, title, {}, created, updated, version",
                FIELD_COLUMNS.join(", ")
            ),
        )?;
        decisions.send(
            &mut self.c(),
            "decisions",
            "item_id, position, date, decision, rationale",
        )?;
        for (kind, n) in next {
            self.reserve(kind, n)?;
        }
        if sorted.iter().any(|i| !i.depends_on.is_empty()) {
            // Checked for cycles all at once (one check per dependency
            // walked the chain below it: cubic in a chain's length).
            let graph = self.graph()?;
            let edges: Vec<(Key, Key)> = sorted
                .iter()
                .flat_map(|i| i.depends_on.iter().map(|&d| (i.key, d)))
                .collect();
            check_new_dependencies(&graph, &edges)?;
            let mut deps = Rows::default();
            for item in sorted.iter().filter(|i| !i.depends_on.is_empty()) {
                let id = ids[&item.key];
                let mut added: Vec<Key> = Vec::new();
                for &dep in &item.depends_on {
                    if added.contains(&dep) {
                        continue;
                    }
                    let dep_id = self.id_in(dep, &ids, &mut stored)?;
                    added.push(dep);
                    deps.value(Some(id)).value(Some(dep_id)).end();
                }
            }
            deps.send(&mut self.c(), "dependencies", "item_id, depends_on")?;
        }
        if record {
            let change = self.ensure_change()?;
            self.c()
                .execute("UPDATE changes SET bulk = true WHERE id = $1", &[&change])?;
            let mut history = Rows::default();
            for item in &sorted {
                history
                    .value(Some(change))
                    .value(Some(ids[&item.key]))
                    .text(Some(&item.key.to_string()))
                    .end();
            }
            history.send(&mut self.c(), "history", "change_id, item_id, item_key")?;
        }
        Ok(())
    }

    /// The row id of `key`: in this batch, else stored (remembered).
    fn id_in(
        &self,
        key: Key,
        batch: &HashMap<Key, i64>,
        stored: &mut HashMap<Key, i64>,
    ) -> Pg<i64> {
        if let Some(&id) = batch.get(&key).or_else(|| stored.get(&key)) {
            return Ok(id);
        }
        let id = self.id_of(key)?;
        stored.insert(key, id);
        Ok(id)
    }
}

/// One `items` row: id, kind, num, parent, title, the fields, times,
/// version 1 (the columns `insert_many` names).
fn item_row(out: &mut Rows, id: i64, parent_id: Option<i64>, item: &Item) -> Pg<()> {
    let fields = Fields::of(item)?;
    out.value(Some(id))
        .text(Some(kind_letter(item.key.kind)))
        .value(Some(item.key.num))
        .value(parent_id)
        .text(Some(&item.title));
    for v in fields.values() {
        match v {
            FieldValue::Text(t) => out.text(t),
            FieldValue::Int(n) => out.value(Some(n)),
            FieldValue::OptInt(n) => out.value(n),
            FieldValue::Float(x) => out.value(x),
            FieldValue::Bool(b) => out.boolean(b),
        };
    }
    out.time(seconds(item.created))
        .time(seconds(item.updated))
        .value(Some(1))
        .end();
    Ok(())
}
