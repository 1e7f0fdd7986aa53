use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;

fn metric(baseline: &str, target: &str, values: &[&str]) -> Metric {
    Metric {
        name: "m".into(),
        baseline: baseline.into(),
        target: target.into(),
        checkins: values
            .iter()
            .enumerate()
            .map(|(n, v)| CheckIn {
                date: NaiveDate::from_ymd_opt(2026, 1, 1 + n as u32).unwrap(),
                value: (*v).into(),
                note: String::new(),
            })
            .collect(),
    }
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn down_target_half_way() {
    assert_eq!(progress("46", "20", "33"), Some(0.5));
}

#[test]
fn up_target() {
    assert_eq!(progress("10", "30", "25"), Some(0.75));
}

#[test]
fn shared_units() {
    assert_eq!(progress("11 min", "3 min", "7 min"), Some(0.5));
    assert_eq!(progress("12%", "7%", "9.5%"), Some(0.5));
    assert_eq!(progress("$1,000", "$2,000", "$1,500"), Some(0.5));
    assert_eq!(progress("11 MIN", "3 min", "7 min"), Some(0.5));
}

#[test]
fn a_bare_number_takes_the_unit() {
    assert_eq!(progress("12%", "7%", "9.5"), Some(0.5));
    assert_eq!(progress("46", "20 ms", "33"), Some(0.5));
}

#[test]
fn passes_one_and_goes_below_zero() {
    assert!(close(progress("46", "20", "14"), 32.0 / 26.0));
    assert!(progress("46", "20", "14").unwrap() > 1.0);
    assert!(close(progress("46", "20", "59"), -0.5));
    assert!(close(progress("10", "30", "0"), -0.5));
}

#[test]
fn unknown_when_units_differ_or_values_missing() {
    assert_eq!(progress("11 min", "3 min", "7 s"), None);
    assert_eq!(progress("11 min", "3 h", "7 min"), None);
    assert_eq!(progress("$5", "€9", "7"), None);
    assert_eq!(progress("", "20", "33"), None);
    assert_eq!(progress("46", "", "33"), None);
    assert_eq!(progress("46", "20", ""), None);
    assert_eq!(progress("fast", "faster", "fastest"), None);
    assert_eq!(progress("5", "5", "5"), None, "baseline equals target");
}

#[test]
fn quantities() {
    let q = quantity("  -3.5 per week ").unwrap();
    assert_eq!(
        (q.value, q.prefix.as_str(), q.suffix.as_str()),
        (-3.5, "", "per week")
    );
    assert_eq!(quantity("1,200").unwrap().value, 1200.0);
    assert_eq!(quantity(".5").unwrap().value, 0.5);
    assert_eq!(quantity("40.").unwrap().value, 40.0);
    assert_eq!(quantity("€30").unwrap().prefix, "€");
    for s in [
        "",
        "fast",
        "3 to 5 min",
        "12,34",
        "long-term",
        "1.2.3",
        "-",
        "about 4",
        "NaN",
    ] {
        assert_eq!(quantity(s), None, "{s:?}");
    }
}

#[test]
fn numeric_metrics_refuse_text_check_ins() {
    let m = metric("46", "20", &[]);
    assert!(is_numeric(&m));
    assert_eq!(check_value(&m, " 33 ").unwrap(), "33");
    let e = check_value(&m, "better").unwrap_err().to_string();
    assert!(e.contains("check-in value") && e.contains("number"), "{e}");
    let half = metric("", "20%", &[]);
    assert!(check_value(&half, "lots").is_err());
}

#[test]
fn metrics_without_numbers_take_text() {
    let m = metric("", "customers say it is fast", &[]);
    assert!(!is_numeric(&m));
    assert_eq!(check_value(&m, "mostly yes").unwrap(), "mostly yes");
    assert!(check_value(&m, "  ").is_err());
    assert_eq!(check_value(&m, "two\nlines").unwrap(), "two lines");
}

#[test]
fn standing_is_the_latest_check_in() {
    let m = metric("46", "20", &["40", "33"]);
    let s = standing(&m);
    assert_eq!(s.latest.map(|c| c.value.as_str()), Some("33"));
    assert_eq!(s.progress, Some(0.5));
    let none = metric("46", "20", &[]);
    assert_eq!(
        standing(&none),
        Standing {
            latest: None,
            progress: None
        }
    );
    assert_eq!(
        series(&metric("1", "2", &["1", "x", "1.5"])),
        vec![1.0, 1.5]
    );
}

#[test]
fn check_ins_stay_oldest_first_and_filter_by_date() {
    let m = metric("46", "20", &["40", "38", "33"]);
    let d = |day| NaiveDate::from_ymd_opt(2026, 1, day).unwrap();
    assert_eq!(insertion_index(&m.checkins, d(2)), 2);
    assert_eq!(insertion_index(&m.checkins, d(9)), 3);
    assert_eq!(
        insertion_index(&m.checkins, NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()),
        0
    );
    let since: Vec<&str> = checkins_since(&m, Some(d(2)))
        .iter()
        .map(|c| c.value.as_str())
        .collect();
    assert_eq!(since, ["38", "33"]);
    assert_eq!(checkins_since(&m, None).len(), 3);
}

#[test]
fn percents() {
    assert_eq!(percent(0.5), "50%");
    assert_eq!(percent(1.234), "123%");
    assert_eq!(percent(-0.25), "-25%");
}

proptest! {
    #[test]
    fn baseline_is_zero_and_target_is_one(b in -1e6f64..1e6, t in -1e6f64..1e6, unit in "(| min|%| per week)") {
        prop_assume!((t - b).abs() > 1e-6);
        let (bs, ts) = (format!("{b}{unit}"), format!("{t}{unit}"));
        prop_assert!(close(progress(&bs, &ts, &bs), 0.0));
        prop_assert!(close(progress(&bs, &ts, &ts), 1.0));
    }

    #[test]
    fn progress_is_linear_either_direction(b in -1e4f64..1e4, t in -1e4f64..1e4, f in -2.0f64..3.0) {
        prop_assume!((t - b).abs() > 1e-3);
        let c = b + f * (t - b);
        let p = progress(&b.to_string(), &t.to_string(), &c.to_string()).unwrap();
        prop_assert!((p - f).abs() < 1e-6, "{p} vs {f}");
    }

    #[test]
    fn units_that_differ_give_no_progress(b in 0u32..1000, t in 0u32..1000, c in 0u32..1000) {
        prop_assert_eq!(progress(&format!("{b} min"), &format!("{t} min"), &format!("{c} s")), None);
    }

    #[test]
    fn any_text_is_read_without_panic(s in "\\PC{0,20}") {
        let _ = quantity(&s);
        let m = metric(&s, &s, &[]);
        if let Ok(v) = check_value(&m, &s) {
            prop_assert_eq!(is_numeric(&m), quantity(&v).is_some());
        }
    }
}
