//! The rest of a story in its edit form, so that one form holds all of
//! it: acceptance criteria one a line (a criterion kept keeps its tick),
//! points, and the RICE and WSJF inputs as a line of four values each.

use super::form::Field;
use super::new_item_form::{criteria_lines, rice_line, wsjf_line};
use crate::domain::item::AcceptanceCriterion;
use crate::domain::number::fmt_plain;
use crate::domain::parse;
use crate::domain::scoring::Field as ScoreField;
use crate::domain::{DomainError, Item};

/// The story's criteria, points and scores as form fields.
pub(super) fn story_fields(item: &Item, new_line: &str) -> Vec<Field> {
    let criteria: Vec<&str> = item.criteria.iter().map(|c| c.text.as_str()).collect();
    let rice = score_line(ScoreField::RICE.map(|f| item.rice.get(f)));
    let wsjf = score_line(ScoreField::WSJF.map(|f| item.wsjf.get(f)));
    vec![
        Field::new(
            "Criteria",
            format!("one a line ({new_line} new line); a line kept keeps its tick"),
            &criteria.join("\n"),
        )
        .multiline(),
        Field::new(
            "Points",
            "1 2 3 5 8 13 20 · empty: not estimated",
            &item.points.map(fmt_plain).unwrap_or_default(),
        ),
        Field::new(
            "RICE",
            "reach impact confidence% effort · - for one not known",
            &rice,
        ),
        Field::new(
            "WSJF",
            "value time-criticality risk-reduction job-size",
            &wsjf,
        ),
    ]
}

/// Four inputs on a line, `-` for a missing one; empty when none is set.
fn score_line(values: [Option<f64>; 4]) -> String {
    if values.iter().all(Option::is_none) {
        return String::new();
    }
    values
        .iter()
        .map(|v| v.map_or("-".to_string(), fmt_plain))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The typed criteria, points and scores applied to `item`; nothing is
/// changed when any is invalid.
pub(super) fn apply_story_fields(
    item: &mut Item,
    criteria: &str,
    points: &str,
    rice: &str,
    wsjf: &str,
) -> Result<(), DomainError> {
    let points = parse::points(points)?;
    let (rice, wsjf) = (rice_line(rice)?, wsjf_line(wsjf)?);
    let criteria = kept_ticks(&item.criteria, criteria_lines(criteria));
    let mut edited = item.clone();
    edited.criteria.clear();
    for c in &criteria {
        edited.add_criterion(&c.text)?;
    }
    for (new, typed) in edited.criteria.iter_mut().zip(&criteria) {
        new.done = typed.done;
    }
    edited.set_points(points)?;
    if rice != edited.rice || wsjf != edited.wsjf {
        edited.require_scorable()?;
        (edited.rice, edited.wsjf) = (rice, wsjf);
    }
    *item = edited;
    Ok(())
}

/// The criteria typed, each ticked if it was: the same text keeps its
/// tick wherever it moved; a line changed in place keeps the tick of the
/// criterion it replaced (a typo fixed is the same criterion).
fn kept_ticks(old: &[AcceptanceCriterion], lines: Vec<String>) -> Vec<AcceptanceCriterion> {
    let mut used = vec![false; old.len()];
    let mut done: Vec<Option<bool>> = lines
        .iter()
        .map(|l| {
            let i = (0..old.len()).find(|&i| !used[i] && old[i].text == *l)?;
            used[i] = true;
            Some(old[i].done)
        })
        .collect();
    for (i, d) in done.iter_mut().enumerate() {
        if d.is_none() && i < old.len() && !used[i] {
            used[i] = true;
            *d = Some(old[i].done);
        }
    }
    lines
        .into_iter()
        .zip(done)
        .map(|(text, d)| AcceptanceCriterion {
            text,
            done: d.unwrap_or(false),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(text: &str, done: bool) -> AcceptanceCriterion {
        AcceptanceCriterion {
            text: text.into(),
            done,
        }
    }

    #[test]
    fn ticks_follow_their_text_or_their_place() {
        let old = [c("a", true), c("b", false), c("c", true)];
        // Moved: the tick follows the text.
        let lines = ["c", "b", "a", "new"].map(String::from).to_vec();
        assert_eq!(
            kept_ticks(&old, lines),
            [c("c", true), c("b", false), c("a", true), c("new", false)]
        );
        // Fixed in place: the tick of the criterion it replaced.
        let lines = ["a fixed", "b", "c"].map(String::from).to_vec();
        assert_eq!(
            kept_ticks(&old, lines),
            [c("a fixed", true), c("b", false), c("c", true)]
        );
    }

    #[test]
    fn score_lines_show_missing_inputs_as_dashes() {
        assert_eq!(score_line([None; 4]), "");
        assert_eq!(
            score_line([Some(500.0), None, Some(80.0), None]),
            "500 - 80 -"
        );
    }
}
