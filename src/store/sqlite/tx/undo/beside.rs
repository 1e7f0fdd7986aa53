//! A bulk step's checks asked beside its writes.
//!
//! Undo and redo of an import taken whole (`bulk.rs`, `bulk_redo.rs`)
//! first ask whether the rules would take every item the same way: reads
//! of every row of the change, about a quarter of undo's work and two
//! fifths of redo's at 100,000 stories. When the transaction has written
//! nothing yet, they are asked on a reader beside it
//! (`beside_writer.rs`), on the second core, while this connection
//! writes, inside a savepoint: an answer other than yes rolls the writes
//! back to it, and the step is then as if the checks had been asked
//! first. Otherwise (a reader cannot be had, or an earlier step of the
//! command wrote) they are asked first, on this connection, as before.

use super::super::super::beside_writer::reader_beside;
use super::super::super::error::{At, SqlResult};
use super::super::SqliteTx;
use crate::store::error::Result;

#[cfg(test)]
thread_local! {
    /// Whether a step may ask beside its writes (tests take both ways),
    /// and how many did so far.
    static ASK_BESIDE: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
    static ASKED_BESIDE: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    static DECLINED_BESIDE: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Lets a bulk step on this thread ask beside its writes, or not; and how
/// many steps did so far, and how many of those were declined.
#[cfg(test)]
pub(in crate::store::sqlite) fn ask_beside(ask: bool) -> (u32, u32) {
    ASK_BESIDE.with(|a| a.set(ask));
    (
        ASKED_BESIDE.with(std::cell::Cell::get),
        DECLINED_BESIDE.with(std::cell::Cell::get),
    )
}

fn may_ask_beside() -> bool {
    #[cfg(test)]
    return ASK_BESIDE.with(std::cell::Cell::get);
    #[cfg(not(test))]
    true
}

impl SqliteTx<'_> {
    /// `ask`'s answer, and what `write` gave, if the answer is yes
    /// (`Some`); `None`, with nothing of `write` left, if it is no. An
    /// error of `ask` is the step's error; an error of `write` too, if
    /// `ask` says yes (with a no, a write that failed for the reason the
    /// checks give is not an error of its own).
    pub(super) fn asked_and_written<A: Send, W>(
        &self,
        ask: impl FnOnce(&At<'_>) -> Result<Option<A>> + Send,
        write: impl FnOnce(&Self) -> Result<W>,
    ) -> Result<Option<(A, W)>> {
        let path = self.path;
        let reader = if self.tx.total_changes() == self.begun_at && may_ask_beside() {
            reader_beside(&self.tx, path)
        } else {
            None
        };
        let Some(reader) = reader else {
            let Some(answer) = ask(&self.at())? else {
                return Ok(None);
            };
            return Ok(Some((answer, write(self)?)));
        };
        #[cfg(test)]
        ASKED_BESIDE.with(|n| n.set(n.get() + 1));
        self.tx
            .execute_batch("SAVEPOINT bulk_step")
            .explained(self)?;
        let (answer, written) = std::thread::scope(|s| {
            let asking = s.spawn(move || {
                ask(&At {
                    conn: &reader,
                    path,
                })
            });
            let written = write(self);
            (asking.join(), written)
        });
        let answer = answer.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        if let Ok(Some(answer)) = answer {
            let written = written?;
            self.tx.execute_batch("RELEASE bulk_step").explained(self)?;
            return Ok(Some((answer, written)));
        }
        let back = self
            .tx
            .execute_batch("ROLLBACK TO bulk_step; RELEASE bulk_step")
            .explained(self);
        answer?;
        #[cfg(test)]
        DECLINED_BESIDE.with(|n| n.set(n.get() + 1));
        // A failure that ended the whole transaction (a full disk) leaves
        // no savepoint: the write's own error says more.
        if let Err(e) = back {
            return Err(written.err().unwrap_or(e));
        }
        Ok(None)
    }
}
