//! Importing: parsed input (a backlog document, or a plan of new items
//! made from a CSV file or story lines) meets the backlog.

use std::collections::HashMap;
use std::path::Path;

use super::{Done, write};
use crate::domain::planning::PlanningSettings;
use crate::domain::snapshot::Snapshot;
use crate::domain::{Backlog, Item, Kind};
use crate::store::{Result, Store, StoreError};
use crate::transfer::import_json::{self, Parsed};
use crate::transfer::import_plan::{Applied, NextKeys, Plan, apply};
use crate::transfer::import_update::{Refresh, match_keys, refresh};

/// What an import parsed, before it meets the backlog.
pub enum Input {
    /// A backlog document.
    Document(Parsed),
    /// New items to add (a CSV file or story lines).
    Plan(Plan),
}

/// What an import does to the backlog it meets.
pub enum Outcome {
    /// A document into an empty file: keys kept.
    Exact {
        items: Vec<Item>,
        next: NextKeys,
        snapshots: Vec<Snapshot>,
        settings: Option<PlanningSettings>,
    },
    /// New items under new keys, and the items of an earlier import of
    /// the same tool (matched by external key) brought up to date.
    Planned {
        plan: Plan,
        applied: Applied,
        refresh: Refresh,
    },
}

impl Outcome {
    /// The items it creates.
    pub fn items(&self) -> &[Item] {
        match self {
            Outcome::Exact { items, .. } => items,
            Outcome::Planned { applied, .. } => &applied.items,
        }
    }
}

/// How an import goes: `merge` lets a document add its items under new
/// keys to a backlog that is not empty; `label` names the input in
/// messages and the history.
#[derive(Debug, Clone, Copy)]
pub struct ImportOptions<'a> {
    pub merge: bool,
    pub label: &'a str,
}

/// What the import would do to the backlog of `store` (the file at `db`,
/// which may not exist yet: `store` is then `None`), without writing.
pub fn preview(
    store: Option<&Store>,
    db: &Path,
    input: Input,
    options: ImportOptions,
) -> Result<Outcome> {
    let (backlog, seq) = match store {
        Some(s) => s.load_with_key_sequence()?,
        None => (Backlog::default(), HashMap::new()),
    };
    decide(input, &backlog, &seq, options, db)
}

/// Imports `input` in one write recorded as `import LABEL`.
pub fn import(store: &mut Store, input: Input, options: ImportOptions) -> Result<Done<Outcome>> {
    let db = store.path().to_path_buf();
    write(store, format!("import {}", options.label), |tx| {
        let backlog = tx.load()?;
        let seq = tx.key_sequence()?;
        let outcome = decide(input, &backlog, &seq, options, &db)?;
        match &outcome {
            Outcome::Exact {
                items,
                next,
                snapshots,
                settings,
            } => {
                tx.insert_all(items)?;
                if let Some(s) = settings {
                    tx.set_planning_settings(s)?;
                }
                for s in snapshots {
                    tx.insert_snapshot(s)?;
                }
                for kind in Kind::KEYED {
                    tx.reserve_keys(kind, next.get(kind))?;
                }
            }
            Outcome::Planned {
                applied, refresh, ..
            } => {
                tx.insert_all(&applied.items)?;
                for u in &refresh.updates {
                    tx.update(&u.item)?;
                }
            }
        }
        Ok(outcome)
    })
}

/// Meets the parsed input with the backlog: an exact import into an empty
/// file, a refusal, or a plan resolved to new keys.
fn decide(
    input: Input,
    backlog: &Backlog,
    seq: &HashMap<Kind, i64>,
    options: ImportOptions,
    db: &Path,
) -> Result<Outcome> {
    let plan = match input {
        Input::Document(parsed) if backlog.is_empty() => {
            let mut next = parsed.next_keys();
            // Keys handed out by this file before are never reused.
            for kind in Kind::KEYED {
                let have = seq.get(&kind).copied().unwrap_or(1);
                let slot = match kind {
                    Kind::Initiative => &mut next.initiative,
                    Kind::Epic => &mut next.epic,
                    Kind::Story => &mut next.story,
                    Kind::Insight => &mut next.insight,
                };
                *slot = (*slot).max(have);
            }
            return Ok(Outcome::Exact {
                items: parsed.items,
                next,
                snapshots: parsed.snapshots,
                settings: parsed.settings,
            });
        }
        Input::Document(_) if !options.merge => {
            return Err(StoreError::Refused(format!(
                "{} already holds {} items: use --merge to add the document's items under new keys, or import into an empty file",
                db.display(),
                backlog.len()
            )));
        }
        Input::Document(parsed) => import_json::merge_plan(&parsed),
        Input::Plan(mut plan) => {
            match_keys(&mut plan, backlog);
            plan
        }
    };
    let applied = apply(&plan, backlog, NextKeys::from_map(seq), options.label)
        .map_err(|e| StoreError::Refused(e.to_string()))?;
    let refresh = refresh(&plan, backlog);
    Ok(Outcome::Planned {
        plan,
        applied,
        refresh,
    })
}
