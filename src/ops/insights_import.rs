//! `backlog insight import`: the insights read from a feedback tool's CSV
//! export added in one change (all or nothing), each not already there:
//! an insight with the same URL, or the same text, customer and date, is
//! not added twice (whether it came from an earlier import or this file).

use std::collections::HashSet;

use super::{Done, Named, write_named};
use crate::domain::insight::new_insight;
use crate::domain::text::count_of;
use crate::domain::{Item, Key, Kind};
use crate::store::{Result, Store};
use crate::transfer::insights_csv::PlannedInsight;

/// What an import added, and how many rows were already there.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Imported {
    pub added: Vec<Key>,
    pub duplicates: usize,
}

/// What makes two insights the same: their URL, or their text, customer
/// and date (case and spaces ignored).
#[derive(Default)]
struct Seen {
    urls: HashSet<String>,
    quotes: HashSet<(String, String, Option<chrono::NaiveDate>)>,
}

impl Seen {
    fn of(item: &Item) -> (Option<String>, (String, String, Option<chrono::NaiveDate>)) {
        let info = item.insight.clone().unwrap_or_default();
        let fold = |s: &str| {
            s.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        (
            info.url.as_deref().map(fold),
            (
                fold(&item.title),
                fold(info.customer.as_deref().unwrap_or("")),
                info.date,
            ),
        )
    }

    /// Whether `item` was seen; remembers it either way.
    fn check(&mut self, item: &Item) -> bool {
        let (url, quote) = Seen::of(item);
        let by_url = url.as_ref().is_some_and(|u| self.urls.contains(u));
        let by_quote = self.quotes.contains(&quote);
        if let Some(u) = url {
            self.urls.insert(u);
        }
        self.quotes.insert(quote);
        by_url || by_quote
    }
}

/// Adds the planned insights not already in the backlog, in file order,
/// as one change recorded as `import N insights from FILE`.
pub fn import(store: &mut Store, file: &str, planned: &[PlannedInsight]) -> Result<Done<Imported>> {
    let now = store.now();
    write_named(store, &format!("import insights from {file}"), |tx| {
        let backlog = tx.load()?;
        let mut seen = Seen::default();
        for i in backlog.insights() {
            seen.check(i);
        }
        let mut out = Imported::default();
        for p in planned {
            // The key is taken only for an insight that is added.
            let probe = {
                let mut i = new_insight(Key::new(Kind::Insight, 1), &p.title, p.info.clone(), now)?;
                i.description = p.description.clone();
                i
            };
            if seen.check(&probe) {
                out.duplicates += 1;
                continue;
            }
            let key = tx.next_key(Kind::Insight)?;
            let mut item = probe;
            item.key = key;
            item.labels = p.labels.clone();
            tx.insert(&item)?;
            out.added.push(key);
        }
        let summary = format!(
            "import {} from {file}",
            count_of(out.added.len(), Kind::Insight)
        );
        Ok(Named {
            value: out,
            summary,
        })
    })
}
