//! The demo backlog, embedded in the binary.

use chrono::Duration;

use super::demo_history::{FINISHED_PER_WEEK, replay, rewind};

use crate::domain::{Item, Kind};
use crate::store::{Result, Store, StoreError};
use crate::transfer::document;

/// The demo backlog document.
pub const DEMO: &str = include_str!("../../assets/demo.json");

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
/// The demo comes with a history (`demo_history`): it was loaded six
/// weeks ago, and what happened since (stories finished week by week,
/// insights, check-ins and decisions on their dates, a roadmap snapshot
/// and two lane moves after it) is replayed as changes of their own, so
/// that throughput, forecasts, capacity, the history and `report --since`
/// show real figures. All of it is written in one transaction.
pub fn load_demo(store: &mut Store, force: bool) -> Result<DemoCounts> {
    let now = store.now();
    let mut items = document::parse(DEMO, now)?;
    if items.is_empty() {
        return Err(StoreError::Refused("the demo backlog is empty".into()));
    }
    let start = now - Duration::weeks(FINISHED_PER_WEEK.len() as i64);
    let count = |k| items.iter().filter(|i: &&Item| i.kind() == k).count();
    let kinds = [
        count(Kind::Initiative),
        count(Kind::Epic),
        count(Kind::Story),
    ];
    let (early, later): (Vec<Item>, Vec<Item>) = super::demo_insights::insights(now, start)?
        .into_iter()
        .partition(|i| i.created <= start);
    let insights = early.len() + later.len();
    let events = rewind(&mut items, later, now, start)?;
    items.extend(early);
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
        tx.insert_all(&items)?;
        replay(tx, &events)
    })?;
    Ok(DemoCounts { kinds, insights })
}
