//! The demo backlog, embedded in the binary.

use crate::domain::Kind;
use crate::store::{Result, Store, StoreError};
use crate::transfer::document;

/// The demo backlog document.
pub const DEMO: &str = include_str!("../../assets/demo.json");

/// Loads the demo backlog; refuses a non-empty file unless `force`, which
/// replaces its contents. Returns the counts of initiatives, epics and
/// stories loaded.
pub fn load_demo(store: &mut Store, force: bool) -> Result<[usize; 3]> {
    let items = document::parse(DEMO, store.now())?;
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
        tx.insert_all(&items)
    })?;
    let count = |k| items.iter().filter(|i| i.kind() == k).count();
    Ok([
        count(Kind::Initiative),
        count(Kind::Epic),
        count(Kind::Story),
    ])
}
