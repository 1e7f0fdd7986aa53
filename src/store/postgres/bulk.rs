//! Inserting many items in one change (an import, the demo, a generated
//! backlog), parents before children, dependencies once all are in place.

use std::collections::HashMap;

use super::fail::{Fail, Pg};
use super::rows;
use super::tx::PgTx;
use crate::domain::deps::check_new_dependency;
use crate::domain::{Item, Key, Kind};
use crate::store::error::StoreError;

impl PgTx<'_> {
    /// Inserts many items, parents first, then their dependencies; with
    /// `record`, each is recorded as created by this (bulk) change.
    pub(super) fn insert_many(&mut self, items: &[Item], record: bool) -> Pg<()> {
        let mut sorted: Vec<&Item> = items.iter().collect();
        sorted.sort_by_key(|i| i.key);
        let empty = rows::count(&mut **self.c())? == 0;
        let mut ids: HashMap<Key, i64> = HashMap::with_capacity(sorted.len());
        let mut next: HashMap<Kind, i64> = HashMap::new();
        for item in &sorted {
            if ids.contains_key(&item.key) || (!empty && self.exists_(item.key)?) {
                return Err(Fail::Store(StoreError::Refused(format!(
                    "{} already exists",
                    item.key
                ))));
            }
            item.key.kind.check_parent(item.parent)?;
            let parent_id = match item.parent {
                None => None,
                Some(p) => Some(match ids.get(&p) {
                    Some(&id) => id,
                    None => self.id_of(p)?,
                }),
            };
            let id = self.insert_row(item, parent_id, None, 1)?;
            ids.insert(item.key, id);
            let n = next.entry(item.key.kind).or_insert(1);
            *n = (*n).max(item.key.num + 1);
        }
        for (kind, n) in next {
            self.reserve(kind, n)?;
        }
        if sorted.iter().any(|i| !i.depends_on.is_empty()) {
            let mut graph = self.graph()?;
            for item in sorted.iter().filter(|i| !i.depends_on.is_empty()) {
                let id = ids[&item.key];
                let mut added: Vec<Key> = Vec::new();
                for &dep in &item.depends_on {
                    if added.contains(&dep) {
                        continue;
                    }
                    let dep_id = match ids.get(&dep) {
                        Some(&d) => d,
                        None => self.id_of(dep)?,
                    };
                    check_new_dependency(&graph, item.key, dep)?;
                    graph.entry(item.key).or_default().push(dep);
                    added.push(dep);
                    self.c().execute(
                        "INSERT INTO dependencies (item_id, depends_on) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                        &[&id, &dep_id],
                    )?;
                }
            }
        }
        if record {
            let change = self.ensure_change()?;
            self.c()
                .execute("UPDATE changes SET bulk = true WHERE id = $1", &[&change])?;
            let stmt = self.c().prepare(
                "INSERT INTO history (change_id, item_id, item_key) VALUES ($1, $2, $3)",
            )?;
            for item in &sorted {
                self.c()
                    .execute(&stmt, &[&change, &ids[&item.key], &item.key.to_string()])?;
            }
        }
        Ok(())
    }
}
