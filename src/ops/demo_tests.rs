//! The demo's history: the snapshot, the moves after it, and dates that
//! move with the day it is loaded.

use chrono::{DateTime, Duration, TimeZone, Utc};

use super::demo::load_demo;
use super::report::{ReportStart, build_report};
use super::snapshots::{compare, list_snapshots};
use crate::domain::roadmap::Level;
use crate::domain::{Key, Lane, Model};
use crate::store::{OpenMode, Store};

fn demo_on(dir: &tempfile::TempDir, now: DateTime<Utc>) -> Store {
    let mut s = Store::open(&dir.path().join("b.db"), OpenMode::Create).unwrap();
    s.set_clock(Box::new(move || now));
    load_demo(&mut s, false).unwrap();
    s
}

fn reference_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap()
}

fn key(s: &str) -> Key {
    s.parse().unwrap()
}

#[test]
fn the_demo_has_last_months_snapshot_and_two_moves_since() {
    let dir = tempfile::tempdir().unwrap();
    let s = demo_on(&dir, reference_now());
    let snaps = list_snapshots(&s).unwrap();
    assert_eq!(snaps.len(), 1, "{snaps:?}");
    assert_eq!(snaps[0].name, "October");
    assert_eq!(
        snaps[0].taken,
        Utc.with_ymd_and_hms(2026, 10, 19, 16, 0, 0).unwrap()
    );

    let c = compare(&s, "October", None, Model::Rice, Level::Epic).unwrap();
    let moved: Vec<(Key, Option<Lane>, Option<Lane>)> =
        c.diff.moved.iter().map(|m| (m.key, m.from, m.to)).collect();
    assert_eq!(
        moved,
        [
            (key("E-11"), Some(Lane::Later), Some(Lane::Next)),
            (key("E-10"), Some(Lane::Next), Some(Lane::Later)),
        ]
    );
    assert!(
        c.diff.added.is_empty() && c.diff.dropped.is_empty(),
        "{:?}",
        c.diff
    );

    // Each move is a change of its own, after the decision that explains it.
    let history = s.history(key("E-11")).unwrap();
    let summaries: Vec<&str> = history.iter().map(|e| e.change.summary.as_str()).collect();
    assert_eq!(
        summaries,
        [
            "load the demo backlog",
            "decision on E-11",
            "edit E-11: lane"
        ]
    );
    assert!(history.windows(2).all(|w| w[0].change.at < w[1].change.at));
    assert!(history[2].change.at > snaps[0].taken);
}

#[test]
fn the_report_since_the_snapshot_names_what_shipped_moved_and_was_decided() {
    let dir = tempfile::tempdir().unwrap();
    let s = demo_on(&dir, reference_now());
    let r = build_report(&s, ReportStart::Snapshot("October".into())).unwrap();
    assert_eq!(r.since.snapshot.as_deref(), Some("October"));
    assert!(!r.shipped.is_empty());
    let changes = r.changes.expect("compared with the snapshot");
    let rows: Vec<(&str, Key)> = changes.rows.iter().map(|r| (r.change, r.key)).collect();
    assert_eq!(rows, [("moved", key("E-11")), ("moved", key("E-10"))]);
    assert!(
        r.decisions.iter().any(|d| d.key == key("E-11")),
        "{:?}",
        r.decisions
    );
    // Without --since (the last 30 days), the newest snapshot on or
    // before that day is the same one.
    let since = (reference_now() - Duration::days(30)).date_naive();
    let r = build_report(&s, ReportStart::Date(since)).unwrap();
    assert_eq!(r.since.snapshot.as_deref(), Some("October"));
}

#[test]
fn check_ins_and_decisions_move_with_the_day_the_demo_is_loaded() {
    let early = tempfile::tempdir().unwrap();
    let late = tempfile::tempdir().unwrap();
    let shift = Duration::days(113);
    let a = demo_on(&early, reference_now());
    let b = demo_on(&late, reference_now() + shift);
    let (a, b) = (a.load().unwrap(), b.load().unwrap());
    let mut compared = 0;
    for (x, y) in a.items().iter().zip(b.items()) {
        assert_eq!(x.key, y.key);
        for (mx, my) in x.metrics.iter().zip(&y.metrics) {
            for (cx, cy) in mx.checkins.iter().zip(&my.checkins) {
                assert_eq!(cy.date - cx.date, shift, "{} {}", x.key, mx.name);
                compared += 1;
            }
        }
        for (dx, dy) in x.decisions.iter().zip(&y.decisions) {
            assert_eq!(dy.date - dx.date, shift, "{}", x.key);
            compared += 1;
        }
        assert_eq!(y.updated - x.updated, shift, "{}", x.key);
    }
    assert!(compared > 20, "{compared}");
}

#[test]
fn forcing_the_demo_again_replaces_its_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = demo_on(&dir, reference_now());
    load_demo(&mut s, true).unwrap();
    let names: Vec<String> = list_snapshots(&s)
        .unwrap()
        .into_iter()
        .map(|i| i.name)
        .collect();
    assert_eq!(names, ["October"]);
}
