//! Moving a card on the roadmap: to the previous or next lane, and up or
//! down within its lane. Pure: each returns the items to store (with their
//! versions, so the store refuses stale writes); nothing is written here.

use super::{Card, Roadmap};
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
/// lane. Returns the items that change.
///
/// Between two unpinned cards of equal score the move swaps their manual
/// ranks, as before. Otherwise the PM overrides the score: the card is
/// pinned to its new place (and, where needed to keep the other cards
/// where they were, so is the card it passed), so it stays there until
/// unpinned ([`unpin`]) or moved to another lane.
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
    let neighbour = &cards[other];
    if card.pinned.is_some() || neighbour.pinned.is_some() || neighbour.score != card.score {
        return pin_swap(cards, backlog, pos, other);
    }
    swap_equal_scores(cards, backlog, pos, other)
}

/// Swaps the manual ranks of two neighbours of equal score (renumbering
/// the run of equal scores when ranks collide).
fn swap_equal_scores(
    cards: &[Card],
    backlog: &Backlog,
    pos: usize,
    other: usize,
) -> Result<Vec<Item>, DomainError> {
    let card = &cards[pos];
    // The run of cards with this score, in order.
    let start = (0..pos)
        .rev()
        .take_while(|&i| cards[i].score == card.score && cards[i].pinned.is_none())
        .last()
        .unwrap_or(pos);
    let end = (pos..cards.len())
        .take_while(|&i| cards[i].score == card.score && cards[i].pinned.is_none())
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
        let item = item_of(backlog, k)?;
        if item.rank != rank {
            let mut i = item.clone();
            i.rank = rank;
            changed.push(i);
        }
    }
    Ok(changed)
}

/// Swaps the cards at `pos` and `other` by pinning: the moved card to its
/// new place first; then the card it passed too if the lane would
/// otherwise not read as the swap; then every pinned card of the lane to
/// the place it shows at (which always gives the swap, since the free
/// cards keep their score order).
fn pin_swap(
    cards: &[Card],
    backlog: &Backlog,
    pos: usize,
    other: usize,
) -> Result<Vec<Item>, DomainError> {
    let mut want: Vec<Key> = cards.iter().map(|c| c.key).collect();
    want.swap(pos, other);
    let place = |i: usize| u32::try_from(i + 1).unwrap_or(u32::MAX);
    let mut lane: Vec<Card> = cards.to_vec();
    type Try<'a> = &'a dyn Fn(&mut [Card]);
    let tries: [Try; 3] = [
        &|l: &mut [Card]| l[pos].pinned = Some(place(other)),
        &|l: &mut [Card]| l[other].pinned = Some(place(pos)),
        &|l: &mut [Card]| {
            for c in l.iter_mut().filter(|c| c.pinned.is_some()) {
                if let Some(i) = want.iter().position(|k| *k == c.key) {
                    c.pinned = Some(place(i));
                }
            }
        },
    ];
    for step in tries {
        step(&mut lane);
        let mut ordered = lane.clone();
        super::order_lane(&mut ordered);
        if ordered.iter().map(|c| c.key).eq(want.iter().copied()) {
            return lane
                .iter()
                .zip(cards)
                .filter(|(new, old)| new.pinned != old.pinned)
                .map(|(new, _)| {
                    let mut item = item_of(backlog, new.key)?.clone();
                    item.pinned = new.pinned;
                    Ok(item)
                })
                .collect();
        }
    }
    Err(DomainError::rule(format!(
        "{} cannot be moved there: unpin the cards around it first",
        cards[pos].key
    )))
}

/// The card `key` back in score order: the item with its pin removed.
/// Refused when it is not pinned.
pub fn unpin(backlog: &Backlog, key: Key) -> Result<Item, DomainError> {
    let item = item_of(backlog, key)?;
    if item.pinned.is_none() {
        return Err(DomainError::rule(format!(
            "{key} is not pinned: it is already placed by its score"
        )));
    }
    let mut i = item.clone();
    i.pinned = None;
    Ok(i)
}

fn item_of(backlog: &Backlog, key: Key) -> Result<&Item, DomainError> {
    backlog
        .get(key)
        .ok_or_else(|| DomainError::rule(format!("no item {key}")))
}
