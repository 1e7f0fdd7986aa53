//! Where an item sits: its parent (moving keeps the hierarchy: an epic
//! under an initiative, a story under an epic), and its rank there.

use crate::domain::text::with_article;
use crate::domain::{DomainError, Item, Key};
use crate::store::{Result, Tx};

/// Moves `item` under `parent` (which must exist and be of the kind its
/// kind belongs under), last among its new siblings. Returns whether it
/// moved (it may already be there).
pub fn move_under(tx: &mut Tx, item: &mut Item, parent: Key) -> Result<bool> {
    let k = item.key;
    let expected = k
        .kind
        .parent_kind()
        .ok_or_else(|| DomainError::rule(format!("{k} is an initiative: it has no parent")))?;
    if parent.kind != expected {
        return Err(DomainError::rule(format!(
            "{k} can only move under {}, and {parent} is {}",
            with_article(expected),
            with_article(parent.kind)
        ))
        .into());
    }
    if item.parent == Some(parent) {
        return Ok(false);
    }
    tx.get(parent)?;
    item.parent = Some(parent);
    item.rank = tx.next_rank(Some(parent))?;
    Ok(true)
}
