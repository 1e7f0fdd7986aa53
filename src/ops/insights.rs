//! Customer insights (`F-1`, …): adding one, linking it to the items it is
//! evidence for, unlinking, archiving, and reading them. Each write is one
//! recorded change (undo / redo like any other).

use super::{Done, Named, write, write_named};
use crate::domain::insight::{InsightInfo, check_link, customer_of, new_insight};
use crate::domain::{Backlog, Item, Key, Kind};
use crate::store::{Result, Store, StoreError, Tx};

/// A new insight: its text, where it came from, and the items it is
/// evidence for (may be none: it waits in the inbox).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewInsight {
    pub text: String,
    pub info: InsightInfo,
    pub links: Vec<Key>,
}

/// Which insights `list` shows (archived ones never).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InsightFilter {
    /// Only those linked to nothing (the inbox).
    pub unlinked: bool,
    /// Only this customer's (case ignored).
    pub customer: Option<String>,
}

/// Adds an insight, linked to `links` (each must be an existing
/// initiative, epic or story). Recorded as `add insight F-3`.
pub fn add(store: &mut Store, new: NewInsight) -> Result<Done<Item>> {
    let now = store.now();
    write_named(store, "add insight", |tx| {
        // Checked before a key is taken: a refusal names no key that
        // never existed.
        let mut links = Vec::new();
        for t in &new.links {
            if t.kind == Kind::Insight {
                return Err(StoreError::Refused(format!(
                    "an insight cannot be linked to {t}: insights link to initiatives, epics and stories"
                )));
            }
            tx.get(*t)?;
            links.push(*t);
        }
        let key = tx.next_key(Kind::Insight)?;
        let mut item = new_insight(key, &new.text, new.info.clone(), now)?;
        links.sort();
        links.dedup();
        item.depends_on = links;
        Ok(Named {
            value: tx.insert(&item)?,
            summary: add_summary(key, &item.depends_on),
        })
    })
}

/// Links `insight` to each of `targets`; refuses a target it is already
/// linked to. Recorded as `link F-1 to S-3, E-2`.
pub fn link(store: &mut Store, insight: Key, targets: &[Key]) -> Result<Done<Item>> {
    check_insight_key(insight)?;
    if targets.is_empty() {
        return Err(StoreError::Refused(format!(
            "name the items to link {insight} to"
        )));
    }
    write(
        store,
        format!("link {insight} to {}", joined(targets)),
        |tx| {
            for t in targets {
                check_target(tx, insight, *t)?;
            }
            tx.modify(insight, |i| {
                for t in targets {
                    if i.depends_on.contains(t) {
                        return Err(StoreError::Refused(format!(
                            "{insight} is already linked to {t}"
                        )));
                    }
                    i.depends_on.push(*t);
                }
                i.depends_on.sort();
                i.depends_on.dedup();
                Ok(())
            })
        },
    )
}

/// Removes the link from `insight` to `target`; refuses one not there.
/// Recorded as `unlink F-1 from S-3`.
pub fn unlink(store: &mut Store, insight: Key, target: Key) -> Result<Done<Item>> {
    check_insight_key(insight)?;
    write(store, format!("unlink {insight} from {target}"), |tx| {
        tx.modify(insight, |i| {
            if !i.depends_on.contains(&target) {
                return Err(StoreError::Refused(format!(
                    "{insight} is not linked to {target}"
                )));
            }
            i.depends_on.retain(|d| *d != target);
            Ok(())
        })
    })
}

/// Archives `insight` (out of every list and count; `undo` brings it
/// back); refuses one already archived. Recorded as `archive F-1`.
pub fn archive(store: &mut Store, insight: Key) -> Result<Done<Item>> {
    check_insight_key(insight)?;
    write(store, format!("archive {insight}"), |tx| {
        tx.modify(insight, |i| {
            if i.archived {
                return Err(StoreError::Refused(format!(
                    "{insight} is already archived"
                )));
            }
            i.archived = true;
            Ok(())
        })
    })
}

/// The live insights that pass `filter`: the unlinked first (newest
/// first), then the linked (newest first).
pub fn list<'a>(backlog: &'a Backlog, filter: &InsightFilter) -> Vec<&'a Item> {
    let wanted = filter.customer.as_deref().map(|c| c.trim().to_lowercase());
    let mut found: Vec<&Item> = backlog
        .insights()
        .iter()
        .filter(|i| !i.archived)
        .filter(|i| !filter.unlinked || i.depends_on.is_empty())
        .filter(|i| match &wanted {
            Some(w) => customer_of(i).as_deref() == Some(w.as_str()),
            None => true,
        })
        .collect();
    found.sort_by(|a, b| {
        (!a.depends_on.is_empty())
            .cmp(&!b.depends_on.is_empty())
            .then(b.key.cmp(&a.key))
    });
    found
}

/// The evidence behind an item, for RICE reach: its distinct customers
/// and the live insights they come from (rolled up the hierarchy).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceReach {
    pub customers: usize,
    pub insights: Vec<Key>,
}

/// The evidence behind `key`; refuses an item with no customer behind it
/// (a reach of 0 would zero its score: give `--reach` instead).
pub fn evidence_reach(store: &Store, key: Key) -> Result<EvidenceReach> {
    let backlog = store.load()?;
    backlog.get(key).ok_or(StoreError::NoSuchItem(key))?;
    let customers = backlog.customers(key);
    if customers == 0 {
        return Err(StoreError::Refused(format!(
            "{key} has no customer evidence: link insights to it (`backlog insight link`) or give --reach"
        )));
    }
    Ok(EvidenceReach {
        customers,
        insights: backlog.evidence_rolled_up(key).into_iter().collect(),
    })
}

/// The insight `key`, archived or not.
pub fn get(backlog: &Backlog, key: Key) -> Result<&Item> {
    check_insight_key(key)?;
    backlog.insight(key).ok_or(StoreError::NoSuchItem(key))
}

fn check_insight_key(key: Key) -> Result<()> {
    if key.kind != Kind::Insight {
        return Err(StoreError::Refused(format!(
            "{key} is not an insight (insight keys look like F-1)"
        )));
    }
    Ok(())
}

/// `target` may be linked from `insight`: an existing item of the
/// hierarchy.
fn check_target(tx: &Tx, insight: Key, target: Key) -> Result<()> {
    check_link(insight, target)?;
    tx.get(target)?;
    Ok(())
}

/// How the history names an insight's addition: `add insight F-3` or
/// `add insight F-3 for S-1, E-2`.
pub(super) fn add_summary(key: Key, links: &[Key]) -> String {
    match links {
        [] => format!("add insight {key}"),
        keys => format!("add insight {key} for {}", joined(keys)),
    }
}

fn joined(keys: &[Key]) -> String {
    keys.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
