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

use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, Notification};

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

/// The most notifications read at once after one that counts.
const DRAIN: usize = 1000;

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
        match wait(l, own, stop) {
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

/// Waits up to [`PING`] (in steps of [`WAIT`], to stop promptly) for
/// another handle's commit to this schema; `Err` when the connection is
/// gone.
///
/// The first such notification ends the wait at once (with those already
/// read from the socket, which the same reload covers). The driver's
/// time-limited iterator starts its timeout again after each notification,
/// so reading on "until quiet" never ends while other clients keep
/// committing (each commit notifies, this handle's own and other schemas'
/// too), and nothing would be reported at all.
fn wait(l: &mut Listening, own: &AtomicI32, stop: &AtomicBool) -> Result<bool, ()> {
    let started = Instant::now();
    loop {
        let elapsed = started.elapsed();
        if elapsed >= PING || stop.load(Ordering::Relaxed) {
            return l.client.simple_query("").map(|_| false).map_err(drop);
        }
        let step = WAIT.min(PING - elapsed);
        let next = l.client.notifications().timeout_iter(step).next();
        match next {
            Ok(Some(n)) if is_other(&n, l, own) => {
                drain(l)?;
                return Ok(true);
            }
            Ok(_) if l.client.is_closed() => return Err(()),
            Ok(_) => {}
            Err(_) => return Err(()),
        }
    }
}

/// Another handle's commit to this listener's schema.
fn is_other(n: &Notification, l: &Listening, own: &AtomicI32) -> bool {
    n.payload() == l.schema && n.process_id() != own.load(Ordering::Relaxed)
}

/// Reads, without waiting, the notifications already received: they are
/// covered by the reload about to be reported. Bounded, as writers may
/// keep the socket busy.
fn drain(l: &mut Listening) -> Result<(), ()> {
    let mut notes = l.client.notifications();
    let mut iter = notes.iter();
    for _ in 0..DRAIN {
        match iter.next() {
            Ok(Some(_)) => {}
            Ok(None) => return Ok(()),
            Err(_) => return Err(()),
        }
    }
    Ok(())
}
