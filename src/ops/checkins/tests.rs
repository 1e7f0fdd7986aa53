//! Check-ins on a real file: recorded in date order, refused without a
//! change, undone and redone, kept in the history and the export.

use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::domain::Kind;
use crate::ops::create::{NewItem, Place, create};
use crate::ops::criteria::{NewMetric, add_metric};
use crate::ops::undo::{Direction, take};
use crate::store::OpenMode;

fn store(dir: &tempfile::TempDir) -> Store {
    let mut s = Store::open(&dir.path().join("b.db"), OpenMode::Create).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
    s.set_clock(Box::new(move || now));
    s
}

fn key(s: &str) -> Key {
    s.parse().unwrap()
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn checkin(metric: usize, value: &str, date: NaiveDate) -> NewCheckIn {
    NewCheckIn {
        metric,
        value: value.into(),
        date,
        note: String::new(),
    }
}

/// I-1 with metrics "Calls" (46 → 20) and "Mood" (no numbers), and E-1.
fn initiative(s: &mut Store) {
    let i = create(
        s,
        Place::new(Kind::Initiative, None).unwrap(),
        NewItem::titled("Grow"),
    )
    .unwrap();
    for (name, baseline, target) in [("Calls", "46", "20"), ("Mood", "", "happy")] {
        let m = NewMetric {
            name: name.into(),
            baseline: baseline.into(),
            target: target.into(),
        };
        add_metric(s, i.value.key, m).unwrap();
    }
    create(
        s,
        Place::new(Kind::Epic, Some(i.value.key)).unwrap(),
        NewItem::titled("E"),
    )
    .unwrap();
}

#[test]
fn check_ins_are_kept_in_date_order_with_their_notes() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    initiative(&mut s);
    record_checkin(&mut s, key("I-1"), checkin(1, "40", day(10))).unwrap();
    let mut late = checkin(1, "33", day(20));
    late.note = "  after the   rollout ".into();
    let done = record_checkin(&mut s, key("I-1"), late).unwrap();
    assert_eq!(done.summary, "check in metric 1 of I-1");
    record_checkin(&mut s, key("I-1"), checkin(1, "44", day(1))).unwrap();
    record_checkin(&mut s, key("I-1"), checkin(2, "calmer", day(2))).unwrap();
    let h = metric_history(&s, key("I-1"), 1).unwrap();
    let values: Vec<(&str, &str)> = h
        .metric
        .checkins
        .iter()
        .map(|c| (c.value.as_str(), c.note.as_str()))
        .collect();
    assert_eq!(
        values,
        [("44", ""), ("40", ""), ("33", "after the rollout")]
    );
    assert_eq!(
        metric_history(&s, key("I-1"), 2)
            .unwrap()
            .metric
            .checkins
            .len(),
        1
    );
}

#[test]
fn refusals_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    initiative(&mut s);
    let before = s.load().unwrap().items().to_vec();
    let cases = [
        ("I-9", checkin(1, "40", day(1)), "I-9"),
        (
            "E-1",
            checkin(1, "40", day(1)),
            "success metrics applies to initiatives only",
        ),
        ("I-1", checkin(3, "40", day(1)), "a number from 1 to 2"),
        ("I-1", checkin(0, "40", day(1)), "a number from 1 to 2"),
        ("I-1", checkin(1, "better", day(1)), "a number"),
        ("I-1", checkin(1, "  ", day(1)), "check-in value"),
    ];
    for (k, c, expected) in cases {
        let e = record_checkin(&mut s, key(k), c).unwrap_err().to_string();
        assert!(e.contains(expected), "{k}: {e}");
        assert!(!e.contains('\n'), "one line: {e}");
    }
    assert_eq!(s.load().unwrap().items(), &before[..]);
    assert!(metric_history(&s, key("E-1"), 1).is_err());
    assert!(metric_history(&s, key("I-1"), 3).is_err());
}

#[test]
fn an_initiative_without_metrics_says_how_to_add_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    create(
        &mut s,
        Place::new(Kind::Initiative, None).unwrap(),
        NewItem::titled("G"),
    )
    .unwrap();
    let e = record_checkin(&mut s, key("I-1"), checkin(1, "1", day(1))).unwrap_err();
    assert!(e.to_string().contains("backlog metric add I-1"), "{e}");
}

#[test]
fn undo_and_redo_take_a_check_in_back_and_forth_and_history_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    initiative(&mut s);
    let done = record_checkin(&mut s, key("I-1"), checkin(1, "33", day(5))).unwrap();
    let id = done.change.unwrap();
    let count = |s: &Store| s.get(key("I-1")).unwrap().metrics[0].checkins.len();
    assert_eq!(count(&s), 1);
    take(&mut s, id, Direction::Undo).unwrap();
    assert_eq!(count(&s), 0);
    take(&mut s, id, Direction::Redo).unwrap();
    assert_eq!(count(&s), 1);
    let history = s.history(key("I-1")).unwrap();
    let entry = history
        .iter()
        .find(|e| e.change.summary == "check in metric 1 of I-1")
        .unwrap();
    let after = entry.after.as_ref().unwrap();
    assert_eq!(after.metrics[0].checkins[0].value, "33");
    assert!(
        entry.before.as_ref().unwrap().metrics[0]
            .checkins
            .is_empty()
    );
}

#[test]
fn the_export_round_trip_keeps_check_ins_byte_for_byte() {
    use crate::domain::Backlog;
    use crate::transfer::document::parse;
    use crate::transfer::export::to_json;
    use crate::transfer::import_plan::NextKeys;
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    initiative(&mut s);
    let mut c = checkin(1, "33", day(5));
    c.note = "after launch".into();
    record_checkin(&mut s, key("I-1"), c).unwrap();
    let text = to_json(
        &s.load().unwrap(),
        NextKeys::default(),
        Vec::new(),
        &Default::default(),
    );
    assert!(text.contains("\"checkins\""), "{text}");
    let items = parse(&text, s.now()).unwrap();
    assert_eq!(items[0].metrics[0].checkins[0].note, "after launch");
    let again = to_json(
        &Backlog::new(items),
        NextKeys::default(),
        Vec::new(),
        &Default::default(),
    );
    assert_eq!(again, text);
}
