use chrono::TimeZone;
use proptest::prelude::*;

use super::*;
use crate::domain::roadmap::fixture::{at, key};
use crate::domain::{Item, Kind};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap()
}

/// Builds a backlog from lines `KEY parent lane status points rank`
/// (`-` for none).
fn backlog(lines: &[&str]) -> Backlog {
    let items = lines
        .iter()
        .map(|line| {
            let f: Vec<&str> = line.split_whitespace().collect();
            let parent = (f[1] != "-").then(|| key(f[1]));
            let mut i = Item::blank(key(f[0]), parent, at());
            i.title = format!("{} title", f[0]);
            i.lane = (f[2] != "-").then(|| f[2].parse().unwrap());
            i.status = f[3].parse().unwrap();
            i.points = (f[4] != "-").then(|| f[4].parse().unwrap());
            i.rank = f.get(5).map_or(1, |r| r.parse().unwrap());
            i
        })
        .collect();
    Backlog::new(items)
}

/// `per_week[i]` stories of `points` each finished in week `i` (oldest
/// first) of the weeks before now; the history starts with the first week.
fn history(per_week: &[usize], points: Option<f64>) -> (Vec<Completion>, Option<DateTime<Utc>>) {
    let start = now() - Duration::weeks(per_week.len() as i64);
    let mut out = Vec::new();
    let mut n = 1000;
    for (w, &count) in per_week.iter().enumerate() {
        for i in 0..count {
            n += 1;
            out.push(Completion {
                key: Key::new(Kind::Story, n),
                at: start + Duration::weeks(w as i64) + Duration::hours(1 + i as i64),
                points,
            });
        }
    }
    (out, Some(start))
}

/// Two Now epics (E-1 ranked above E-2) and one Next epic, under one
/// initiative in Now and one in Next.
fn sample() -> Backlog {
    backlog(&[
        "I-1 - now draft -",
        "I-2 - next draft -",
        "E-1 I-1 - draft - 1",
        "E-2 I-1 - draft - 2",
        "E-3 I-2 - draft - 1",
        "S-1 E-1 - draft 5",
        "S-2 E-1 - draft 3",
        "S-3 E-1 - done 8",
        "S-4 E-2 - draft -",
        "S-5 E-2 - draft 2",
        "S-6 E-2 - draft 8",
        "S-7 E-3 - draft 13",
        "S-8 E-3 - draft 1",
    ])
}

fn planned(b: &Backlog, per_week: &[usize], settings: PlanningSettings) -> Planning {
    let (done, start) = history(per_week, Some(2.0));
    plan(b, &done, start, settings, Model::Rice, now())
}

#[test]
fn now_load_counts_open_now_stories_and_unestimated_ones_at_the_median() {
    let p = planned(&sample(), &[2; 12], PlanningSettings::default());
    let load = p.capacity.load;
    // S-1, S-2, S-4, S-5, S-6 (S-3 is done; S-7, S-8 are in Next).
    assert_eq!(load.stories, 5);
    assert_eq!(load.points, 18.0);
    assert_eq!(load.unestimated, 1);
    // Estimates 5 3 8 2 8 13 1 → median 5.
    assert_eq!(load.median, Some(5.0));
    assert_eq!(load.counted_points(), 23.0);
}

#[test]
fn measured_capacity_is_points_per_week_times_the_now_weeks() {
    // 2 stories of 2 points a week: 4 pts/week, × 6 weeks = 24.
    let p = planned(&sample(), &[2; 12], PlanningSettings::default());
    assert_eq!(
        p.capacity.pace,
        CapacityPace::Measured {
            points_per_week: 4.0,
            weeks: 12
        }
    );
    assert_eq!(p.capacity.available(), Some(24.0));
    assert!(!p.capacity.is_over());
    assert_eq!(p.capacity.headline(), "Now 23 / 24 pts — fits (96% used)");
    assert_eq!(
        p.capacity.basis(),
        "Now holds 5 open stories (18 pts estimated; 1 unestimated story counted at the median \
         estimate, 5 pts); capacity 4 pts/week (measured over the last 12 weeks) × 6 weeks"
    );
}

#[test]
fn a_configured_capacity_wins_and_over_commitment_is_named() {
    let settings = PlanningSettings::new(2, Some(5.0)).unwrap();
    let p = planned(&sample(), &[2; 12], settings);
    assert_eq!(p.capacity.available(), Some(10.0));
    assert!(p.capacity.is_over());
    assert_eq!(p.capacity.headline(), "Now 23 / 10 pts — over by 130%");
    assert!(
        p.capacity
            .basis()
            .contains("capacity 5 pts/week (set for the team) × 2 weeks")
    );
}

#[test]
fn without_enough_history_capacity_and_dates_are_unknown_not_guessed() {
    let p = planned(&sample(), &[3, 3], PlanningSettings::default());
    assert_eq!(p.capacity.pace, CapacityPace::NotEnoughHistory { weeks: 2 });
    assert_eq!(p.capacity.available(), None);
    assert_eq!(
        p.capacity.headline(),
        "Now 23 pts — capacity unknown: 2 of 4 weeks of history"
    );
    assert_eq!(p.basis, ForecastBasis::NotEnoughHistory { weeks: 2 });
    assert!(p.epics.iter().all(|e| e.p85.is_none()));
    assert_eq!(
        RoadmapPlanning::of(&p).card_line(key("E-1")).unwrap(),
        "85%: not enough history"
    );
}

#[test]
fn finished_stories_without_points_give_no_capacity() {
    let (done, start) = history(&[2; 6], None);
    let p = plan(
        &sample(),
        &done,
        start,
        PlanningSettings::default(),
        Model::Rice,
        now(),
    );
    assert_eq!(p.capacity.pace, CapacityPace::NoPointsFinished { weeks: 6 });
    // Dates count stories, so they still come.
    assert!(p.basis.is_forecast());
    assert!(p.epics.iter().all(|e| e.p85.is_some()));
}

#[test]
fn a_constant_pace_gives_exact_dates_in_roadmap_order() {
    // 1 story a week, every week: E-1 (2 open) done in 2 weeks, E-2 (3
    // more) in 5, E-3 (2 more) in 7.
    let p = planned(&sample(), &[1; 12], PlanningSettings::default());
    let got: Vec<(String, Lane, usize, Option<NaiveDate>)> = p
        .epics
        .iter()
        .map(|e| (e.key.to_string(), e.lane, e.cumulative, e.p85))
        .collect();
    let day = |w: i64| Some(now().date_naive() + Duration::weeks(w));
    assert_eq!(
        got,
        [
            ("E-1".to_string(), Lane::Now, 2, day(2)),
            ("E-2".to_string(), Lane::Now, 5, day(5)),
            ("E-3".to_string(), Lane::Next, 7, day(7)),
        ]
    );
    assert_eq!(
        RoadmapPlanning::of(&p).card_line(key("E-2")).unwrap(),
        "85%: 28 Dec 2026"
    );
    assert_eq!(RoadmapPlanning::of(&p).card_line(key("S-1")), None);
    // The Now horizon is 6 weeks: nothing in Now is late.
    assert_eq!(p.late_in_now().count(), 0);
    let short = planned(&sample(), &[1; 12], PlanningSettings::new(3, None).unwrap());
    let late: Vec<String> = short.late_in_now().map(|e| e.key.to_string()).collect();
    assert_eq!(late, ["E-2"]);
}

#[test]
fn an_epic_with_nothing_open_is_done_today() {
    let b = backlog(&[
        "I-1 - now draft -",
        "E-1 I-1 - draft - 1",
        "S-1 E-1 - done 3",
    ]);
    let p = planned(&b, &[1; 12], PlanningSettings::default());
    assert_eq!(p.epics[0].p85, Some(now().date_naive()));
}

#[test]
fn a_history_with_no_story_finished_gives_no_dates() {
    let p = planned(&sample(), &[0; 12], PlanningSettings::default());
    assert_eq!(p.basis, ForecastBasis::NoneFinished { weeks: 12 });
    assert!(
        p.basis
            .line()
            .contains("no story was finished in the last 12 weeks")
    );
}

#[test]
fn settings_are_checked_against_their_ranges() {
    assert!(PlanningSettings::new(0, None).is_err());
    assert!(PlanningSettings::new(MAX_NOW_WEEKS + 1, None).is_err());
    assert!(PlanningSettings::new(6, Some(0.0)).is_err());
    assert!(PlanningSettings::new(6, Some(-3.0)).is_err());
    assert!(PlanningSettings::new(6, Some(f64::NAN)).is_err());
    assert!(PlanningSettings::new(6, Some(f64::INFINITY)).is_err());
    assert_eq!(
        PlanningSettings::new(6, None).unwrap(),
        PlanningSettings::default()
    );
}

proptest! {
    /// Dates never go backwards down the roadmap, whatever the history.
    #[test]
    fn dates_follow_roadmap_order(per_week in proptest::collection::vec(0usize..6, 4..14)) {
        let p = planned(&sample(), &per_week, PlanningSettings::default());
        let dates: Vec<NaiveDate> = p.epics.iter().filter_map(|e| e.p85).collect();
        prop_assert!(dates.windows(2).all(|w| w[0] <= w[1]));
    }
}
