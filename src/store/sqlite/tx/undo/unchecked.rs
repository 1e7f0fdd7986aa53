//! A bulk insertion taken whole with foreign keys off.
//!
//! With foreign keys on, SQLite runs, for every row deleted from `items`,
//! the `ON DELETE RESTRICT` check of `items.parent_id` and the `ON DELETE
//! CASCADE` actions of `dependencies` and `decisions` as sub-programs:
//! about half the time of deleting 100,000 stories. The whole step (see
//! `bulk.rs`) already knows that no item that stays has a deleted one as
//! its parent, deletes the items' links and decisions itself by set, and
//! puts back only rows whose parent and link targets are there; so it
//! runs without them, and proves the result with SQLite's own check of
//! the tables it wrote before it commits.
//!
//! `PRAGMA foreign_keys` does nothing inside a transaction, so a step
//! whose first change is a bulk insertion, in a transaction that has
//! written nothing yet, ends the transaction and begins it again with
//! foreign keys off, and runs the rules from the start (the change is
//! found again). If the step is then not taken whole (the change is not
//! one the whole step may take, or another process changed the file in
//! between), the rules ask for history rows: the transaction is begun
//! once more with foreign keys on, and the step runs as before. Foreign
//! keys are back on when the transaction ends, however it ends (see
//! `SqliteTx`'s `Drop`).

use super::super::super::error::SqlResult;
use super::SqliteTx;
use crate::store::backend::Direction;
use crate::store::error::{Result, StoreError};
use crate::store::undo_rules::{ChangeState, Pick, UndoSql};

impl SqliteTx<'_> {
    /// Whether this step may begin again without foreign keys: nothing
    /// is written in this transaction yet, and the first change the step
    /// would take is a bulk insertion.
    pub(super) fn may_go_unchecked(
        &mut self,
        direction: Direction,
        only: Option<i64>,
    ) -> Result<bool> {
        if self.keys_off || self.change_id.is_some() || self.tx.total_changes() != self.begun_at {
            return Ok(false);
        }
        let (from, pick) = match (direction, only) {
            (Direction::Undo, Some(id)) => (ChangeState::Live, Pick::Exactly(id)),
            (Direction::Redo, Some(id)) => (ChangeState::Undone, Pick::Exactly(id)),
            (Direction::Undo, None) => (ChangeState::Live, Pick::NewestBefore(None)),
            (Direction::Redo, None) => (ChangeState::Undone, Pick::OldestAfter(None)),
        };
        Ok(self.find_change(from, pick)?.is_some_and(|f| f.bulk))
    }

    /// Ends this transaction, which has written nothing, and begins it
    /// again with foreign keys on or off.
    pub(super) fn begin_again(&mut self, keys: bool) -> Result<()> {
        self.tx.execute_batch("ROLLBACK").explained(self)?;
        self.keys_off = !keys;
        self.tx
            .pragma_update(None, "foreign_keys", keys)
            .explained(self)?;
        self.tx.execute_batch("BEGIN IMMEDIATE").explained(self)?;
        self.begun_at = self.tx.total_changes();
        Ok(())
    }

    /// The rules go item by item: with foreign keys off they may not
    /// (the step begins again with them on).
    pub(super) fn refuse_unchecked(&mut self) -> Result<()> {
        if self.keys_off {
            self.needs_keys = true;
            return Err(StoreError::Backend(
                "an undo or redo step taken item by item needs foreign keys".into(),
            ));
        }
        Ok(())
    }

    /// Runs `f` without CHECK constraints if foreign keys are off (the
    /// whole step's copies of rows that held them), and puts them back.
    pub(super) fn unchecked<T>(
        &self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        if !self.keys_off {
            return f(&self.tx);
        }
        self.tx
            .pragma_update(None, "ignore_check_constraints", true)?;
        let out = f(&self.tx);
        let back = self
            .tx
            .pragma_update(None, "ignore_check_constraints", false);
        let out = out?;
        back.map(|()| out)
    }

    /// With foreign keys off: SQLite's check of the tables the whole
    /// step wrote finds no row that points at nothing. A row that does
    /// is a fault of this step: the transaction is not committed.
    pub(super) fn check_keys(&self) -> Result<()> {
        if !self.keys_off {
            return Ok(());
        }
        // `items` (the parent links): the step's own checks are the
        // proof, and reading every row costs a tenth of a redo; tests
        // (debug builds) check it too.
        let tables: &[&str] = if cfg!(debug_assertions) {
            &["items", "dependencies", "decisions"]
        } else {
            &["dependencies", "decisions"]
        };
        for table in tables {
            let dangling: Option<String> = self
                .tx
                .prepare(&format!("PRAGMA foreign_key_check({table})"))
                .and_then(|mut s| {
                    let mut rows = s.query([])?;
                    rows.next()?
                        .map(|r| {
                            Ok(format!(
                                "{table} row {} points at a missing row of {}",
                                r.get::<_, Option<i64>>(1)?.unwrap_or_default(),
                                r.get::<_, String>(2)?
                            ))
                        })
                        .transpose()
                })
                .explained(self)?;
            if let Some(what) = dangling {
                return Err(StoreError::Backend(format!(
                    "undo or redo left a broken link ({what}); nothing was changed"
                )));
            }
        }
        Ok(())
    }
}
