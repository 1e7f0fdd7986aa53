//! Keeping the TUI up to date with other clients' changes, away from the
//! keys: the event loop asks [`Watcher::check`] after every event and when
//! idle, and runs the reload it returns.
//!
//! - On a file, the store's change token is read (one cheap query) each
//!   time, every [`Watcher::wait`] at the most when idle.
//! - On a server, the store pushes other clients' commits as they happen
//!   (LISTEN/NOTIFY, [`Store::listen`]); checking reads an in-memory
//!   queue, never the database, and the loop looks often enough to show a
//!   change within a second. When the connection is lost the status line
//!   says so and the store reconnects by itself; once back, the backlog is
//!   read again. Nothing here touches the App's state, so a form's typed
//!   input stays as it is throughout.

use std::time::Duration;

use anyhow::Result;

use super::action::Action;
use crate::store::{ChangeFeed, ChangeToken, FeedEvent, Store};

/// How long the idle loop waits for a key between reads of a file's
/// change token.
const TOKEN_INTERVAL: Duration = Duration::from_millis(700);

/// How long the idle loop waits for a key between looks at a server's
/// pushed changes (an in-memory queue).
const FEED_INTERVAL: Duration = Duration::from_millis(100);

/// Notices commits by other processes or clients: through the store's
/// change token, which need not move for this handle's own writes, or
/// through the server's pushed changes.
pub struct Watcher {
    source: Source,
}

enum Source {
    Token(ChangeToken),
    Feed(ChangeFeed),
}

impl Watcher {
    pub fn new(store: &Store) -> Result<Watcher> {
        let source = match store.listen()? {
            Some(feed) => Source::Feed(feed),
            None => Source::Token(store.change_token()?),
        };
        Ok(Watcher { source })
    }

    /// How long the idle loop may wait for a key before checking again.
    pub fn wait(&self) -> Duration {
        match self.source {
            Source::Token(_) => TOKEN_INTERVAL,
            Source::Feed(_) => FEED_INTERVAL,
        }
    }

    /// The reload for update if another process or client changed the
    /// backlog since the last check; on a server also the news that the
    /// connection was lost or is back (a failed reload is shown, not
    /// fatal: the server may be gone again).
    pub fn check(&mut self, store: &Store) -> Result<Option<Action>> {
        match &mut self.source {
            Source::Token(seen) => {
                let v = store.change_token()?;
                if v == *seen {
                    return Ok(None);
                }
                *seen = v;
                Ok(Some(Action::Reloaded {
                    backlog: Box::new(store.load()?),
                    message: Some("Reloaded: the file was changed by another process".into()),
                }))
            }
            Source::Feed(feed) => Ok(feed_action(feed.pending(), store)),
        }
    }
}

/// What a batch of pushed events means for the App: the latest news about
/// the connection wins; any change or reconnection means a reload.
fn feed_action(events: Vec<FeedEvent>, store: &Store) -> Option<Action> {
    let mut reload = false;
    let mut news: Option<FeedEvent> = None;
    for e in events {
        match e {
            FeedEvent::Changed => reload = true,
            FeedEvent::Lost(_) => {
                reload = false;
                news = Some(e);
            }
            FeedEvent::Restored(_) => {
                reload = true;
                news = Some(e);
            }
        }
    }
    if let Some(FeedEvent::Lost(m)) = &news {
        return Some(Action::Failed(m.clone()));
    }
    if !reload {
        return None;
    }
    let message = match news {
        Some(FeedEvent::Restored(m)) => format!("{m}; reloaded"),
        _ => "Reloaded: the database was changed by another client".to_string(),
    };
    Some(match store.load() {
        Ok(backlog) => Action::Reloaded {
            backlog: Box::new(backlog),
            message: Some(message),
        },
        Err(e) => Action::Failed(e.to_string()),
    })
}
