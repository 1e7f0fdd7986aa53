//! The backlog's customer insights, kept apart from the hierarchy (no tree,
//! ranking, roadmap or count ever sees them), with the evidence behind
//! each item: the insights linked to it and the distinct customers behind
//! it, rolled up (an epic counts its stories' customers, an initiative its
//! epics').

use std::collections::BTreeSet;

use super::Backlog;
use crate::domain::insight::customer_of;
use crate::domain::item::Item;
use crate::domain::key::{Key, KeyMap};

/// The insights of a backlog (archived ones included), in key order, and
/// for each item the live insights linked to it.
#[derive(Debug, Clone, Default)]
pub struct Insights {
    items: Vec<Item>,
    index: KeyMap<usize>,
    /// Item key → keys of the live (not archived) insights linked to it,
    /// in key order.
    linked: KeyMap<Vec<Key>>,
}

impl Insights {
    pub(super) fn new(mut items: Vec<Item>) -> Insights {
        items.sort_by_key(|i| i.key);
        let index = items.iter().enumerate().map(|(n, i)| (i.key, n)).collect();
        let mut linked: KeyMap<Vec<Key>> = KeyMap::default();
        for i in items.iter().filter(|i| !i.archived) {
            for t in &i.depends_on {
                linked.entry(*t).or_default().push(i.key);
            }
        }
        for v in linked.values_mut() {
            v.sort();
            v.dedup();
        }
        Insights {
            items,
            index,
            linked,
        }
    }

    /// Puts `insight` in place of the one with its key (or adds it).
    pub(super) fn upsert(&mut self, insight: Item) {
        let mut items = std::mem::take(&mut self.items);
        match self.index.get(&insight.key) {
            Some(&n) => items[n] = insight,
            None => items.push(insight),
        }
        *self = Insights::new(items);
    }

    pub(super) fn remove(&mut self, key: Key) {
        let mut items = std::mem::take(&mut self.items);
        items.retain(|i| i.key != key);
        *self = Insights::new(items);
    }
}

impl Backlog {
    /// Every insight in key order, archived ones included.
    pub fn insights(&self) -> &[Item] {
        &self.insights.items
    }

    /// The insight with this key, archived or not.
    pub fn insight(&self, key: Key) -> Option<&Item> {
        self.insights
            .index
            .get(&key)
            .map(|&n| &self.insights.items[n])
    }

    /// The live insights linked to the item itself, in key order.
    pub fn evidence(&self, key: Key) -> &[Key] {
        self.insights.linked.get(&key).map_or(&[], Vec::as_slice)
    }

    /// The live insights behind the item: its own and, rolled up, those of
    /// the items below it that are not archived themselves.
    pub fn evidence_rolled_up(&self, key: Key) -> BTreeSet<Key> {
        let mut found: BTreeSet<Key> = self.evidence(key).iter().copied().collect();
        let mut stack: Vec<Key> = self.children(key).map(|c| c.key).collect();
        while let Some(k) = stack.pop() {
            if self.get(k).is_some_and(|i| i.archived) {
                continue;
            }
            found.extend(self.evidence(k).iter().copied());
            stack.extend(self.children(k).map(|c| c.key));
        }
        found
    }

    /// `Evidence · 3 customers · 5 insights with the items below`: the
    /// heading over an item's evidence in `show` and the TUI's detail pane;
    /// `None` when no insight stands behind the item.
    pub fn evidence_heading(&self, key: Key) -> Option<String> {
        let all = self.evidence_rolled_up(key).len();
        if all == 0 {
            return None;
        }
        let customers = self.customers(key);
        let mut head = format!(
            "Evidence · {}",
            crate::domain::text::count(customers, "customer", "customers")
        );
        if all > self.evidence(key).len() {
            head.push_str(&format!(" · {all} insights with the items below"));
        }
        Some(head)
    }

    /// The live insights linked to the item itself as `show` and the
    /// detail pane list them: key, quote, customer (`(no customer)` when
    /// none is named) and date.
    pub fn evidence_entries(&self, key: Key) -> Vec<EvidenceEntry<'_>> {
        self.evidence(key)
            .iter()
            .filter_map(|k| self.insight(*k))
            .map(|i| EvidenceEntry {
                key: i.key,
                quote: &i.title,
                customer: i
                    .insight
                    .as_ref()
                    .and_then(|x| x.customer.as_deref())
                    .unwrap_or("(no customer)"),
                date: crate::domain::insight::insight_date(i),
            })
            .collect()
    }

    /// How many distinct customers stand behind the item (rolled up as
    /// [`Backlog::evidence_rolled_up`]); insights naming no customer do not
    /// count.
    pub fn customers(&self, key: Key) -> usize {
        self.customer_names(key).len()
    }

    /// The distinct customers behind the item, folded (lower case), sorted.
    pub fn customer_names(&self, key: Key) -> BTreeSet<String> {
        if self.insights.items.is_empty() {
            return BTreeSet::new();
        }
        self.evidence_rolled_up(key)
            .into_iter()
            .filter_map(|k| self.insight(k).and_then(customer_of))
            .collect()
    }
}

/// One insight behind an item, as it is listed under the item.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceEntry<'a> {
    pub key: Key,
    pub quote: &'a str,
    pub customer: &'a str,
    pub date: chrono::NaiveDate,
}
