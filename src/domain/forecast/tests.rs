use chrono::TimeZone;
use proptest::prelude::*;

use super::*;
use crate::domain::key::Kind;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap()
}

/// `per_week[i]` stories finished in week `i` (oldest first) of the 12
/// weeks before now, each of 2 points.
fn history(per_week: &[usize]) -> Vec<Completion> {
    let start = now() - Duration::weeks(per_week.len() as i64);
    let mut n = 0;
    let mut out = Vec::new();
    for (w, &count) in per_week.iter().enumerate() {
        for i in 0..count {
            n += 1;
            out.push(Completion {
                key: Key::new(Kind::Story, n),
                at: start + Duration::weeks(w as i64) + Duration::hours(1 + i as i64),
                points: Some(2.0),
            });
        }
    }
    out
}

fn measured(per_week: &[usize]) -> Throughput {
    let start = now() - Duration::weeks(per_week.len() as i64);
    Throughput::measure(&history(per_week), now(), 12, Some(start))
}

#[test]
fn completions_fall_into_their_weeks() {
    let t = measured(&[1, 0, 2, 3, 0, 0, 4, 1, 1, 0, 2, 5]);
    let counts: Vec<usize> = t.weeks.iter().map(|w| w.stories).collect();
    assert_eq!(counts, [1, 0, 2, 3, 0, 0, 4, 1, 1, 0, 2, 5]);
    assert_eq!(t.total_stories(), 19);
    assert_eq!(t.total_points(), 38.0);
    assert_eq!(
        t.weeks[0].start,
        NaiveDate::from_ymd_opt(2026, 8, 31).unwrap()
    );
    assert!((t.mean() - 19.0 / 12.0).abs() < 1e-9);
}

#[test]
fn a_young_history_uses_only_its_own_weeks_and_is_not_enough() {
    let start = now() - Duration::days(20);
    let t = Throughput::measure(&history(&[2, 2, 2]), now(), 12, Some(start));
    assert_eq!(t.weeks.len(), 2);
    assert!(!t.is_enough());
    let e = forecast(
        10,
        &Pace::History(t),
        Trials::new(100, 1).unwrap(),
        now().date_naive(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.starts_with("not enough history: 2 of the 4 weeks needed"),
        "{e}"
    );
    assert!(e.contains("--throughput"), "{e}");
}

#[test]
fn a_constant_pace_gives_the_expected_dates() {
    let t = measured(&[3; 12]);
    let today = now().date_naive();
    let d = forecast(30, &Pace::History(t), Trials::new(1000, 7).unwrap(), today).unwrap();
    let in_10_weeks = Some(today + Duration::weeks(10));
    assert_eq!(
        (d.p50, d.p85, d.p95),
        (in_10_weeks, in_10_weeks, in_10_weeks)
    );
    let fixed = forecast(31, &Pace::Fixed(3.0), Trials::new(1, 0).unwrap(), today).unwrap();
    assert_eq!(fixed.p95, Some(today + Duration::weeks(11)));
}

#[test]
fn the_same_seed_gives_the_same_dates_and_percentiles_are_ordered() {
    let t = measured(&[1, 0, 2, 3, 0, 0, 4, 1, 1, 0, 2, 5]);
    let today = now().date_naive();
    let run = |seed| {
        forecast(
            40,
            &Pace::History(t.clone()),
            Trials::new(5000, seed).unwrap(),
            today,
        )
        .unwrap()
    };
    assert_eq!(run(42), run(42));
    let d = run(42);
    assert!(d.p50 <= d.p85 && d.p85 <= d.p95, "{d:?}");
    // 40 stories at about 1.6 a week: roughly half a year.
    let weeks = (d.p50.unwrap() - today).num_weeks();
    assert!((20..=32).contains(&weeks), "{weeks}");
}

#[test]
fn nothing_left_is_done_today_and_bad_input_is_refused() {
    let today = now().date_naive();
    let d = forecast(0, &Pace::Fixed(1.0), Trials::new(1, 0).unwrap(), today).unwrap();
    assert_eq!(d.p95, Some(today));
    assert!(Trials::new(0, 0).is_err());
    let e = forecast(5, &Pace::Fixed(-1.0), Trials::new(1, 0).unwrap(), today).unwrap_err();
    assert!(e.to_string().contains("--throughput"), "{e}");
    let idle = measured(&[0; 12]);
    let e = forecast(5, &Pace::History(idle), Trials::new(10, 0).unwrap(), today).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("no story was finished in the last 12 weeks"),
        "{e}"
    );
}

#[test]
fn a_pace_too_slow_for_ten_years_gives_no_date() {
    let today = now().date_naive();
    let d = forecast(10_000, &Pace::Fixed(1.0), Trials::new(1, 0).unwrap(), today).unwrap();
    assert_eq!(d.p50, None);
}

proptest! {
    /// More remaining work never gives an earlier date, for the same seed.
    #[test]
    fn more_work_is_never_sooner(
        weeks in proptest::collection::vec(0usize..6, 12),
        remaining in 1usize..80,
        seed in any::<u64>(),
    ) {
        prop_assume!(weeks.iter().sum::<usize>() > 0);
        let t = measured(&weeks);
        let today = now().date_naive();
        let run = |r| forecast(r, &Pace::History(t.clone()), Trials::new(300, seed).unwrap(), today).unwrap();
        let (a, b) = (run(remaining), run(remaining + 5));
        let later = |x: Option<NaiveDate>, y: Option<NaiveDate>| match (x, y) {
            (Some(x), Some(y)) => x <= y,
            (_, None) => true,
            (None, Some(_)) => false,
        };
        prop_assert!(later(a.p50, b.p50) && later(a.p85, b.p85) && later(a.p95, b.p95));
    }
}
