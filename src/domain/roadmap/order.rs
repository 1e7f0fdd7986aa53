//! The order of the cards in one lane: by score (highest first, unscored
//! last, ties by manual rank, then key), except the cards the PM pinned to
//! a place, which take that place.
//!
//! Placement, slot by slot from the top: the next pinned card (fewest
//! first, then by score) goes in as soon as its place is reached, the
//! best-scored free card otherwise. Two cards pinned to the same place sit
//! one after the other; a place past the end of the lane is the end.

use std::cmp::Ordering;
use std::collections::VecDeque;

use super::Card;
use crate::domain::scoring::rank_order;

/// The score order of two cards, pins aside.
pub(super) fn by_score(a: &Card, b: &Card) -> Ordering {
    rank_order((a.score, a.rank, a.key), (b.score, b.rank, b.key))
}

/// Puts `cards` (one lane's) in roadmap order.
pub fn order_lane(cards: &mut Vec<Card>) {
    if cards.iter().all(|c| c.pinned.is_none()) {
        cards.sort_by(by_score);
        return;
    }
    let (mut pinned, mut free): (Vec<Card>, Vec<Card>) = std::mem::take(cards)
        .into_iter()
        .partition(|c| c.pinned.is_some());
    pinned.sort_by(|a, b| a.pinned.cmp(&b.pinned).then_with(|| by_score(a, b)));
    free.sort_by(by_score);
    let mut pinned = VecDeque::from(pinned);
    let mut free = VecDeque::from(free);
    while !pinned.is_empty() || !free.is_empty() {
        let slot = cards.len() + 1;
        let pin_due = pinned
            .front()
            .is_some_and(|c| c.pinned.is_some_and(|p| p as usize <= slot));
        let next = if pin_due || free.is_empty() {
            pinned.pop_front()
        } else {
            free.pop_front()
        };
        cards.extend(next);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::key::{Key, Kind};
    use crate::domain::status::Status;
    use proptest::prelude::*;

    pub(crate) fn card(n: i64, score: Option<f64>, pinned: Option<u32>) -> Card {
        Card {
            key: Key::new(Kind::Epic, n),
            title: format!("E{n}"),
            initiative: None,
            status: Status::Draft,
            owner: None,
            lane: None,
            lane_inherited: false,
            rank: 0,
            pinned,
            score,
            rice: score,
            wsjf: None,
            epics: None,
            stories: 0,
            stories_done: 0,
            stories_unestimated: 0,
            points_done: 0.0,
            points_total: 0.0,
            criteria_met: 0,
            criteria_total: 0,
            outcome: None,
            metrics: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn keys(cards: &[Card]) -> Vec<i64> {
        cards.iter().map(|c| c.key.num).collect()
    }

    #[test]
    fn without_pins_the_score_decides() {
        let mut v = vec![
            card(1, Some(10.0), None),
            card(2, None, None),
            card(3, Some(30.0), None),
        ];
        order_lane(&mut v);
        assert_eq!(keys(&v), [3, 1, 2]);
    }

    #[test]
    fn a_pinned_card_takes_its_place_whatever_its_score() {
        let mut v = vec![
            card(1, Some(10.0), None),
            card(2, Some(1.0), Some(1)),
            card(3, Some(30.0), None),
            card(4, Some(20.0), Some(3)),
        ];
        order_lane(&mut v);
        assert_eq!(keys(&v), [2, 3, 4, 1]);
    }

    #[test]
    fn a_place_past_the_end_is_the_end_and_shared_places_follow_each_other() {
        let mut v = vec![
            card(1, Some(10.0), Some(9)),
            card(2, Some(5.0), Some(2)),
            card(3, Some(30.0), Some(2)),
            card(4, Some(1.0), None),
        ];
        order_lane(&mut v);
        assert_eq!(keys(&v), [4, 3, 2, 1]);
    }

    proptest! {
        /// Every card shows once; a pinned card sits at its place or later
        /// (when others claim places at or before it), earlier only when the
        /// lane runs out of free cards to fill the places before it (then
        /// only pinned cards follow); the free cards keep their score order.
        #[test]
        fn pins_are_honoured_and_nothing_is_lost(
            spec in proptest::collection::vec((proptest::option::of(0u8..5), proptest::option::of(1u32..8)), 0..12)
        ) {
            let cards: Vec<Card> = spec.iter().enumerate()
                .map(|(i, (s, p))| card(i as i64 + 1, s.map(f64::from), *p))
                .collect();
            let mut v = cards.clone();
            order_lane(&mut v);
            let mut got = keys(&v);
            got.sort_unstable();
            prop_assert_eq!(got, (1..=cards.len() as i64).collect::<Vec<_>>());
            for (i, c) in v.iter().enumerate() {
                if let Some(p) = c.pinned {
                    let early = i + 1 < p as usize;
                    prop_assert!(!early || v[i..].iter().all(|c| c.pinned.is_some()), "{} at {} pinned {}", c.key, i + 1, p);
                }
            }
            let free: Vec<&Card> = v.iter().filter(|c| c.pinned.is_none()).collect();
            prop_assert!(free.windows(2).all(|w| by_score(w[0], w[1]) != Ordering::Greater));
        }
    }
}
