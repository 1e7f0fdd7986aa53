//! Runs the effects update asks for against the store, and turns each
//! outcome into an [`Action`] for update. The TUI writes through the same
//! store functions as the CLI.

use super::action::{Action, Effect, Saved};
use crate::domain::Item;
use crate::store::Store;

/// Runs a store effect. `Quit` and `EditDescription` belong to the loop.
pub fn run(store: &mut Store, effect: Effect) -> Option<Action> {
    let now = store.now();
    match effect {
        Effect::Create {
            kind,
            parent,
            title,
        } => {
            let result = store.write(&format!("add {kind}"), |tx| {
                let key = tx.next_key(kind)?;
                let mut item = Item::new(key, &title, parent, now)?;
                item.rank = tx.next_rank(parent)?;
                tx.set_summary(match parent {
                    Some(p) => format!("add {key} under {p}"),
                    None => format!("add {key}"),
                });
                tx.insert(&item)
            });
            Some(Action::Saved(
                result
                    .map(|item| Saved {
                        summary: format!("added {} {}", item.key, item.title),
                        created: Some(item.key),
                        items: vec![item],
                        change: store.last_change(),
                    })
                    .map_err(|e| e.to_string()),
            ))
        }
        Effect::Save { items, summary } => {
            let result = store.write(&summary, |tx| {
                items
                    .iter()
                    .map(|i| tx.update(i))
                    .collect::<Result<Vec<_>, _>>()
            });
            Some(Action::Saved(
                result
                    .map(|items| Saved {
                        items,
                        summary,
                        created: None,
                        change: store.last_change(),
                    })
                    .map_err(|e| e.to_string()),
            ))
        }
        Effect::Undo { change } | Effect::Redo { change } => {
            let undo = matches!(effect, Effect::Undo { .. });
            let result = if undo {
                store.undo_change(change)
            } else {
                store.redo_change(change)
            };
            Some(match result {
                Ok(Some(summary)) => match store.load() {
                    Ok(backlog) => Action::UndoDone {
                        backlog: Box::new(backlog),
                        change,
                        undone: undo,
                        summary,
                    },
                    Err(e) => Action::Failed(e.to_string()),
                },
                Ok(None) => Action::Failed(
                    "That change can no longer be undone or redone (something newer came first)"
                        .into(),
                ),
                Err(e) => Action::Failed(e.to_string()),
            })
        }
        Effect::ExportSummary { since } => Some(export_summary(store, since)),
        Effect::ExportRoadmap {
            format,
            path,
            model,
            level,
        } => Some(export_roadmap(store, format, &path, model, level)),
        Effect::TakeSnapshot { name } => Some(match store.take_snapshot(Some(&name)) {
            Ok(s) => Action::Notice(format!(
                "Snapshot “{}” taken: compare with it later with c, or `backlog diff`",
                s.name
            )),
            Err(e) => Action::Failed(e.to_string()),
        }),
        Effect::ListSnapshots => Some(match store.snapshots() {
            Ok(list) => Action::Snapshots(list.into_iter().map(|s| (s.name, s.taken)).collect()),
            Err(e) => Action::Failed(e.to_string()),
        }),
        Effect::LoadSnapshot { name } => Some(match store.snapshot(&name) {
            Ok(s) => Action::SnapshotLoaded(Box::new(s)),
            Err(e) => Action::Failed(e.to_string()),
        }),
        Effect::EditDescription { .. } | Effect::Quit => None,
    }
}

fn export_summary(store: &Store, since: chrono::DateTime<chrono::Utc>) -> Action {
    use crate::domain::session::{summarise, to_markdown};
    let changes = match store.changed_since(since) {
        Ok(c) => c,
        Err(e) => return Action::Failed(e.to_string()),
    };
    let summary = summarise(&changes);
    let local = since.with_timezone(&chrono::Local);
    let md = to_markdown(
        &summary,
        &format!(
            "Refinement session since {}",
            local.format("%Y-%m-%d %H:%M")
        ),
    );
    let name = format!(
        "refinement-{}.md",
        store
            .now()
            .with_timezone(&chrono::Local)
            .format("%Y-%m-%d-%H%M")
    );
    match std::fs::write(&name, md) {
        Ok(()) => Action::Notice(format!(
            "Session summary written to {name}: {} made ready, {} estimated, {} decisions",
            summary.made_ready.len(),
            summary.estimates.len(),
            summary.decisions.len()
        )),
        Err(e) => Action::Failed(format!("cannot write {name}: {e}")),
    }
}

fn export_roadmap(
    store: &Store,
    format: crate::transfer::roadmap::Format,
    path: &str,
    model: crate::domain::Model,
    level: crate::domain::roadmap::Level,
) -> Action {
    use chrono::SubsecRound;
    let backlog = match store.load() {
        Ok(b) => b,
        Err(e) => return Action::Failed(e.to_string()),
    };
    let roadmap = crate::domain::roadmap::Roadmap::build(
        &backlog,
        model,
        level,
        store.now().trunc_subsecs(0),
    );
    let bytes = crate::transfer::roadmap::render(&roadmap, format);
    match std::fs::write(path, bytes) {
        Ok(()) => Action::Notice(format!("Roadmap written to {path}")),
        Err(e) => Action::Failed(format!("cannot write {path}: {e}")),
    }
}
