//! Moving a card on the roadmap: to the previous or next lane, and up or
//! down within its lane. Pure: each returns the items to store (with their
//! versions, so the store refuses stale writes); nothing is written here.

use super::Roadmap;
use crate::domain::backlog::Backlog;
use crate::domain::error::DomainError;
use crate::domain::item::Item;
use crate::domain::key::Key;
use crate::domain::status::Lane;

/// A direction: towards Now / the top of a lane, or towards Later / the
/// bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Earlier,
    Later,
}

/// The card `key` moved to the previous or next lane: the item with its
/// own lane set. An epic that inherited its lane gets one of its own.
/// An unplanned card moves into Later when moved earlier.
pub fn move_lane(
    roadmap: &Roadmap,
    backlog: &Backlog,
    key: Key,
    step: Step,
) -> Result<Item, DomainError> {
    let (lane, _, _) = roadmap
        .locate(key)
        .ok_or_else(|| DomainError::rule(format!("{key} is not on the roadmap")))?;
    let item = backlog
        .get(key)
        .ok_or_else(|| DomainError::rule(format!("no item {key}")))?;
    let target = match (lane, step) {
        (Some(l), Step::Earlier) => l.earlier().ok_or_else(|| {
            DomainError::rule(format!("{key} is already in the first lane ({l})"))
        })?,
        (Some(l), Step::Later) => l
            .later()
            .ok_or_else(|| DomainError::rule(format!("{key} is already in the last lane ({l})")))?,
        (None, Step::Earlier) => Lane::Later,
        (None, Step::Later) => {
            return Err(DomainError::rule(format!(
                "{key} is unplanned: move it earlier to put it in a lane"
            )));
        }
    };
    let mut moved = item.clone();
    moved.set_lane(Some(target))?;
    Ok(moved)
}

/// The card `key` moved one place up (`Earlier`) or down (`Later`) in its
/// lane by manual rank. Returns the items whose rank changes.
///
/// Manual rank only orders cards with equal scores, so a card can only
/// pass a neighbour with the same score; otherwise the move is refused
/// with the reason.
pub fn shift_rank(
    roadmap: &Roadmap,
    backlog: &Backlog,
    key: Key,
    step: Step,
) -> Result<Vec<Item>, DomainError> {
    let (lane, pos, card) = roadmap
        .locate(key)
        .ok_or_else(|| DomainError::rule(format!("{key} is not on the roadmap")))?;
    let cards = roadmap.cards_in(lane);
    let where_ = lane.map_or("unplanned".to_string(), |l| l.to_string());
    let other = match step {
        Step::Earlier => pos.checked_sub(1),
        Step::Later => Some(pos + 1).filter(|&p| p < cards.len()),
    };
    let Some(other) = other else {
        let end = if step == Step::Earlier {
            "first"
        } else {
            "last"
        };
        return Err(DomainError::rule(format!(
            "{key} is already {end} in {where_}"
        )));
    };
    let model = roadmap.model;
    if cards[other].score != card.score {
        let shown = |s| model.display(s);
        return Err(DomainError::rule(format!(
            "{key} ({} {}) and {} ({} {}) are ordered by score; manual rank only orders equal scores",
            model.label(),
            shown(card.score),
            cards[other].key,
            model.label(),
            shown(cards[other].score)
        )));
    }
    // The run of cards with this score, in order.
    let start = (0..pos)
        .rev()
        .take_while(|&i| cards[i].score == card.score)
        .last()
        .unwrap_or(pos);
    let end = (pos..cards.len())
        .take_while(|&i| cards[i].score == card.score)
        .last()
        .unwrap_or(pos);
    let mut order: Vec<Key> = cards[start..=end].iter().map(|c| c.key).collect();
    order.swap(pos - start, other - start);
    let mut ranks: Vec<i64> = cards[start..=end].iter().map(|c| c.rank).collect();
    ranks.sort_unstable();
    if ranks.windows(2).any(|w| w[0] == w[1]) {
        let base = ranks[0];
        ranks = (0..ranks.len() as i64).map(|i| base + i).collect();
    }
    let mut changed = Vec::new();
    for (k, rank) in order.into_iter().zip(ranks) {
        let item = backlog
            .get(k)
            .ok_or_else(|| DomainError::rule(format!("no item {k}")))?;
        if item.rank != rank {
            let mut i = item.clone();
            i.rank = rank;
            changed.push(i);
        }
    }
    Ok(changed)
}
