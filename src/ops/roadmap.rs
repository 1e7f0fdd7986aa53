//! The live roadmap.

use chrono::SubsecRound;

use crate::domain::Model;
use crate::domain::roadmap::{Level, Roadmap};
use crate::store::{Result, Store};

/// The now/next/later roadmap of the live backlog at `level`, ranked by
/// `model`, as of now (whole seconds). Reads only what a roadmap needs,
/// so a roadmap of a large backlog loads in a fraction of the time.
pub fn live_roadmap(store: &Store, model: Model, level: Level) -> Result<Roadmap> {
    let backlog = store.load_for_roadmap()?;
    Ok(Roadmap::build(
        &backlog,
        model,
        level,
        store.now().trunc_subsecs(0),
    ))
}
