use super::*;

fn message<T: std::fmt::Debug>(r: Result<T, DomainError>) -> String {
    r.unwrap_err().to_string()
}

#[test]
fn none_words_clear() {
    for s in ["", "  ", "none", "NONE", " None ", "-"] {
        assert!(is_none_word(s), "{s:?}");
        assert_eq!(lane(s).unwrap(), None, "{s:?}");
        assert_eq!(points(s).unwrap(), None, "{s:?}");
        assert_eq!(optional_score(Field::Reach, s).unwrap(), None, "{s:?}");
    }
    assert!(!is_none_word("0"));
    assert!(!is_none_word("nothing"));
}

#[test]
fn keys() {
    assert_eq!(key(" s-3 ").unwrap().to_string(), "S-3");
    assert_eq!(
        message(key("X-1")),
        "`X-1` is not an item key (expected something like I-3, E-12 or S-104)"
    );
}

#[test]
fn kinds() {
    assert_eq!(kind("Epic").unwrap(), Kind::Epic);
    assert_eq!(
        kind("task").unwrap_err().to_string(),
        "invalid kind `task`: expected one of initiative, epic, story"
    );
}

#[test]
fn lanes() {
    assert_eq!(lane("now").unwrap(), Some(Lane::Now));
    assert_eq!(lane(" Later ").unwrap(), Some(Lane::Later));
    assert_eq!(
        message(lane("soon")),
        "invalid lane `soon`: expected one of now, next, later"
    );
}

#[test]
fn statuses() {
    assert_eq!(status("in progress").unwrap(), Status::InProgress);
    assert_eq!(status("DOING").unwrap(), Status::InProgress);
    assert_eq!(status("ready").unwrap(), Status::Ready);
    assert_eq!(
        message(status("open")),
        "invalid status `open`: expected one of draft, ready, in-progress, done, dropped"
    );
}

#[test]
fn points_are_numbers_from_zero() {
    assert_eq!(points("5").unwrap(), Some(5.0));
    assert_eq!(points(" 0.5 ").unwrap(), Some(0.5));
    assert_eq!(points("0").unwrap(), Some(0.0));
    assert_eq!(
        message(points("-1")),
        "invalid points `-1`: expected a number ≥ 0 (e.g. 1, 2, 3, 5, 8, 13)"
    );
    assert_eq!(
        message(points("lots")),
        "invalid points `lots`: expected a number ≥ 0 (e.g. 1, 2, 3, 5, 8, 13)"
    );
    assert!(points("inf").is_err());
    assert!(points("NaN").is_err());
}

#[test]
fn scores_keep_to_their_ranges() {
    assert_eq!(score(Field::Confidence, "80%").unwrap(), 80.0);
    assert_eq!(score(Field::Reach, "0").unwrap(), 0.0);
    assert_eq!(optional_score(Field::JobSize, "8").unwrap(), Some(8.0));
    assert_eq!(
        message(score(Field::Effort, "0")),
        "invalid effort `0`: expected a number > 0 (person-months)"
    );
    assert_eq!(
        message(score(Field::Confidence, "120")),
        "invalid confidence `120`: expected a percent, 0 < c ≤ 100 (100 high, 80 medium, 50 low)"
    );
    assert_eq!(
        message(optional_score(Field::Impact, "big")),
        "invalid impact `big`: expected a number > 0 (3 massive, 2 high, 1 medium, 0.5 low, 0.25 minimal)"
    );
}

#[test]
fn positions_count_from_one() {
    assert_eq!(position("criterion", " 2 ").unwrap(), 2);
    assert_eq!(
        message(position("criterion", "0")),
        "invalid criterion `0`: expected a whole number from 1"
    );
    assert!(position("metric", "-1").is_err());
    assert!(position("metric", "1.5").is_err());
}

#[test]
fn ranks_are_whole_numbers() {
    assert_eq!(rank(" -3 ").unwrap(), -3);
    assert_eq!(
        message(rank("first")),
        "invalid rank `first`: expected a whole number"
    );
}

#[test]
fn dates_are_iso_days() {
    assert_eq!(
        date(" 2026-11-23 ").unwrap(),
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    );
    assert_eq!(
        message(date("23/11/2026")),
        "invalid date `23/11/2026`: expected a date like 2026-11-23"
    );
    assert!(date("2026-02-30").is_err());
}
