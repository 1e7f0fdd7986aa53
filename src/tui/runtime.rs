//! The one place actions run: [`step`] applies an action to the App and
//! runs the effects it produces against the store, feeding their results
//! back until nothing is left to do, with the clock ticked before each
//! action. The event loop, the TUI tests and the benches all go through
//! it; what only a real terminal can do (`$EDITOR`) comes from an
//! [`Outside`].

use anyhow::Result;

use super::action::{Action, Effect};
use super::app::App;
use super::background::AuditJob;
use super::effect;
use crate::domain::Key;
use crate::store::Store;

/// What the runtime cannot do itself.
pub trait Outside {
    /// Lets the user edit an item's description (the event loop suspends
    /// the terminal and runs `$EDITOR`); the action that reports back.
    fn edit_description(&mut self, key: Key, version: i64, text: String) -> Result<Action>;

    /// Sees each effect update asked for, before it runs.
    fn observe(&mut self, _effect: &Effect) {}

    /// Takes a job to run away from the keys; the action it reports, if
    /// it ran at once. By default it does run at once (tests see the
    /// finished audit); the event loop runs it on a thread and feeds the
    /// result back when it comes.
    fn background(&mut self, job: AuditJob) -> Option<Action> {
        Some(job.run())
    }
}

/// Feeds `action` to update and runs the effects it returns, feeding their
/// results back, until nothing is left to do. Before each action, update
/// gets the store's time ([`Action::Tick`]).
pub fn step(
    app: &mut App,
    store: &mut Store,
    action: Action,
    outside: &mut impl Outside,
) -> Result<()> {
    let mut queue = vec![action];
    while let Some(a) = queue.pop() {
        app.update(Action::Tick(store.now()));
        for e in app.update(a) {
            outside.observe(&e);
            match e {
                // Update has already marked the App as quitting.
                Effect::Quit => {}
                Effect::EditDescription { key, version, text } => {
                    queue.push(outside.edit_description(key, version, text)?);
                }
                Effect::Audit(job) => queue.extend(outside.background(job)),
                other => queue.extend(effect::run(store, other)),
            }
        }
    }
    Ok(())
}
