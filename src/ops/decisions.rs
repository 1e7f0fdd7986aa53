//! Recording decisions on an item.

use chrono::NaiveDate;

use super::{Done, write};
use crate::domain::text::clean_title;
use crate::domain::{Decision, Item, Key};
use crate::store::{Result, Store};

/// Appends a decision (one line, required) with its rationale (may be
/// empty) on `date` to `key`'s decision log.
pub fn record_decision(
    store: &mut Store,
    key: Key,
    decision: &str,
    rationale: &str,
    date: NaiveDate,
) -> Result<Done<Item>> {
    let decision = clean_title("decision", decision)?;
    write(store, format!("decision on {key}"), |tx| {
        tx.modify(key, |item| {
            item.decisions.push(Decision {
                date,
                decision,
                rationale: rationale.trim().to_string(),
            });
            Ok(())
        })
    })
}
