//! `X` in the TUI writes the refinement session summary beside the other
//! exports and its message counts every kind of change the file lists,
//! the outcome work (evidence links, metric check-ins) included.

#[path = "tui_common/mod.rs"]
mod common;

use backlog::domain::Key;
use backlog::domain::checkin::NewCheckIn;
use chrono::{Duration, NaiveDate};
use common::{Harness, fixed_now};

fn key(s: &str) -> Key {
    s.parse().unwrap()
}

#[test]
fn x_writes_the_summary_and_counts_every_kind_of_change() {
    let mut h = Harness::demo();
    h.app.export_dir = h.dir.path().to_path_buf();
    // The session starts after the demo was loaded.
    let later = fixed_now() + Duration::hours(1);
    h.store.set_clock(Box::new(move || later));
    h.app.refine.since = Some(fixed_now() + Duration::minutes(30));
    backlog::ops::insights::link(&mut h.store, key("F-33"), &[key("E-2")]).unwrap();
    backlog::ops::checkins::record_checkin(
        &mut h.store,
        key("I-1"),
        NewCheckIn {
            metric: 1,
            value: "30".into(),
            date: NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
            note: String::new(),
        },
    )
    .unwrap();
    h.keys("X");
    let (msg, _) = h.app.message.clone().expect("a message");
    assert!(
        msg.ends_with(": 1 evidence link changed, 1 metric check-in"),
        "{msg}"
    );
    let file = std::fs::read_dir(h.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("refinement-"))
        })
        .expect("the summary is written into the export directory");
    assert!(
        msg.contains(&*file.file_name().unwrap().to_string_lossy()),
        "{msg}"
    );
    let md = std::fs::read_to_string(file).unwrap();
    assert!(md.contains("## Customer evidence (1)"), "{md}");
    assert!(md.contains("## Metric check-ins (1)"), "{md}");
}
