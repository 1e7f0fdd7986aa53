//! Undo and redo of a recorded change, as the SQLite backend does them:
//! each history row's state is checked against the item now (refused if
//! something else changed it since) and the other state written back.

use super::fail::{Fail, Pg};
use super::rows::seconds;
use super::tx::PgTx;
use crate::domain::{Item, Key};
use crate::store::backend::Direction;
use crate::store::error::StoreError;
use crate::store::format;

/// One history row of the change being stepped.
struct Step {
    row: i64,
    id: i64,
    key: Key,
    /// A bulk row without states: its after-state is read back.
    lazy: bool,
    expect: Option<Item>,
    target: Option<Item>,
}

fn parse(s: Option<String>) -> Pg<Option<Item>> {
    Ok(s.map(|s| format::item_from_json(&s)).transpose()?)
}

/// Equal but for version and timestamps.
fn same_content(a: &Item, b: &Item) -> bool {
    let mut b = b.clone();
    b.version = a.version;
    b.updated = a.updated;
    b.created = a.created;
    *a == b
}

impl PgTx<'_> {
    pub(super) fn step_change(
        &mut self,
        direction: Direction,
        only: Option<i64>,
    ) -> Pg<Option<String>> {
        let (from_state, to_state, backwards): (i16, i16, bool) = match direction {
            Direction::Undo => (0, 1, true),
            Direction::Redo => (1, 0, false),
        };
        let sql = match (only, backwards) {
            (Some(_), _) => "SELECT id, summary, bulk FROM changes WHERE state = $1 AND id = $2",
            (None, true) => {
                "SELECT id, summary, bulk FROM changes WHERE state = $1 AND $2::bigint IS NULL \
                 AND EXISTS (SELECT 1 FROM history h WHERE h.change_id = changes.id) ORDER BY id DESC LIMIT 1"
            }
            (None, false) => {
                "SELECT id, summary, bulk FROM changes WHERE state = $1 AND $2::bigint IS NULL ORDER BY id ASC LIMIT 1"
            }
        };
        let Some(found) = self.c().query_opt(sql, &[&from_state, &only])? else {
            return Ok(None);
        };
        let (change, summary, bulk): (i64, String, bool) =
            (found.try_get(0)?, found.try_get(1)?, found.try_get(2)?);
        let rows = self.c().query(
            "SELECT id, item_id, item_key, before::text, after::text FROM history \
             WHERE change_id = $1 ORDER BY id",
            &[&change],
        )?;
        let mut steps = Vec::with_capacity(rows.len());
        for r in rows {
            let before: Option<String> = r.try_get(3)?;
            let after: Option<String> = r.try_get(4)?;
            let key_text: String = r.try_get(2)?;
            let lazy = bulk && before.is_none() && after.is_none();
            if lazy && !backwards {
                return Err(Fail::bad(format!(
                    "change {change} cannot be redone: the state of {key_text} after it was never recorded"
                )));
            }
            let (expect, target) = if backwards {
                (parse(after)?, parse(before)?)
            } else {
                (parse(before)?, parse(after)?)
            };
            steps.push(Step {
                row: r.try_get(0)?,
                id: r.try_get(1)?,
                key: key_text.parse().map_err(StoreError::Domain)?,
                lazy,
                expect,
                target,
            });
        }
        // What a bulk change left (it did not record it), read before this
        // undo deletes anything, and written into its row for redo.
        for s in steps.iter_mut().filter(|s| s.lazy) {
            let current = self.get_item(s.key)?;
            let next: Option<Option<String>> = self
                .c()
                .query_opt(
                    "SELECT before::text FROM history WHERE item_key = $1 AND change_id > $2 \
                     ORDER BY change_id, id LIMIT 1",
                    &[&s.key.to_string(), &change],
                )?
                .map(|r| r.try_get(0))
                .transpose()?;
            s.expect = match next {
                Some(before) => parse(before)?,
                None => current,
            };
            if let Some(after) = &s.expect {
                let json = format::item_to_json(after)?;
                self.c().execute(
                    "UPDATE history SET after = $2::text::json WHERE id = $1",
                    &[&s.row, &json],
                )?;
            }
        }
        if backwards {
            steps.reverse();
        }
        let what = direction.verb();
        let mut links = Vec::new();
        for s in steps {
            let key = s.key;
            let current = self.get_item(key)?;
            let mut expect = s.expect;
            if let Some(e) = &mut expect {
                self.retain_existing(&mut e.depends_on)?;
            }
            let unchanged = match (&current, &expect) {
                (None, None) => true,
                (Some(c), Some(e)) => same_content(c, e),
                _ => false,
            };
            if !unchanged {
                return Err(Fail::Store(StoreError::Refused(format!(
                    "cannot {what} “{summary}”: {key} has changed since"
                ))));
            }
            if let Some(p) = s.target.as_ref().and_then(|t| t.parent)
                && !self.exists_(p)?
            {
                return Err(Fail::Store(StoreError::Refused(format!(
                    "cannot {what} “{summary}”: {key} belonged to {p}, which was deleted for good"
                ))));
            }
            let target = match s.target {
                Some(mut t) => {
                    let all = t.depends_on.clone();
                    self.retain_existing(&mut t.depends_on)?;
                    if t.depends_on.len() < all.len() {
                        let mut full = t.clone();
                        full.depends_on = all;
                        links.push((s.id, full));
                    }
                    Some(t)
                }
                None => None,
            };
            match (current, target) {
                (Some(cur), Some(t)) => self.overwrite_unrecorded(s.id, &cur, &t)?,
                (Some(_), None) => {
                    let deleted = self
                        .c()
                        .execute("DELETE FROM items WHERE id = $1", &[&s.id]);
                    if let Err(e) = deleted {
                        if e.code().map(|c| c.code()) == Some("23503") {
                            return Err(Fail::Store(StoreError::Refused(format!(
                                "cannot {what} “{summary}”: {key} has children or dependents now"
                            ))));
                        }
                        return Err(e.into());
                    }
                }
                (None, Some(t)) => {
                    let parent_id = t.parent.map(|p| self.id_of(p)).transpose()?;
                    let mut t2 = t.clone();
                    t2.updated = self.now;
                    self.insert_row(&t2, parent_id, Some(s.id), t.version + 1)?;
                    self.write_fields(s.id, &t)?;
                }
                (None, None) => {}
            }
        }
        for (id, mut t) in links {
            self.retain_existing(&mut t.depends_on)?;
            self.write_fields(id, &t)?;
        }
        self.c().execute(
            "UPDATE changes SET state = $2 WHERE id = $1",
            &[&change, &to_state],
        )?;
        Ok(Some(summary))
    }

    /// Drops keys of items that no longer exist.
    fn retain_existing(&self, keys: &mut Vec<Key>) -> Pg<()> {
        let mut kept = Vec::with_capacity(keys.len());
        for k in keys.iter() {
            if self.exists_(*k)? {
                kept.push(*k);
            }
        }
        *keys = kept;
        Ok(())
    }

    fn overwrite_unrecorded(&mut self, id: i64, current: &Item, target: &Item) -> Pg<()> {
        let parent_id = target.parent.map(|p| self.id_of(p)).transpose()?;
        let now = seconds(self.now);
        let n = self.c().execute(
            "UPDATE items SET parent_id = $1, title = $2, updated = $3, version = version + 1 \
             WHERE id = $4 AND version = $5",
            &[&parent_id, &target.title, &now, &id, &current.version],
        )?;
        if n != 1 {
            return Err(Fail::Store(StoreError::Stale {
                key: target.key,
                expected: current.version,
                found: current.version + 1,
            }));
        }
        self.write_fields(id, target)
    }
}
