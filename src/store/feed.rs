//! Changes pushed by the backend instead of asked for: a server backend
//! listens for other clients' commits and says when its connection is
//! lost and back. A [`ChangeFeed`] is read without waiting, between keys.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;

/// What a feed reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedEvent {
    /// Another client committed a change.
    Changed,
    /// The connection is gone (the message says where and why); the feed
    /// keeps trying to reconnect by itself.
    Lost(String),
    /// Connected again after [`FeedEvent::Lost`]; changes made meanwhile
    /// were not reported one by one, so everything should be read again.
    Restored(String),
}

/// The receiving end of a backend's listener. Dropping it stops the
/// listener.
pub struct ChangeFeed {
    events: Receiver<FeedEvent>,
    stop: Arc<AtomicBool>,
}

impl ChangeFeed {
    /// A feed over `events`; the listener ends once `stop` is set.
    pub fn new(events: Receiver<FeedEvent>, stop: Arc<AtomicBool>) -> ChangeFeed {
        ChangeFeed { events, stop }
    }

    /// Everything reported since the last call, oldest first, without
    /// waiting.
    pub fn pending(&self) -> Vec<FeedEvent> {
        self.events.try_iter().collect()
    }
}

impl Drop for ChangeFeed {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}
