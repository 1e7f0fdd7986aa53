//! Live updates from the server: a thread with a connection of its own
//! runs `LISTEN backlog_changed` and reports other clients' commits to
//! this backlog's schema (each commit sends `pg_notify('backlog_changed',
//! current_schema())`). Its own handle's commits (same backend process
//! id) are not reported. When the connection is lost it says so, then
//! tries again every second until the server answers, and says that too.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::mpsc::{Sender, channel};
use std::time::{Duration, Instant};

use postgres::Client;
use postgres::fallible_iterator::FallibleIterator;

use super::connect::connect_watchful;
use super::errors::query_error;
use super::target::Target;
use crate::store::StoreError;
use crate::store::feed::{ChangeFeed, FeedEvent};

/// The notification channel every commit signals.
pub const CHANNEL: &str = "backlog_changed";

/// How long one wait for a notification lasts before the listener looks
/// whether it should stop.
const WAIT: Duration = Duration::from_millis(200);

/// How often the listener asks the server whether it is still there
/// (a dead connection with no traffic is otherwise noticed late).
const PING: Duration = Duration::from_secs(2);

/// How long the listener waits between attempts to reconnect.
const RETRY: Duration = Duration::from_secs(1);

/// A listening connection: the schema whose commits count.
struct Listening {
    client: Client,
    schema: String,
}

fn listen(target: &Target) -> Result<Listening, StoreError> {
    let mut client = connect_watchful(target)?;
    let schema: Option<String> = client
        .query_one("SELECT current_schema()", &[])
        .and_then(|r| r.try_get(0))
        .map_err(|e| query_error(&e, target))?;
    client
        .batch_execute(&format!("LISTEN {CHANNEL}"))
        .map_err(|e| query_error(&e, target))?;
    Ok(Listening {
        client,
        schema: schema.unwrap_or_default(),
    })
}

/// Starts the listener; `own` is the backend process id of the handle
/// whose commits are not reported (it changes when that handle
/// reconnects). It never fails: when the first `LISTEN` cannot be set up
/// (no connection left for the role, the server refusing a second
/// session) the feed's first event says that live updates are off and
/// why, and the listener keeps trying as after a lost connection; the
/// backlog stays usable meanwhile.
pub fn start(target: &Target, own: Arc<AtomicI32>) -> ChangeFeed {
    let (send, events) = channel();
    let first = match listen(target) {
        Ok(l) => Some(l),
        Err(why) => {
            // The receiver is alive: it is returned below.
            let _ = send.send(FeedEvent::Lost(format!(
                "Live updates are off: {why}; retrying…"
            )));
            None
        }
    };
    let stop = Arc::new(AtomicBool::new(false));
    let target = target.clone();
    let stopped = stop.clone();
    std::thread::spawn(move || run(first, &target, &own, &send, &stopped));
    ChangeFeed::new(events, stop)
}

fn run(
    first: Option<Listening>,
    target: &Target,
    own: &AtomicI32,
    send: &Sender<FeedEvent>,
    stop: &AtomicBool,
) {
    let reconnected = format!("Reconnected to PostgreSQL at {}", target.host_port());
    // What the first success says: the listener may never have started.
    let mut back = if first.is_some() {
        reconnected.clone()
    } else {
        format!(
            "Live updates are on: listening to PostgreSQL at {}",
            target.host_port()
        )
    };
    let mut current = first;
    while !stop.load(Ordering::Relaxed) {
        let Some(l) = current.as_mut() else {
            std::thread::sleep(RETRY);
            if let Ok(l) = listen(target) {
                current = Some(l);
                let told = std::mem::replace(&mut back, reconnected.clone());
                if send.send(FeedEvent::Restored(told)).is_err() {
                    return;
                }
            }
            continue;
        };
        match wait(l, own) {
            Ok(true) => {
                if send.send(FeedEvent::Changed).is_err() {
                    return;
                }
            }
            Ok(false) => {}
            Err(()) => {
                current = None;
                let lost = format!(
                    "Lost the connection to PostgreSQL at {}: reconnecting…",
                    target.host_port()
                );
                if send.send(FeedEvent::Lost(lost)).is_err() {
                    return;
                }
            }
        }
    }
}

/// Waits up to [`PING`] (in short steps, to stop promptly) for another
/// handle's commit to this schema; `Err` when the connection is gone.
fn wait(l: &mut Listening, own: &AtomicI32) -> Result<bool, ()> {
    let started = Instant::now();
    let mut changed = false;
    while started.elapsed() < PING {
        {
            let mut notes = l.client.notifications();
            let mut iter = notes.timeout_iter(WAIT);
            loop {
                match iter.next() {
                    Ok(Some(n)) => {
                        if n.payload() == l.schema && n.process_id() != own.load(Ordering::Relaxed)
                        {
                            changed = true;
                        }
                    }
                    Ok(None) => break,
                    Err(_) => return Err(()),
                }
            }
        }
        if l.client.is_closed() {
            return Err(());
        }
        if changed {
            return Ok(true);
        }
    }
    l.client.simple_query("").map(|_| false).map_err(drop)
}
