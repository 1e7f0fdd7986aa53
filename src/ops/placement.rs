//! Where an item sits: its parent (moving keeps the hierarchy: an epic
//! under an initiative, a story under an epic), and its rank there.

use crate::domain::{Item, Key};
use crate::store::{Result, Tx};

/// Moves `item` under `parent` (which must exist and be of the kind its
/// kind belongs under), last among its new siblings. Returns whether it
/// moved (it may already be there).
pub fn move_under(tx: &mut Tx, item: &mut Item, parent: Key) -> Result<bool> {
    item.can_move_under(parent)?;
    if item.parent == Some(parent) {
        return Ok(false);
    }
    tx.get(parent)?;
    let rank = tx.next_rank(Some(parent))?;
    Ok(item.place_under(parent, rank)?)
}
