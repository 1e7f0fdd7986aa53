//! The refinement session summary: what changed since a time.

use chrono::{DateTime, Utc};

use crate::domain::session::{SessionSummary, summarise};
use crate::store::{Result, Store};

/// What was made ready, estimated, decided and touched since `since`.
pub fn session_summary(store: &Store, since: DateTime<Utc>) -> Result<SessionSummary> {
    Ok(summarise(&store.changed_since(since)?))
}
