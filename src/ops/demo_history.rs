//! The demo backlog's past: what happened to it in the six weeks since it
//! was loaded, replayed as the changes a team would have made.
//!
//! The demo document (`assets/demo.json`) is the backlog as it stands
//! today. [`rewind`] turns it into the backlog as it stood when the
//! history begins, and lists the events that lead from there to today;
//! `load_demo` writes the first and replays the second, each event a
//! change of its own at its own time (or, for the snapshot, a stored
//! snapshot), so that history, throughput, `refine summary`, `report
//! --since` and the roadmap diff all have something true to show:
//!
//! - the stories done today were in progress, each finished in one of
//!   the weeks since ([`FINISHED_PER_WEEK`]);
//! - metric check-ins and decisions dated after the beginning were
//!   recorded on their dates;
//! - a week in, the team took a roadmap snapshot ([`SNAPSHOT`]);
//! - a few days later it decided to pull one epic forward and push
//!   another back ([`MOVES`]), so the roadmap has moved since the
//!   snapshot.
//!
//! The document's dates are those of a demo loaded on [`REFERENCE_DAY`];
//! loaded on another day, every check-in and decision moves by as many
//! days, so the demo looks the same whenever it is run.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

use crate::domain::checkin::{NewCheckIn, record};
use crate::domain::snapshot::Snapshot;
use crate::domain::{Decision, Item, Key, Kind, Lane, Status};
use crate::store::{Result, StoreError, Tx};

/// The day the demo document's dates were written for.
const REFERENCE_DAY: NaiveDate = match NaiveDate::from_ymd_opt(2026, 11, 23) {
    Some(d) => d,
    None => panic!("2026-11-23 is a date"),
};

/// Stories the demo's team finished in each of its last weeks, oldest
/// first: the history forecasts and capacity are measured from.
pub(super) const FINISHED_PER_WEEK: [usize; 6] = [2, 3, 2, 3, 2, 3];

/// The roadmap snapshot taken a week after the history begins: its name
/// is the month it was taken in (as a PM names a monthly review), and
/// `report --since` that name shows what moved since.
const SNAPSHOT: SnapshotAt = SnapshotAt {
    days_in: 7,
    time: hms(16, 0),
};

/// The roadmap moves made after the snapshot, on one day, each epic from
/// `from` to the lane the document gives it today; the first carries the
/// decision that explains them.
const MOVES: [Move; 2] = [
    Move {
        key: "E-11",
        from: Lane::Later,
        decision: Some((
            "Pull on-site invoicing into Next, ahead of the post-visit survey",
            "Mid-market accounts keep asking to take card payment on the doorstep, and finance \
             wants service DSO down before the year-end close; the survey can wait until the \
             arrival texts are live",
        )),
    },
    Move {
        key: "E-10",
        from: Lane::Next,
        decision: None,
    },
];

/// When the moves were made: this many days after the history begins.
const MOVES_DAYS_IN: i64 = 16;

/// A check-in is recorded at this time of its day, a decision at this.
const CHECKIN_AT: NaiveTime = hms(10, 0);
const DECISION_AT: NaiveTime = hms(15, 0);
const MOVE_AT: NaiveTime = hms(15, 30);

const fn hms(h: u32, m: u32) -> NaiveTime {
    match NaiveTime::from_hms_opt(h, m, 0) {
        Some(t) => t,
        None => panic!("not a time of day"),
    }
}

struct SnapshotAt {
    days_in: i64,
    time: NaiveTime,
}

struct Move {
    key: &'static str,
    from: Lane,
    decision: Option<(&'static str, &'static str)>,
}

/// One thing that happened after the history began.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Event {
    /// A story was finished.
    Finish(Key),
    /// An insight was recorded (inserted whole).
    Insight(Box<Item>),
    /// A check-in on one of an initiative's metrics.
    CheckIn { key: Key, checkin: NewCheckIn },
    /// A decision was logged on an item.
    Decision { key: Key, decision: Decision },
    /// The roadmap snapshot was taken.
    Snapshot(String),
    /// An epic moved to another lane.
    Lane { key: Key, lane: Lane },
}

/// An event and when it happened.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Timed {
    pub at: DateTime<Utc>,
    pub event: Event,
}

/// Turns today's demo `items` into the backlog as it stood at `start`
/// (each created then) and returns the events since, in time order.
/// `insights` are the demo's insights recorded after `start`.
pub(super) fn rewind(
    items: &mut [Item],
    insights: Vec<Item>,
    now: DateTime<Utc>,
    start: DateTime<Utc>,
) -> Result<Vec<Timed>> {
    let shift = now.date_naive() - REFERENCE_DAY;
    let at = |day: NaiveDate, time: NaiveTime| day.and_time(time).and_utc().clamp(start, now);
    let finishes = finishing_times(items, start);
    for item in items.iter_mut() {
        if finishes.iter().any(|(k, _)| *k == item.key) {
            item.status = Status::InProgress;
        }
    }
    let mut events: Vec<Timed> = finishes
        .into_iter()
        .map(|(key, at)| Timed {
            at,
            event: Event::Finish(key),
        })
        .collect();
    events.extend(insights.into_iter().map(|i| Timed {
        at: i.created,
        event: Event::Insight(Box::new(i)),
    }));
    for item in items.iter_mut() {
        item.created = start;
        for (n, metric) in item.metrics.iter_mut().enumerate() {
            for c in &mut metric.checkins {
                c.date += shift;
            }
            let (before, after): (Vec<_>, Vec<_>) = std::mem::take(&mut metric.checkins)
                .into_iter()
                .partition(|c| c.date <= start.date_naive());
            metric.checkins = before;
            events.extend(after.into_iter().map(|c| Timed {
                at: at(c.date, CHECKIN_AT),
                event: Event::CheckIn {
                    key: item.key,
                    checkin: NewCheckIn {
                        metric: n + 1,
                        value: c.value,
                        date: c.date,
                        note: c.note,
                    },
                },
            }));
        }
        for d in &mut item.decisions {
            d.date += shift;
        }
        let (before, after): (Vec<_>, Vec<_>) = std::mem::take(&mut item.decisions)
            .into_iter()
            .partition(|d| d.date <= start.date_naive());
        item.decisions = before;
        events.extend(after.into_iter().map(|decision| Timed {
            at: at(decision.date, DECISION_AT),
            event: Event::Decision {
                key: item.key,
                decision,
            },
        }));
    }

    let snapshot_day = (start + Duration::days(SNAPSHOT.days_in)).date_naive();
    events.push(Timed {
        at: at(snapshot_day, SNAPSHOT.time),
        event: Event::Snapshot(snapshot_day.format("%B").to_string()),
    });

    let moves_day = (start + Duration::days(MOVES_DAYS_IN)).date_naive();
    for m in &MOVES {
        let key: Key = m.key.parse().map_err(StoreError::from)?;
        let item = items
            .iter_mut()
            .find(|i| i.key == key)
            .ok_or_else(|| StoreError::Refused(format!("the demo has no {key} to move")))?;
        let lane = item
            .lane
            .filter(|&l| l != m.from)
            .ok_or_else(|| StoreError::Refused(format!("the demo's {key} is not moved")))?;
        item.lane = Some(m.from);
        if let Some((decision, rationale)) = m.decision {
            events.push(Timed {
                at: at(moves_day, DECISION_AT),
                event: Event::Decision {
                    key,
                    decision: Decision {
                        date: moves_day,
                        decision: decision.to_string(),
                        rationale: rationale.to_string(),
                    },
                },
            });
        }
        events.push(Timed {
            at: at(moves_day, MOVE_AT),
            event: Event::Lane { key, lane },
        });
    }
    // Stable: events of one time keep the order they were listed in.
    events.sort_by_key(|e| e.at);
    Ok(events)
}

/// Writes `events` in order, each as the change the CLI would have made.
pub(super) fn replay(tx: &mut Tx, events: &[Timed]) -> Result<()> {
    for Timed { at, event } in events {
        match event {
            Event::Finish(key) => {
                tx.start_change(&format!("edit {key}: status"), *at)?;
                tx.modify(*key, |i| {
                    i.status = Status::Done;
                    Ok(())
                })?;
            }
            Event::Insight(insight) => super::demo_insights::record(tx, insight)?,
            Event::CheckIn { key, checkin } => {
                let summary = format!("check in metric {} of {key}", checkin.metric);
                tx.start_change(&summary, *at)?;
                tx.modify(*key, |i| Ok(record(i, checkin)?))?;
            }
            Event::Decision { key, decision } => {
                tx.start_change(&format!("decision on {key}"), *at)?;
                tx.modify(*key, |i| {
                    i.decisions.push(decision.clone());
                    Ok(())
                })?;
            }
            Event::Snapshot(name) => {
                let backlog = tx.load()?;
                tx.insert_snapshot(&Snapshot::take(Some(name), &backlog, *at)?)?;
            }
            Event::Lane { key, lane } => {
                tx.start_change(&format!("edit {key}: lane"), *at)?;
                tx.modify(*key, |i| Ok(i.set_lane(Some(*lane))?))?;
            }
        }
    }
    Ok(())
}

/// The demo's done stories in key order and when each was finished,
/// spread over the weeks after `start` as [`FINISHED_PER_WEEK`] says, on
/// working hours of successive days; stories beyond the weeks' counts
/// finish in the last week.
fn finishing_times(items: &[Item], start: DateTime<Utc>) -> Vec<(Key, DateTime<Utc>)> {
    let mut done: Vec<Key> = items
        .iter()
        .filter(|i| i.kind() == Kind::Story && i.status == Status::Done)
        .map(|i| i.key)
        .collect();
    done.sort();
    let last = FINISHED_PER_WEEK.len() - 1;
    let mut week_of = FINISHED_PER_WEEK
        .iter()
        .enumerate()
        .flat_map(|(w, &n)| std::iter::repeat_n(w, n));
    let mut out: Vec<(Key, DateTime<Utc>)> = Vec::new();
    for key in done {
        let week = week_of.next().unwrap_or(last);
        let nth = out
            .iter()
            .filter(|(_, at)| (*at - start).num_weeks() as usize == week)
            .count() as i64;
        out.push((
            key,
            start + Duration::weeks(week as i64) + Duration::days(1 + nth) + Duration::hours(9),
        ));
    }
    out
}
