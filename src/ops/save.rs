//! Storing whole items changed by the caller (the TUI edits its copy with
//! the domain's rules, then saves it): version-checked, in one write.

use super::{Done, write};
use crate::domain::Item;
use crate::store::{Result, Store};

/// Stores `items` over their stored versions in one write recorded as
/// `summary`; refused (nothing written) if any changed since it was read.
pub fn save(store: &mut Store, items: &[Item], summary: &str) -> Result<Done<Vec<Item>>> {
    write(store, summary.to_string(), |tx| {
        items.iter().map(|i| tx.update(i)).collect()
    })
}
