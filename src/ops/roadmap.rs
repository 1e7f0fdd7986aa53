//! The live roadmap.

use chrono::SubsecRound;

use crate::domain::depmap::{MapRequest, dependency_map};
use crate::domain::roadmap::{Level, Roadmap};
use crate::domain::{Kind, Model};
use crate::ops::planning::for_backlog;
use crate::store::{Result, Store};
use crate::transfer::roadmap::Format;

/// The now/next/later roadmap of the live backlog at `level`, ranked by
/// `model`, as of now (whole seconds), with the planning figures (Now's
/// capacity, the Now and Next epics' 85 % dates) and the epic dependency
/// map attached when `format` draws it (Markdown, HTML). Reads only what
/// a roadmap needs, so a roadmap of a large backlog loads in a fraction of
/// the time.
pub fn live_roadmap(store: &Store, model: Model, level: Level, format: Format) -> Result<Roadmap> {
    let backlog = store.load_for_roadmap()?;
    let planning = for_backlog(store, &backlog, model)?;
    let roadmap = Roadmap::build(&backlog, model, level, store.now().trunc_subsecs(0))
        .with_planning(&planning);
    if !format.draws_dependencies() {
        return Ok(roadmap);
    }
    let map = dependency_map(
        &backlog,
        MapRequest {
            level: Kind::Epic,
            focus: None,
            depth: None,
        },
    );
    Ok(roadmap.with_dependencies(map))
}
