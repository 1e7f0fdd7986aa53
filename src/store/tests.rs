//! The partial loads against the full load.

use super::*;
use crate::domain::Model;
use crate::domain::roadmap::{Level, Roadmap};
use crate::generate::{Spec, write};
use chrono::TimeZone;

/// The partial loads give what their users read, as the full load does.
#[test]
fn partial_loads_agree_with_the_full_load() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("b.db"), OpenMode::Create).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 9, 1, 9, 30, 0).unwrap();
    write(&mut store, Spec::new(3000, 5), now, false).unwrap();
    // Dependencies across levels, which the generator does not make: a
    // story (archived, too) on an epic and on an initiative, an epic on
    // a story, an initiative on an epic.
    store
        .write("links", |tx| {
            let all = tx.load()?;
            let first = |k: Kind| all.items_of(k)[0].key;
            let (i1, e1, e2) = (
                first(Kind::Initiative),
                first(Kind::Epic),
                all.items_of(Kind::Epic)[7].key,
            );
            let stories = all.items_of(Kind::Story);
            let (s1, s2, s3) = (stories[10].key, stories[20].key, stories[30].key);
            tx.modify(s1, |i| {
                i.depends_on = vec![i1, e2];
                Ok(())
            })?;
            tx.modify(s2, |i| {
                i.depends_on = vec![e1];
                i.archived = true;
                Ok(())
            })?;
            // An archived epic and an archived initiative whose stories are
            // not archived themselves: hidden, and not counted.
            let epics = all.items_of(Kind::Epic);
            let initiatives = all.items_of(Kind::Initiative);
            for key in [epics[3].key, initiatives[1].key] {
                tx.modify(key, |i| {
                    i.archived = true;
                    Ok(())
                })?;
            }
            tx.modify(e1, |i| {
                i.depends_on = vec![s3];
                Ok(())
            })?;

            tx.modify(i1, |i| {
                i.depends_on = vec![e2];
                Ok(())
            })?;
            Ok(())
        })
        .unwrap();
    let full = store.load().unwrap();
    let roadmap = store.load_for_roadmap().unwrap();
    for level in Level::ALL {
        for model in [Model::Rice, Model::Wsjf] {
            assert_eq!(
                Roadmap::build(&roadmap, model, level, now),
                Roadmap::build(&full, model, level, now),
                "{level} {model}"
            );
        }
    }
    let outline = store.load_outline().unwrap();
    assert_eq!(outline.counts(), full.counts());
    for i in full.items().iter().filter(|i| i.kind() != Kind::Story) {
        assert_eq!(outline.get(i.key), Some(i));
        assert_eq!(outline.dependents(i.key), full.dependents(i.key));
        assert_eq!(
            outline.children(i.key).any(|c| !c.archived),
            full.children(i.key).any(|c| !c.archived),
            "{}",
            i.key
        );
    }
}
