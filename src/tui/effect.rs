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
                    })
                    .map_err(|e| e.to_string()),
            ))
        }
        Effect::Undo | Effect::Redo => {
            let undo = effect == Effect::Undo;
            let result = if undo { store.undo() } else { store.redo() };
            Some(match result {
                Ok(done) => match store.load() {
                    Ok(backlog) => Action::Reloaded {
                        backlog,
                        message: Some(match (done, undo) {
                            (Some(s), true) => format!("Undone: {s}"),
                            (Some(s), false) => format!("Redone: {s}"),
                            (None, true) => "Nothing to undo".to_string(),
                            (None, false) => "Nothing to redo".to_string(),
                        }),
                    },
                    Err(e) => Action::Failed(e.to_string()),
                },
                Err(e) => Action::Failed(e.to_string()),
            })
        }
        Effect::EditDescription { .. } | Effect::Quit => None,
    }
}
