//! The Definition of Ready for stories.

use super::error::DomainError;
use super::item::Item;
use super::key::Key;
use super::key::Kind;
use super::status::Status;

/// What keeps `story` from being ready, in plain words; empty when ready.
/// `status_of` looks up the status of a dependency (`None` if it is gone).
pub fn missing_for_ready(story: &Item, status_of: impl Fn(Key) -> Option<Status>) -> Vec<String> {
    let mut missing = Vec::new();
    if story.persona.is_none() {
        missing.push("a persona (--as)".to_string());
    }
    if story.goal.is_none() {
        missing.push("a goal (--want)".to_string());
    }
    if story.criteria.is_empty() {
        missing.push("at least one acceptance criterion".to_string());
    }
    if story.points.is_none() {
        missing.push("an estimate (--points)".to_string());
    }
    for dep in &story.depends_on {
        match status_of(*dep) {
            Some(s) if s.is_finished() => {}
            Some(s) => missing.push(format!("{dep} to be done (it is {s})")),
            None => missing.push(format!("{dep} to be done (it no longer exists)")),
        }
    }
    missing
}

/// The Definition of Ready as a checklist: each rule and whether it is met.
pub fn ready_checklist(
    story: &Item,
    status_of: impl Fn(Key) -> Option<Status>,
) -> Vec<(String, bool)> {
    let deps_done = story
        .depends_on
        .iter()
        .all(|d| status_of(*d).is_some_and(|s| s.is_finished()));
    let deps = if story.depends_on.is_empty() {
        "no unfinished dependency".to_string()
    } else {
        let list: Vec<String> = story.depends_on.iter().map(ToString::to_string).collect();
        format!("dependencies done ({})", list.join(", "))
    };
    vec![
        ("persona".to_string(), story.persona.is_some()),
        ("goal".to_string(), story.goal.is_some()),
        (
            "at least one acceptance criterion".to_string(),
            !story.criteria.is_empty(),
        ),
        ("estimate".to_string(), story.points.is_some()),
        (deps, deps_done),
    ]
}

/// Changes `item`'s status. Marking a story ready that fails the
/// Definition of Ready is refused with what is missing, unless `force`, in
/// which case the missing list is returned so it can be recorded.
pub fn set_status(
    item: &mut Item,
    status: Status,
    status_of: impl Fn(Key) -> Option<Status>,
    force: bool,
) -> Result<Vec<String>, DomainError> {
    let mut overridden = Vec::new();
    if status == Status::Ready && item.kind() == Kind::Story && item.status != Status::Ready {
        let missing = missing_for_ready(item, status_of);
        if !missing.is_empty() {
            if !force {
                return Err(DomainError::NotReady {
                    key: item.key.to_string(),
                    missing,
                });
            }
            overridden = missing;
        }
    }
    item.status = status;
    Ok(overridden)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::key::Kind;
    use chrono::{DateTime, Utc};

    #[test]
    fn lists_everything_missing_then_nothing() {
        let e = Key::new(Kind::Epic, 1);
        let mut s = Item::new(
            Key::new(Kind::Story, 1),
            "x",
            Some(e),
            DateTime::<Utc>::UNIX_EPOCH,
        )
        .unwrap();
        let dep = Key::new(Kind::Story, 2);
        s.depends_on.push(dep);
        let m = missing_for_ready(&s, |_| Some(Status::InProgress));
        assert_eq!(m.len(), 5, "{m:?}");
        assert!(m[4].contains("S-2") && m[4].contains("in-progress"));
        s.persona = Some("PM".into());
        s.goal = Some("rank".into());
        s.add_criterion("it ranks").unwrap();
        s.points = Some(3.0);
        assert!(missing_for_ready(&s, |_| Some(Status::Done)).is_empty());
    }
}
