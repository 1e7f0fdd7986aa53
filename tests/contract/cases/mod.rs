//! Every promise of the store, one function each, over a [`Target`].

mod files;
mod history;
mod history_property;
mod items;
mod keys;
mod planning;
mod snapshots;

pub use files::*;
pub use history::*;
pub use history_property::*;
pub use items::*;
pub use keys::*;
pub use planning::*;
pub use snapshots::*;

use backlog::domain::{
    AcceptanceCriterion, Decision, Item, Key, Kind, Lane, Metric, RiceInputs, Status, WsjfInputs,
};
use backlog::store::Store;
use chrono::NaiveDate;

use super::{Target, now};

pub fn key(s: &str) -> Key {
    s.parse().unwrap()
}

/// An initiative, an epic under it and a story under that, every field
/// of each set to something other than its default.
pub fn full_items() -> Vec<Item> {
    let t = now();
    let mut i = Item::blank(key("I-1"), None, t);
    i.title = "Grow self-serve revenue".into();
    i.description = "Line one\nline “two”, with unicode ✓".into();
    i.status = Status::InProgress;
    i.lane = Some(Lane::Now);
    i.owner = Some("ana".into());
    i.labels = vec!["growth".into(), "q3".into()];
    i.rank = 3;
    i.pinned = Some(2);
    i.outcome = Some("More teams pay without a call".into());
    i.hypothesis = Some("If signup is easier, more convert".into());
    i.metrics = vec![Metric {
        name: "conversion".into(),
        baseline: "2%".into(),
        target: "4%".into(),
        checkins: Vec::new(),
    }];
    i.decisions = vec![Decision {
        date: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
        decision: "Start with teams of five".into(),
        rationale: "They convert best".into(),
    }];
    let mut e = Item::blank(key("E-1"), Some(i.key), t);
    e.title = "Self-serve checkout".into();
    e.status = Status::Ready;
    e.lane = Some(Lane::Next);
    e.rank = 7;
    e.pinned = Some(1);
    e.external_key = Some("PAY-12".into());
    e.source = Some("jira".into());
    e.archived = true;
    e.rice = RiceInputs {
        reach: Some(1200.0),
        impact: Some(2.0),
        confidence: Some(80.0),
        effort: Some(3.5),
    };
    e.wsjf = WsjfInputs {
        value: Some(8.0),
        time_criticality: Some(5.0),
        risk_reduction: Some(3.0),
        job_size: Some(13.0),
    };
    let mut s = Item::blank(key("S-1"), Some(e.key), t);
    s.title = "Pay by card".into();
    s.status = Status::Done;
    s.persona = Some("team admin".into());
    s.goal = Some("pay by card".into());
    s.benefit = Some("I can start today".into());
    s.points = Some(2.5);
    s.criteria = vec![
        AcceptanceCriterion {
            text: "Given a card, when I pay, then I am charged".into(),
            done: true,
        },
        AcceptanceCriterion {
            text: "A declined card says why".into(),
            done: false,
        },
    ];
    s.rice = e.rice;
    s.wsjf = e.wsjf;
    s.depends_on = vec![i.key];
    s.decisions = vec![Decision {
        date: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        decision: "No PayPal yet".into(),
        rationale: String::new(),
    }];
    vec![i, e, s]
}

/// A backlog holding [`full_items`], inserted one by one in one write.
pub fn seeded(target: &dyn Target) -> Store {
    let mut store = target.open();
    store
        .write("seed", |tx| {
            for item in full_items() {
                tx.insert(&item)?;
            }
            Ok(())
        })
        .unwrap();
    store
}

/// Retitles `key` through `store`, as one change.
pub fn retitle(store: &mut Store, k: &str, title: &str) {
    store
        .write(&format!("retitle {k}"), |tx| {
            tx.modify(key(k), |i| {
                i.title = title.into();
                Ok(())
            })
        })
        .unwrap();
}

/// A new story under `parent` with a fresh key.
pub fn add_story(store: &mut Store, parent: &str, title: &str) -> Key {
    store
        .write(&format!("add {title}"), |tx| {
            let k = tx.next_key(Kind::Story)?;
            let mut s = Item::new(k, title, Some(key(parent)), tx.now())?;
            s.rank = tx.next_rank(Some(key(parent)))?;
            tx.insert(&s)?;
            Ok(k)
        })
        .unwrap()
}

/// Equal but for version and timestamps.
pub fn same_content(a: &Item, b: &Item) -> bool {
    let mut b = b.clone();
    b.version = a.version;
    b.created = a.created;
    b.updated = a.updated;
    *a == b
}
