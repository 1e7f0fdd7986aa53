use chrono::{DateTime, Utc};

use super::roadmap::RoadmapV1;
use super::snapshot::SnapshotV1;
use crate::domain::Backlog;
use crate::domain::roadmap::{Level, Roadmap};
use crate::domain::scoring::Model;
use crate::domain::snapshot::Snapshot;
use crate::transfer::document;

const DEMO: &str = include_str!("../../../assets/demo.json");

fn demo() -> Backlog {
    Backlog::new(document::parse(DEMO, DateTime::<Utc>::UNIX_EPOCH).unwrap())
}

#[test]
fn roadmaps_and_snapshots_convert_without_loss() {
    let backlog = demo();
    let at = DateTime::<Utc>::UNIX_EPOCH;
    for level in Level::ALL {
        for model in [Model::Rice, Model::Wsjf] {
            let r = Roadmap::build(&backlog, model, level, at);
            assert!(!r.lanes.iter().all(|c| c.cards.is_empty()));
            assert_eq!(Roadmap::from(RoadmapV1::from(&r)), r, "{level:?} {model:?}");
        }
    }
    let s = Snapshot::take(Some("Baseline"), &backlog, at).unwrap();
    let text = serde_json::to_string(&SnapshotV1::from(&s)).unwrap();
    let back: SnapshotV1 = serde_json::from_str(&text).unwrap();
    assert_eq!(Snapshot::from(back), s);
}
