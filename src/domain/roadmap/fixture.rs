//! A small fixed backlog for roadmap tests and export golden files,
//! including hostile text: HTML, a spreadsheet formula, Markdown table
//! pipes and a terminal escape sequence.

use chrono::{DateTime, TimeZone, Utc};

use crate::domain::{
    AcceptanceCriterion, Backlog, Item, Key, Lane, Metric, RiceInputs, Status, WsjfInputs,
};

pub fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap()
}

pub fn key(s: &str) -> Key {
    s.parse().unwrap()
}

/// An item of the kind its key names, under `parent`.
pub fn item(k: &str, title: &str, parent: Option<&str>) -> Item {
    let mut i = Item::new(key(k), "x", parent.map(key), at()).unwrap();
    // Set directly: imported data may hold what the CLI would clean.
    i.title = title.to_string();
    i.version = 1;
    i
}

fn initiative(k: &str, title: &str, lane: Option<Lane>, rank: i64) -> Item {
    let mut i = item(k, title, None);
    i.lane = lane;
    i.rank = rank;
    i
}

fn epic(k: &str, title: &str, parent: &str, lane: Option<Lane>, rank: i64) -> Item {
    let mut i = item(k, title, Some(parent));
    i.lane = lane;
    i.rank = rank;
    i
}

fn story(k: &str, parent: &str, points: Option<f64>, status: Status, ac: &[bool]) -> Item {
    let mut i = item(k, &format!("Story {k}"), Some(parent));
    i.points = points;
    i.status = status;
    i.criteria = ac
        .iter()
        .enumerate()
        .map(|(n, &done)| AcceptanceCriterion {
            text: format!("criterion {}", n + 1),
            done,
        })
        .collect();
    i
}

/// The items of the fixture backlog.
pub fn items() -> Vec<Item> {
    let mut i1 = initiative(
        "I-1",
        "Dispatch without the phone calls",
        Some(Lane::Now),
        1,
    );
    i1.outcome = Some("Dispatchers stop phoning technicians".into());
    i1.metrics = vec![Metric {
        name: "Calls per dispatcher per day".into(),
        baseline: "46".into(),
        target: "20".into(),
        checkins: Vec::new(),
    }];
    i1.status = Status::InProgress;
    let mut i2 = initiative("I-2", "<script>alert(1)</script>", Some(Lane::Next), 2);
    i2.outcome = Some("a | b *bold* _x_ `code` [link](http://x) & <b>".into());
    i2.metrics = vec![Metric {
        name: "=HYPERLINK(\"x\")".into(),
        baseline: "-5".into(),
        target: "+10".into(),
        checkins: Vec::new(),
    }];
    let i3 = initiative("I-3", "Later things", Some(Lane::Later), 3);
    let i4 = initiative("I-4", "Someday", None, 4);

    let mut e1 = epic("E-1", "Live technician map", "I-1", None, 1);
    e1.rice = RiceInputs::new(450.0, 3.0, 100.0, 2.0);
    e1.wsjf = WsjfInputs::new(8.0, 5.0, 13.0, 5.0);
    e1.status = Status::InProgress;
    e1.owner = Some("Priya".into());
    let mut e2 = epic("E-2", "=HYPERLINK(\"x\")", "I-1", Some(Lane::Now), 2);
    e2.rice = RiceInputs::new(2000.0, 1.0, 80.0, 4.0);
    e2.depends_on = vec![key("E-4")];
    let mut e3 = epic("E-3", "a | b", "I-2", None, 1);
    e3.wsjf = WsjfInputs::new(13.0, 8.0, 5.0, 8.0);
    let mut e4 = epic("E-4", "Red \u{1b}[31malert\u{1b}[0m", "I-3", None, 1);
    e4.rice = RiceInputs::new(800.0, 2.0, 50.0, 1.0);
    let e5 = epic("E-5", "Unplanned work", "I-4", None, 1);
    let mut e6 = epic("E-6", "Dropped epic", "I-2", Some(Lane::Now), 3);
    e6.status = Status::Dropped;
    let mut e7 = epic("E-7", "Archived epic", "I-1", Some(Lane::Now), 3);
    e7.archived = true;
    let mut e8 = epic("E-8", "Offline job sheets", "I-2", Some(Lane::Next), 2);
    e8.rice = RiceInputs::new(400.0, 1.0, 100.0, 3.0);

    let s1 = story("S-1", "E-1", Some(5.0), Status::Done, &[true, true]);
    let s2 = story(
        "S-2",
        "E-1",
        Some(3.0),
        Status::InProgress,
        &[true, false, false],
    );
    let s3 = story("S-3", "E-1", None, Status::Draft, &[]);
    let mut s4 = story("S-4", "E-4", Some(8.0), Status::Draft, &[false]);
    s4.depends_on = vec![key("E-7")];
    let s5 = story("S-5", "E-1", Some(13.0), Status::Dropped, &[false]);

    vec![
        i1, i2, i3, i4, e1, e2, e3, e4, e5, e6, e7, e8, s1, s2, s3, s4, s5,
    ]
}

pub fn backlog() -> Backlog {
    Backlog::new(items())
}
