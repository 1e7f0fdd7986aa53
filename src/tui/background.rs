//! Work too long for a keypress, done away from the keys: the Health
//! tab's audit. Update asks for it with [`Effect::Audit`]; the runtime hands
//! the job to its [`Outside`](super::runtime::Outside), which runs it on a
//! thread in the event loop (or at once, in tests); the result comes back
//! as [`Action::HealthReady`], which update takes only if nothing changed
//! since it was asked for.
//!
//! [`Effect::Audit`]: super::action::Effect::Audit

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use chrono::{DateTime, Utc};

use super::action::Action;
use crate::domain::Backlog;
use crate::domain::health::audit;

/// The audit of one backlog as it was when asked for.
#[derive(Debug, Clone)]
pub struct AuditJob {
    /// Which request this answers (see [`Action::HealthReady`]).
    pub generation: u64,
    pub backlog: Arc<Backlog>,
    pub now: DateTime<Utc>,
    pub stale_days: i64,
    pub checkin_days: i64,
}

impl PartialEq for AuditJob {
    fn eq(&self, other: &AuditJob) -> bool {
        self.generation == other.generation
            && Arc::ptr_eq(&self.backlog, &other.backlog)
            && self.now == other.now
            && self.stale_days == other.stale_days
            && self.checkin_days == other.checkin_days
    }
}

impl AuditJob {
    /// Runs the audit and lays out the Health tab's rows.
    pub fn run(self) -> Action {
        let health = audit(&self.backlog, self.now, self.stale_days, self.checkin_days);
        let rows = super::rows::health_rows(&health, &self.backlog);
        Action::HealthReady {
            generation: self.generation,
            health: Box::new(health),
            rows,
        }
    }
}

/// The event loop's runner: each job on a thread of its own, the results
/// read back between keys with [`Background::ready`].
pub struct Background {
    tx: Sender<Action>,
    rx: Receiver<Action>,
}

impl Default for Background {
    fn default() -> Background {
        let (tx, rx) = channel();
        Background { tx, rx }
    }
}

impl Background {
    /// Starts `job` on a new thread.
    pub fn spawn(&self, job: AuditJob) {
        let tx = self.tx.clone();
        std::thread::spawn(move || {
            // The loop may have ended meanwhile: nobody to tell.
            let _ = tx.send(job.run());
        });
    }

    /// The results that have come back, without waiting.
    pub fn ready(&self) -> Vec<Action> {
        self.rx.try_iter().collect()
    }
}
