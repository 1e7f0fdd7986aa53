//! The use cases on a real file in a temporary directory.

use chrono::{TimeZone, Utc};

use super::archive::{Reach, archive, reach, restore};
use super::create::{NewItem, Place, create};
use super::criteria::{CriterionChange, change_criteria};
use super::demo::load_demo;
use super::deps::{add_dependency, remove_dependency};
use super::edit::{FieldEdits, edit};
use super::undo::{Direction, take};
use crate::domain::{DomainError, Key, Kind, Lane, Status};
use crate::store::{OpenMode, Store, StoreError};

fn store(dir: &tempfile::TempDir) -> Store {
    let mut s = Store::open(&dir.path().join("b.db"), OpenMode::Create).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
    s.set_clock(Box::new(move || now));
    s
}

fn key(s: &str) -> Key {
    s.parse().unwrap()
}

/// I-1 > E-1 > S-1, S-2.
fn small(s: &mut Store) {
    let i = create(
        s,
        Place::new(Kind::Initiative, None).unwrap(),
        NewItem::titled("Grow"),
    )
    .unwrap();
    assert_eq!(i.summary, "add I-1");
    let e = create(
        s,
        Place::new(Kind::Epic, Some(i.value.key)).unwrap(),
        NewItem::titled("Billing"),
    )
    .unwrap();
    assert_eq!(e.summary, "add E-1 under I-1");
    for t in ["Pay", "Refund"] {
        create(
            s,
            Place::new(Kind::Story, Some(e.value.key)).unwrap(),
            NewItem::titled(t),
        )
        .unwrap();
    }
}

#[test]
fn a_place_must_fit_the_hierarchy() {
    let e = Place::new(Kind::Story, Some(key("I-1"))).unwrap_err();
    assert_eq!(e.to_string(), "I-1 is an initiative, not an epic");
    let e = Place::new(Kind::Epic, None).unwrap_err();
    assert_eq!(e.to_string(), "An epic needs a parent initiative");
    assert!(Place::new(Kind::Initiative, Some(key("I-2"))).is_err());
    assert!(Place::new(Kind::Story, Some(key("E-4"))).is_ok());
}

#[test]
fn create_allocates_key_and_rank_and_records_one_change() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    small(&mut s);
    let new = NewItem {
        points: Some(3.0),
        lane: None,
        criteria: vec!["Given a card, when paying, then paid".into()],
        persona: Some("  ".into()),
        ..NewItem::titled("  Split  ")
    };
    let done = create(
        &mut s,
        Place::new(Kind::Story, Some(key("E-1"))).unwrap(),
        new,
    )
    .unwrap();
    assert_eq!(done.value.key, key("S-3"));
    assert_eq!(done.value.title, "Split");
    assert_eq!(done.value.persona, None);
    assert_eq!(done.value.points, Some(3.0));
    assert_eq!(done.value.criteria.len(), 1);
    let siblings: Vec<i64> = ["S-1", "S-2", "S-3"]
        .map(|k| s.get(key(k)).unwrap().rank)
        .to_vec();
    assert!(
        siblings.is_sorted() && siblings[1] < siblings[2],
        "{siblings:?}"
    );
    assert_eq!(done.summary, "add S-3 under E-1");
    let change = done.change.expect("a change is recorded");
    assert_eq!(
        take(&mut s, change, Direction::Undo).unwrap().as_deref(),
        Some("add S-3 under E-1")
    );
    assert!(matches!(s.get(key("S-3")), Err(StoreError::NoSuchItem(_))));
    // A missing parent: nothing written.
    let e = create(
        &mut s,
        Place::new(Kind::Story, Some(key("E-9"))).unwrap(),
        NewItem::titled("x"),
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "no item E-9");
}

#[test]
fn reach_counts_what_an_archive_takes_and_what_it_hides() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    small(&mut s);
    let b = s.load().unwrap();
    assert_eq!(
        reach(&b, key("I-1")),
        Reach {
            below: 3,
            hidden: 3
        }
    );
    assert_eq!(
        reach(&b, key("S-1")),
        Reach {
            below: 0,
            hidden: 0
        }
    );
    archive(&mut s, key("S-1")).unwrap();
    let b = s.load().unwrap();
    // S-1 is hidden already: still below E-1, no longer hidden by it.
    assert_eq!(
        reach(&b, key("E-1")),
        Reach {
            below: 2,
            hidden: 1
        }
    );
    assert_eq!(
        reach(&b, key("I-1")),
        Reach {
            below: 3,
            hidden: 2
        }
    );
    let done = archive(&mut s, key("E-1")).unwrap();
    assert_eq!(
        done.value,
        Reach {
            below: 2,
            hidden: 1
        }
    );
    assert_eq!(done.summary, "archive E-1");
    // Under an archived epic nothing more is hidden by its initiative.
    let b = s.load().unwrap();
    assert_eq!(
        reach(&b, key("I-1")),
        Reach {
            below: 3,
            hidden: 0
        }
    );
    let again = archive(&mut s, key("E-1")).unwrap_err();
    assert_eq!(again.to_string(), "E-1 is already archived");
    restore(&mut s, key("E-1")).unwrap();
    let e = restore(&mut s, key("E-1")).unwrap_err();
    assert_eq!(e.to_string(), "E-1 is not archived");
}

#[test]
fn edit_names_what_changed_and_checks_readiness_last() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    small(&mut s);
    let edits = FieldEdits {
        title: Some("Pay by card".into()),
        points: Some(Some(5.0)),
        add_labels: vec!["billing".into(), " billing ".into()],
        ..FieldEdits::default()
    };
    assert!(!edits.is_empty());
    assert!(FieldEdits::default().is_empty());
    let done = edit(&mut s, key("S-1"), edits).unwrap();
    assert_eq!(done.summary, "edit S-1: title, points, labels");
    assert_eq!(done.value.labels, ["billing"]);
    let ready = FieldEdits {
        status: Some(Status::Ready),
        ..FieldEdits::default()
    };
    match edit(&mut s, key("S-1"), ready.clone()) {
        Err(StoreError::Domain(DomainError::NotReady { key, .. })) => assert_eq!(key, "S-1"),
        other => panic!("{other:?}"),
    }
    let forced = FieldEdits {
        force: true,
        ..ready
    };
    assert_eq!(
        edit(&mut s, key("S-1"), forced).unwrap().value.status,
        Status::Ready
    );
    // A lane on a story, a move under an initiative: refused, nothing written.
    let version = s.get(key("S-1")).unwrap().version;
    let lane = FieldEdits {
        lane: Some(Some(Lane::Now)),
        ..FieldEdits::default()
    };
    assert!(edit(&mut s, key("S-1"), lane).is_err());
    let moved = FieldEdits {
        parent: Some(key("I-1")),
        ..FieldEdits::default()
    };
    assert_eq!(
        edit(&mut s, key("S-1"), moved).unwrap_err().to_string(),
        "S-1 can only move under an epic, and I-1 is an initiative"
    );
    let stale = FieldEdits {
        title: Some("x".into()),
        if_version: Some(version - 1),
        ..FieldEdits::default()
    };
    assert!(matches!(
        edit(&mut s, key("S-1"), stale),
        Err(StoreError::Stale { .. })
    ));
    assert_eq!(s.get(key("S-1")).unwrap().version, version);
}

#[test]
fn criteria_and_dependencies_are_recorded_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    small(&mut s);
    let add = CriterionChange::Add("Given a, when b, then c".into());
    let done = change_criteria(&mut s, key("S-1"), add).unwrap();
    assert_eq!(done.summary, "add a criterion to S-1");
    let done = change_criteria(&mut s, key("S-1"), CriterionChange::Check(1)).unwrap();
    assert_eq!(done.value.criteria_done(), 1);
    let e = change_criteria(&mut s, key("E-1"), CriterionChange::Check(1)).unwrap_err();
    assert!(
        e.to_string()
            .contains("acceptance criteria applies to stories only"),
        "{e}"
    );

    let done = add_dependency(&mut s, key("S-2"), key("S-1")).unwrap();
    assert_eq!(done.summary, "S-2 depends on S-1");
    let e = add_dependency(&mut s, key("S-2"), key("S-1")).unwrap_err();
    assert_eq!(e.to_string(), "S-2 already depends on S-1");
    remove_dependency(&mut s, key("S-2"), key("S-1")).unwrap();
    let e = remove_dependency(&mut s, key("S-2"), key("S-1")).unwrap_err();
    assert_eq!(e.to_string(), "S-2 does not depend on S-1");
}

#[test]
fn the_demo_loads_once_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    let counts = load_demo(&mut s, false).unwrap();
    let loaded = s.load().unwrap();
    assert_eq!(counts.kinds.iter().sum::<usize>(), loaded.len());
    assert!(counts.kinds.iter().all(|n| *n > 0), "{counts:?}");
    assert_eq!(counts.insights, loaded.insights().len());
    assert_eq!(counts.insights, 33);
    let e = load_demo(&mut s, false).unwrap_err();
    assert!(e.to_string().contains("use `backlog demo --force`"), "{e}");
    assert_eq!(load_demo(&mut s, true).unwrap(), counts);
}

#[test]
fn import_meets_the_backlog_and_export_counts_what_it_wrote() {
    use super::export::export_document;
    use super::import::{ImportOptions, Input, import, preview};
    use crate::transfer::{import_json, import_stories};

    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    load_demo(&mut s, false).unwrap();
    let exported = export_document(&s).unwrap();
    assert_eq!(exported.counts, [5, 13, 64]);
    assert_eq!(exported.insights, 33);
    assert_eq!(
        exported.counts_phrase(),
        "5 initiatives, 13 epics, 64 stories, 33 customer insights"
    );

    // A document into a file that is not empty: refused unless merged.
    let now = s.now();
    let parsed = || import_json::parse("demo.json", &exported.text, now).unwrap();
    let options = ImportOptions {
        merge: false,
        label: "demo.json",
    };
    let db = s.path().to_path_buf();
    let e = preview(Some(&s), &db, Input::Document(parsed()), options)
        .err()
        .expect("refused");
    assert!(e.to_string().contains("use --merge"), "{e}");
    // Into no file at all: the keys are kept.
    let fresh = preview(None, &db, Input::Document(parsed()), options).unwrap();
    // 82 items of the hierarchy and the demo's 33 customer insights.
    assert_eq!(fresh.items().len(), 115);
    assert_eq!(s.load().unwrap().len(), 82, "a preview writes nothing");

    // Story lines under an existing epic, recorded as one change.
    let opts = import_stories::Options::for_file("s.txt", Some(key("E-1")));
    let plan = import_stories::plan(
        "s.txt",
        "As a dispatcher, I want alerts, so that I act fast\n",
        &opts,
        now,
    )
    .unwrap();
    let options = ImportOptions {
        merge: false,
        label: "s.txt",
    };
    let done = import(&mut s, Input::Plan(plan), options).unwrap();
    assert_eq!(done.summary, "import s.txt");
    assert_eq!(done.value.items().len(), 1);
    let new = &done.value.items()[0];
    assert_eq!(s.get(new.key).unwrap().parent, Some(key("E-1")));
    assert_eq!(export_document(&s).unwrap().counts, [5, 13, 65]);
}

#[test]
fn health_refuses_negative_staleness_and_snapshots_compare_with_today() {
    use super::health::{CheckinDays, StaleDays, check_health};
    use super::snapshots::{compare, take_snapshot};
    use crate::domain::Model;
    use crate::domain::roadmap::Level;

    let e = StaleDays::new(-1).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid --stale-days `-1`: expected a whole number of days ≥ 0"
    );
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    load_demo(&mut s, false).unwrap();
    let audited = check_health(&s, StaleDays::new(0).unwrap(), CheckinDays::default()).unwrap();
    assert_eq!(audited.health.stale_days, 0);
    assert_eq!(audited.backlog.len(), 82);

    take_snapshot(&mut s, Some("Before")).unwrap();
    let lane = FieldEdits {
        lane: Some(Some(Lane::Later)),
        ..FieldEdits::default()
    };
    edit(&mut s, key("E-1"), lane).unwrap();
    let c = compare(&s, "Before", None, Model::Rice, Level::Epic).unwrap();
    assert_eq!(c.old.name.as_deref(), Some("Before"));
    assert_eq!(c.new.name, None);
    assert_eq!(c.diff.moved.len(), 1, "{:?}", c.diff);
    assert_eq!(c.diff.moved[0].key, key("E-1"));
    let e = compare(&s, "Nope", None, Model::Rice, Level::Epic).unwrap_err();
    assert!(e.to_string().contains("Nope"), "{e}");
}
