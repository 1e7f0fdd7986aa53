//! The team's planning settings, and a transaction that records several
//! changes at their own times.

use backlog::domain::Status;
use backlog::domain::planning::PlanningSettings;
use chrono::Duration;

use super::{Target, key, now, seeded};

pub fn planning_settings_are_kept_and_shared(target: &dyn Target) {
    let mut store = seeded(target);
    assert_eq!(
        store.planning_settings().unwrap(),
        PlanningSettings::default()
    );
    let set = PlanningSettings::new(8, Some(21.5)).unwrap();
    store
        .write("settings", |tx| tx.set_planning_settings(&set))
        .unwrap();
    // Another handle sees them; a failed write leaves them as they were.
    let other = target.open();
    assert_eq!(other.planning_settings().unwrap(), set);
    let err = store.write("settings", |tx| {
        tx.set_planning_settings(&PlanningSettings::default())?;
        Err::<(), _>(backlog::store::StoreError::Refused("no".into()))
    });
    assert!(err.is_err());
    assert_eq!(other.planning_settings().unwrap(), set);
    // Back to the defaults: measured again.
    store
        .write("settings", |tx| {
            tx.set_planning_settings(&PlanningSettings::default())
        })
        .unwrap();
    assert_eq!(
        target.open().planning_settings().unwrap(),
        PlanningSettings::default()
    );
}

pub fn one_transaction_may_record_changes_at_their_own_times(target: &dyn Target) {
    let mut store = seeded(target);
    // Later than the seed, and each at its own time (not the clock's).
    let earlier = now() + Duration::days(1);
    store
        .write("ignored", |tx| {
            tx.start_change("S-1 reopened", earlier)?;
            tx.modify(key("S-1"), |i| {
                i.status = Status::InProgress;
                Ok(())
            })?;
            tx.start_change("S-1 done", earlier + Duration::days(2))?;
            tx.modify(key("S-1"), |i| {
                i.status = Status::Done;
                Ok(())
            })?;
            Ok(())
        })
        .unwrap();
    let history = store.history(key("S-1")).unwrap();
    let last: Vec<(String, chrono::DateTime<chrono::Utc>)> = history
        .iter()
        .rev()
        .take(2)
        .map(|h| (h.change.summary.clone(), h.change.at))
        .collect();
    assert_eq!(
        last,
        [
            ("S-1 done".to_string(), earlier + Duration::days(2)),
            ("S-1 reopened".to_string(), earlier),
        ]
    );
    let done = store.completions(earlier).unwrap();
    assert_eq!(done.len(), 1);
    assert_eq!(done[0].at, earlier + Duration::days(2));
    // Each is undone on its own, the last first.
    let first = store.undo().unwrap();
    assert!(format!("{first:?}").contains("S-1 done"), "{first:?}");
    assert_eq!(store.get(key("S-1")).unwrap().status, Status::InProgress);
}
