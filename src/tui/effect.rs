//! Runs the effects update asks for through the use cases of
//! [`crate::ops`] (the CLI's commands call the same ones), and turns each
//! outcome into an [`Action`] for update.

use super::action::{Action, Effect, Saved};
use super::history::ItemHistory;
use crate::domain::text::shown_path;
use crate::ops::create::{Place, create};
use crate::ops::output::write_file;
use crate::ops::planning::for_backlog;
use crate::ops::refine::session_summary;
use crate::ops::roadmap::live_roadmap;
use crate::ops::save::save;
use crate::ops::snapshots::{get_snapshot, list_snapshots, take_snapshot};
use crate::ops::undo::{Direction, take};
use crate::store::Store;

/// Runs a store effect. `Quit`, `EditDescription` and `Audit` belong to
/// the loop.
pub fn run(store: &mut Store, effect: Effect) -> Option<Action> {
    match effect {
        Effect::Create { kind, parent, new } => {
            let result = Place::new(kind, parent).and_then(|place| create(store, place, *new));
            Some(Action::Saved(
                result
                    .map(|done| Saved {
                        summary: format!("added {} {}", done.value.key, done.value.title),
                        created: Some(done.value.key),
                        items: vec![done.value],
                        change: done.change,
                    })
                    .map_err(|e| e.to_string()),
            ))
        }
        Effect::Plan(job) => Some(Action::Planned {
            plan_for: job.plan_for(),
            planning: for_backlog(store, &job.backlog, job.model)
                .map(Box::new)
                .map_err(|e| e.to_string()),
        }),
        Effect::Save { items, summary } => Some(Action::Saved(
            save(store, &items, &summary)
                .map(|done| Saved {
                    items: done.value,
                    summary: done.summary,
                    created: None,
                    change: done.change,
                })
                .map_err(|e| e.to_string()),
        )),
        Effect::Undo { change } | Effect::Redo { change } => {
            let direction = match effect {
                Effect::Undo { .. } => Direction::Undo,
                _ => Direction::Redo,
            };
            Some(match take(store, change, direction) {
                Ok(Some(summary)) => match store.load() {
                    Ok(backlog) => Action::UndoDone {
                        backlog: Box::new(backlog),
                        change,
                        undone: direction == Direction::Undo,
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
        Effect::Purge { key } => Some(purge(store, key)),
        Effect::ExportSummary { since, dir } => Some(export_summary(store, since, &dir)),
        Effect::ExportReport { dir } => Some(super::effect_report::export_report(store, &dir)),
        Effect::ExportRoadmap {
            format,
            path,
            model,
            level,
        } => Some(export_roadmap(store, format, &path, model, level)),
        Effect::TakeSnapshot { name } => Some(match take_snapshot(store, Some(&name)) {
            Ok(s) => Action::Notice(format!(
                "Snapshot “{}” taken: compare with it later with c, or `backlog diff`",
                s.name
            )),
            Err(e) => Action::Failed(e.to_string()),
        }),
        Effect::ListSnapshots => Some(match list_snapshots(store) {
            Ok(list) => Action::Snapshots(list.into_iter().map(|s| (s.name, s.taken)).collect()),
            Err(e) => Action::Failed(e.to_string()),
        }),
        Effect::LoadSnapshot { name } => Some(match get_snapshot(store, &name) {
            Ok(s) => Action::SnapshotLoaded(Box::new(s)),
            Err(e) => Action::Failed(e.to_string()),
        }),
        Effect::Insight(w) => Some(super::insights_effect::run(store, w)),
        Effect::LoadHistory { key } => Some(match store.history(key) {
            Ok(entries) => Action::HistoryLoaded(Box::new(ItemHistory::new(key, &entries))),
            Err(e) => Action::Failed(e.to_string()),
        }),
        Effect::EditDescription { .. } | Effect::Audit(_) | Effect::Quit => None,
    }
}

/// Deletes `key` for good; the backlog is read again (nothing to undo).
fn purge(store: &mut Store, key: crate::domain::Key) -> Action {
    match crate::ops::archive::purge(store, key).and_then(|done| Ok((done.value, store.load()?))) {
        Ok((item, backlog)) => Action::Reloaded {
            backlog: Box::new(backlog),
            message: Some(format!("Deleted {key} {} for good", item.title)),
        },
        Err(e) => Action::Failed(e.to_string()),
    }
}

fn export_summary(
    store: &Store,
    since: chrono::DateTime<chrono::Utc>,
    dir: &std::path::Path,
) -> Action {
    use crate::domain::session::to_markdown;
    let summary = match session_summary(store, since) {
        Ok(s) => s,
        Err(e) => return Action::Failed(e.to_string()),
    };
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
    let path = dir.join(&name);
    match write_file(&path, md.as_bytes()) {
        Ok(()) => Action::Notice(format!(
            "Session summary written to {}: {}",
            crate::domain::text::shown_path(&path),
            summary.counts()
        )),
        Err(e) => Action::Failed(e.to_string()),
    }
}

fn export_roadmap(
    store: &Store,
    format: crate::transfer::roadmap::Format,
    path: &str,
    model: crate::domain::Model,
    level: crate::domain::roadmap::Level,
) -> Action {
    let roadmap = match live_roadmap(store, model, level, format) {
        Ok(r) => r,
        Err(e) => return Action::Failed(e.to_string()),
    };
    let bytes = crate::transfer::roadmap::render(&roadmap, format);
    let path = std::path::Path::new(path);
    match write_file(path, &bytes) {
        Ok(()) => Action::Notice(format!("Roadmap written to {}", shown_path(path))),
        Err(e) => Action::Failed(e.to_string()),
    }
}
