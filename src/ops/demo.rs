//! The demo backlog, embedded in the binary.

use chrono::{DateTime, Duration, Utc};

use crate::domain::{Item, Key, Kind, Status};
use crate::store::{Result, Store, StoreError};
use crate::transfer::document;

/// The demo backlog document.
pub const DEMO: &str = include_str!("../../assets/demo.json");

/// Stories the demo's team finished in each of its last weeks, oldest
/// first: the history forecasts and capacity are measured from.
const FINISHED_PER_WEEK: [usize; 6] = [2, 3, 2, 3, 2, 3];

/// What the demo loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoCounts {
    /// Initiatives, epics and stories.
    pub kinds: [usize; 3],
    /// Customer insights (`src/ops/demo_insights.rs`).
    pub insights: usize,
}

/// Loads the demo backlog; refuses a non-empty file unless `force`, which
/// replaces its contents. Returns the counts of what it loaded.
///
/// The demo comes with a history: it was loaded six weeks ago with its
/// finished stories still in progress, and each of them was finished in
/// one of the weeks since ([`FINISHED_PER_WEEK`]), so that throughput,
/// forecasts and capacity show real figures. All of it is written in one
/// transaction; each finished story is a change of its own, and so is
/// each customer insight said after the history began.
pub fn load_demo(store: &mut Store, force: bool) -> Result<DemoCounts> {
    let now = store.now();
    let items = document::parse(DEMO, now)?;
    let start = now - Duration::weeks(FINISHED_PER_WEEK.len() as i64);
    let finished = finishing_times(&items, start);
    let (early, later): (Vec<Item>, Vec<Item>) = super::demo_insights::insights(now, start)?
        .into_iter()
        .partition(|i| i.created <= start);
    let insights = early.len() + later.len();
    let loaded: Vec<Item> = items
        .iter()
        .map(|i| {
            let mut i = i.clone();
            // Created when the history begins; last changed now, except
            // the stories finished since (their change sets that).
            i.created = start;
            if finished.iter().any(|f| f.key == i.key) {
                i.status = Status::InProgress;
            }
            i
        })
        .chain(early)
        .collect();
    if items.is_empty() {
        return Err(StoreError::Refused("the demo backlog is empty".into()));
    }
    let path = store.path().display().to_string();
    store.write("load the demo backlog", |tx| {
        if !tx.is_empty()? {
            if !force {
                let n = tx.load()?.len();
                return Err(StoreError::Refused(format!(
                    "{path} already holds {n} items: use `backlog demo --force` to replace them"
                )));
            }
            tx.wipe()?;
        }
        tx.start_change("load the demo backlog", start)?;
        tx.insert_all(&loaded)?;
        let mut later = later.iter().peekable();
        for f in &finished {
            while let Some(i) = later.next_if(|i| i.created < f.at) {
                super::demo_insights::record(tx, i)?;
            }
            tx.start_change(&format!("edit {}: status", f.key), f.at)?;
            tx.modify(f.key, |i| {
                i.status = Status::Done;
                Ok(())
            })?;
        }
        later.try_for_each(|i| super::demo_insights::record(tx, i))?;
        Ok(())
    })?;
    let count = |k| items.iter().filter(|i| i.kind() == k).count();
    Ok(DemoCounts {
        kinds: [
            count(Kind::Initiative),
            count(Kind::Epic),
            count(Kind::Story),
        ],
        insights,
    })
}

/// A demo story and when it was finished.
struct Finished {
    key: Key,
    at: DateTime<Utc>,
}

/// The demo's done stories in key order, spread over the weeks after
/// `start` as [`FINISHED_PER_WEEK`] says, on working hours of successive
/// days; stories beyond the weeks' counts finish in the last week.
fn finishing_times(items: &[Item], start: DateTime<Utc>) -> Vec<Finished> {
    let mut done: Vec<Key> = items
        .iter()
        .filter(|i| i.kind() == Kind::Story && i.status == Status::Done)
        .map(|i| i.key)
        .collect();
    done.sort();
    let last = FINISHED_PER_WEEK.len() - 1;
    let mut week_of = FINISHED_PER_WEEK
        .iter()
        .enumerate()
        .flat_map(|(w, &n)| std::iter::repeat_n(w, n));
    let mut out: Vec<Finished> = Vec::new();
    for key in done {
        let week = week_of.next().unwrap_or(last);
        let nth = out
            .iter()
            .filter(|f| (f.at - start).num_weeks() as usize == week)
            .count() as i64;
        out.push(Finished {
            key,
            at: start + Duration::weeks(week as i64) + Duration::days(1 + nth) + Duration::hours(9),
        });
    }
    out
}
