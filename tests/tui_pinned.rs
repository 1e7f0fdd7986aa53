//! The PM's word over the formula: on the Roadmap, `J` / `K` past a card
//! of another score pins the card to its new place (a mark on the card,
//! kept in the file), and `=` puts it back in score order.

#[path = "tui_common/mod.rs"]
mod common;

use backlog::domain::Key;
use backlog::domain::roadmap::{Level, Roadmap};
use backlog::domain::{Lane, Model};
use backlog::tui::app::Tab;
use common::{Harness, fixed_now};

fn key(s: &str) -> Key {
    s.parse().unwrap()
}

/// The Now lane's cards in the file, as a fresh process would order them.
fn now_lane(h: &Harness) -> Vec<String> {
    let r = Roadmap::build(&h.reopen(), Model::Rice, Level::Epic, fixed_now());
    r.cards_in(Some(Lane::Now))
        .iter()
        .map(|c| c.key.to_string())
        .collect()
}

#[test]
fn k_past_a_higher_score_pins_the_card_and_equals_unpins_it() {
    let mut h = Harness::demo();
    h.keys("3");
    assert_eq!(h.app.tab, Tab::Roadmap);
    assert_eq!(now_lane(&h), ["E-4", "E-5", "E-2", "E-1", "E-3"]);
    h.keys("jjjj");
    assert_eq!(h.app.selected_key(), Some(key("E-3")));

    // E-3 (RICE 360) up past E-1 (RICE 960): pinned at 4.
    h.keys("K");
    assert_eq!(now_lane(&h), ["E-4", "E-5", "E-2", "E-3", "E-1"]);
    assert_eq!(h.reopen().get(key("E-3")).unwrap().pinned, Some(4));
    assert_eq!(
        h.app.selected_key(),
        Some(key("E-3")),
        "the selection follows the card"
    );
    let screen = h.screen(120, 40);
    assert!(screen.contains("pin E-3 at 4 in Now"), "{screen}");
    assert!(screen.contains("RICE 360 📌4"), "{screen}");
    assert!(
        screen.contains("= unpin"),
        "the help line offers the way back: {screen}"
    );

    // On to the top; every card it passed stays in score order.
    h.keys("KKK");
    assert_eq!(now_lane(&h), ["E-3", "E-4", "E-5", "E-2", "E-1"]);
    assert_eq!(h.reopen().get(key("E-3")).unwrap().pinned, Some(1));

    // Undo takes one step back; `=` puts it back by its score.
    h.keys("u");
    assert_eq!(h.reopen().get(key("E-3")).unwrap().pinned, Some(2));
    h.keys("=");
    assert_eq!(now_lane(&h), ["E-4", "E-5", "E-2", "E-1", "E-3"]);
    assert_eq!(h.reopen().get(key("E-3")).unwrap().pinned, None);
    let screen = h.screen(120, 40);
    assert!(
        screen.contains("unpin E-3: back in score order"),
        "{screen}"
    );
    assert!(!screen.contains("📌"), "{screen}");
    assert!(!screen.contains("= unpin"), "{screen}");

    // `=` on a card that is not pinned says so and changes nothing.
    let before = h.reopen().get(key("E-3")).unwrap().version;
    h.keys("=");
    let screen = h.screen(120, 40);
    assert!(screen.contains("not pinned"), "{screen}");
    assert_eq!(h.reopen().get(key("E-3")).unwrap().version, before);
}

#[test]
fn equal_scores_still_swap_manual_ranks_without_a_pin() {
    let mut h = Harness::demo();
    h.keys("3");
    // E-4 and E-5 share RICE 2533.3: J swaps them by manual rank.
    h.keys("J");
    assert_eq!(now_lane(&h), ["E-5", "E-4", "E-2", "E-1", "E-3"]);
    let b = h.reopen();
    assert_eq!(b.get(key("E-4")).unwrap().pinned, None);
    assert_eq!(b.get(key("E-5")).unwrap().pinned, None);
}

#[test]
fn a_lane_move_drops_the_pin() {
    let mut h = Harness::demo();
    h.keys("3jjjjK");
    assert_eq!(h.reopen().get(key("E-3")).unwrap().pinned, Some(4));
    h.keys("L");
    let b = h.reopen();
    assert_eq!(b.get(key("E-3")).unwrap().lane, Some(Lane::Next));
    assert_eq!(b.get(key("E-3")).unwrap().pinned, None);
}
