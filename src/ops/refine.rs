//! The refinement session summary: what changed since a time.

use chrono::{DateTime, Utc};

use crate::domain::session::{SessionSummary, summarise};
use crate::store::{Result, Store};

/// What was made ready, estimated, decided and touched since `since`, and
/// by whom.
pub fn session_summary(store: &Store, since: DateTime<Utc>) -> Result<SessionSummary> {
    let mut summary = summarise(&store.changed_since(since)?);
    summary.credit(&store.authors_since(since)?);
    Ok(summary)
}
