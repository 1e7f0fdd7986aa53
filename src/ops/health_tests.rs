//! The audit on the store's narrow health load equals the audit on the
//! full load.

use chrono::{TimeZone, Utc};

use super::*;
use crate::domain::health::audit;
use crate::ops::demo::load_demo;
use crate::ops::planning::for_backlog;
use crate::store::OpenMode;

fn both_audits_agree(s: &Store) {
    let (full, narrow) = (s.load().unwrap(), s.load_for_health().unwrap());
    assert_eq!(full.len(), narrow.len());
    for (days, checkin) in [(0, 0), (14, DEFAULT_CHECKIN_DAYS)] {
        let (a, b) = (
            audit(&full, s.now(), days, checkin),
            audit(&narrow, s.now(), days, checkin),
        );
        assert_eq!(a, b, "stale after {days} days");
    }
    let plan = |b: &Backlog| for_backlog(s, b, Model::Rice).unwrap().findings();
    assert_eq!(plan(&full), plan(&narrow));
    for item in full.items() {
        let n = narrow.get(item.key).expect("every item");
        assert_eq!(
            (&item.title, item.parent, &item.depends_on, item.pinned),
            (&n.title, n.parent, &n.depends_on, n.pinned)
        );
    }
}

#[test]
fn the_narrow_load_audits_the_demo_as_the_full_load() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("b.db"), OpenMode::Create).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
    s.set_clock(Box::new(move || now));
    load_demo(&mut s, false).unwrap();
    both_audits_agree(&s);
}

#[test]
fn the_narrow_load_audits_a_generated_backlog_as_the_full_load() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("b.db"), OpenMode::Create).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
    s.set_clock(Box::new(move || now));
    crate::generate::write(&mut s, crate::generate::Spec::new(2_000, 7), now, false).unwrap();
    both_audits_agree(&s);
}

#[test]
fn the_narrow_load_read_in_two_halves_audits_as_the_full_load() {
    // 4,550 rows: from 4,000 the stories are read in two halves, the
    // second on another connection at the same commit.
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("b.db"), OpenMode::Create).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
    s.set_clock(Box::new(move || now));
    crate::generate::write(&mut s, crate::generate::Spec::new(3_500, 7), now, false).unwrap();
    both_audits_agree(&s);
    let keys = |b: &Backlog| b.items().iter().map(|i| i.key).collect::<Vec<_>>();
    assert_eq!(
        keys(&s.load().unwrap()),
        keys(&s.load_for_health().unwrap())
    );
}
