//! The use cases: what a user can do to a backlog, once, for every front
//! end. The CLI's commands and the TUI's effects call these functions;
//! neither re-implements a rule.
//!
//! Each use case takes the store and plain, already-parsed arguments
//! (user text is parsed by [`crate::domain::parse`]), and returns domain
//! values; a write returns them in a [`Done`], with the one-line summary
//! recorded in the history and the id of the change for undo. Nothing
//! here prints, reads a terminal or knows a command-line flag.

pub mod archive;
pub mod checkins;
pub mod create;
pub mod criteria;
pub mod decisions;
pub mod demo;
mod demo_history;
mod demo_insights;
pub mod deps;
pub mod edit;
pub mod export;
pub mod forecast;
pub mod health;
pub mod import;
pub mod insights;
pub mod insights_import;
pub mod output;
pub mod placement;
pub mod planning;
pub mod refine;
pub mod report;
pub mod roadmap;
pub mod salvage;
pub mod save;
pub mod scores;
pub mod search;
pub mod snapshots;
pub mod undo;

use crate::store::{Result, Store, Tx};

/// What a write did: its result, the summary it was recorded under, and
/// the recorded change (for undoing exactly it; `None` when the write
/// changed nothing).
#[derive(Debug, Clone, PartialEq)]
pub struct Done<T> {
    pub value: T,
    pub summary: String,
    pub change: Option<i64>,
}

/// Runs `f` as one write recorded as `summary`.
fn write<T>(
    store: &mut Store,
    summary: String,
    f: impl FnOnce(&mut Tx) -> Result<T>,
) -> Result<Done<T>> {
    let value = store.write(&summary, f)?;
    Ok(Done {
        value,
        summary,
        change: store.last_change(),
    })
}

/// A value and the summary a write decided on from inside its
/// transaction (when the summary names a key allocated there).
struct Named<T> {
    value: T,
    summary: String,
}

/// Runs `f` as one write first named `provisional`, recorded under the
/// summary `f` returns.
fn write_named<T>(
    store: &mut Store,
    provisional: &str,
    f: impl FnOnce(&mut Tx) -> Result<Named<T>>,
) -> Result<Done<T>> {
    let named = store.write(provisional, |tx| {
        let named = f(tx)?;
        tx.set_summary(named.summary.clone());
        Ok(named)
    })?;
    Ok(Done {
        value: named.value,
        summary: named.summary,
        change: store.last_change(),
    })
}

#[cfg(test)]
mod demo_tests;
#[cfg(test)]
mod tests;
