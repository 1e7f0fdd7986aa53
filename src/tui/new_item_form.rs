//! The form that adds an item, all of it at once: a story from its title
//! or a whole "As a …, I want …, so that …" sentence (read by the
//! importers' parser), its acceptance criteria as lines, points and
//! scores; an epic with its lane and scores; an initiative with its lane
//! and outcome. "Save and add another" keeps the form open for the next.

use super::action::Effect;
use super::app::{App, Mode};
use super::form::{Field, Form, FormTarget};
use super::keymap::Cmd;
use crate::domain::parse;
use crate::domain::scoring::{Field as ScoreField, RiceInputs, WsjfInputs};
use crate::domain::text::{clean_title, optional_text};
use crate::domain::user_story::story_from_text;
use crate::domain::{DomainError, Key, Kind};
use crate::ops::create::NewItem;

const RICE_HINT: &str = "reach impact confidence% effort, e.g. 500 high 80 2 · empty: none";
const WSJF_HINT: &str = "value time-criticality risk-reduction job-size, e.g. 8 5 3 5";

impl App {
    pub(super) fn new_item_form(&mut self, kind: Kind, parent: Option<Key>) {
        if self.read_only {
            self.error(format!(
                "{} is read-only: nothing was changed",
                self.file_name
            ));
            return;
        }
        let title = match parent.and_then(|p| self.backlog.get(p)) {
            Some(p) => format!("New {kind} under {} {}", p.key, p.title),
            None => format!("New {kind}"),
        };
        let fields = self.new_item_fields(kind);
        self.mode = Mode::Form(Form::new(
            title,
            FormTarget::NewItem { kind, parent },
            fields,
        ));
    }

    /// The empty fields of the form that adds an item of `kind`.
    fn new_item_fields(&self, kind: Kind) -> Vec<Field> {
        let lines = self.keymap.hint(Cmd::FieldNewLine);
        match kind {
            Kind::Story => vec![
                Field::new("Story", "a title, or: As a …, I want …, so that …", ""),
                Field::new(
                    "Criteria",
                    format!("acceptance criteria, one a line ({lines} new line)"),
                    "",
                )
                .multiline(),
                Field::new("Points", "1 2 3 5 8 13 20 · empty: not estimated", ""),
                Field::new("RICE", RICE_HINT, ""),
                Field::new("WSJF", WSJF_HINT, ""),
            ],
            Kind::Epic => vec![
                Field::new("Title", "one line", ""),
                Field::new("Lane", "now · next · later · empty: initiative's", ""),
                Field::new("RICE", RICE_HINT, ""),
                Field::new("WSJF", WSJF_HINT, ""),
            ],
            Kind::Initiative => vec![
                Field::new("Title", "one line", ""),
                Field::new("Lane", "now · next · later · empty", ""),
                Field::new("Outcome", "the outcome it pursues", ""),
            ],
            Kind::Insight => vec![Field::new("Title", "one line", "")],
        }
    }

    /// The effect of a submitted new-item form; nothing is stored when any
    /// field is invalid.
    pub(super) fn submit_new_item(
        &self,
        form: &Form,
        kind: Kind,
        parent: Option<Key>,
    ) -> Result<Effect, String> {
        let e = |d: DomainError| d.to_string();
        let new = match kind {
            Kind::Story => {
                let mut new = story_text(&form.value(0), self.now)?;
                new.criteria = criteria_lines(&form.value(1));
                new.points = parse::points(&form.value(2)).map_err(e)?;
                new.rice = rice_line(&form.value(3)).map_err(e)?;
                new.wsjf = wsjf_line(&form.value(4)).map_err(e)?;
                new
            }
            Kind::Epic => NewItem {
                lane: parse::lane(&form.value(1)).map_err(e)?,
                rice: rice_line(&form.value(2)).map_err(e)?,
                wsjf: wsjf_line(&form.value(3)).map_err(e)?,
                ..NewItem::titled(&clean_title("title", &form.value(0)).map_err(e)?)
            },
            Kind::Initiative => NewItem {
                lane: parse::lane(&form.value(1)).map_err(e)?,
                outcome: optional_text(&form.value(2)),
                ..NewItem::titled(&clean_title("title", &form.value(0)).map_err(e)?)
            },
            Kind::Insight => NewItem::titled(&clean_title("title", &form.value(0)).map_err(e)?),
        };
        Ok(Effect::Create {
            kind,
            parent,
            new: Box::new(new),
        })
    }

    /// A write finished while a form waited for it: the form closes, or,
    /// when "save and add another" sent it, opens again empty for the next
    /// item in the same place.
    pub(super) fn close_saved_form(&mut self, created: Option<Key>) {
        let Mode::Form(form) = &mut self.mode else {
            return;
        };
        if !form.pending {
            return;
        }
        match (form.another, form.target, created) {
            (true, FormTarget::NewItem { kind, parent }, Some(k)) => {
                let title = form
                    .title
                    .split(" · added ")
                    .next()
                    .unwrap_or_default()
                    .to_string();
                let mut next = Form::new(
                    format!("{title} · added {k}"),
                    FormTarget::NewItem { kind, parent },
                    self.new_item_fields(kind),
                );
                next.another = false;
                self.mode = Mode::Form(next);
            }
            _ => self.mode = Mode::Normal,
        }
    }
}

/// A story from its one line: a user-story sentence gives persona, goal,
/// benefit and a title from the goal (as the importers read it); any
/// other line is the title.
fn story_text(line: &str, now: chrono::DateTime<chrono::Utc>) -> Result<NewItem, String> {
    let title = clean_title("title", line).map_err(|e| e.to_string())?;
    let read = story_from_text(&title, now)?;
    if !read.sentence {
        return Ok(NewItem::titled(&title));
    }
    let item = read.item;
    Ok(NewItem {
        persona: item.persona,
        goal: item.goal,
        benefit: item.benefit,
        description: optional_text(&item.description),
        ..NewItem::titled(&item.title)
    })
}

/// Acceptance criteria typed one a line; blank lines and list bullets
/// (`-`, `*`, `1.`) dropped.
pub(super) fn criteria_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| {
            let t = l.trim();
            let t = match t.strip_prefix(['-', '*', '•']) {
                Some(rest) if rest.is_empty() || rest.starts_with(char::is_whitespace) => {
                    rest.trim()
                }
                _ => t,
            };
            let digits = t.chars().take_while(char::is_ascii_digit).count();
            match t[digits..]
                .strip_prefix(". ")
                .or(t[digits..].strip_prefix(") "))
            {
                Some(rest) if digits > 0 => rest.trim().to_string(),
                _ => t.to_string(),
            }
        })
        .filter(|l| !l.is_empty())
        .collect()
}

/// The values of a line of score inputs: empty, or one value for each of
/// `fields` (spaces or commas between), each read as its field reads it.
fn score_values(
    model: &str,
    fields: [ScoreField; 4],
    example: &str,
    line: &str,
) -> Result<Vec<(ScoreField, Option<f64>)>, DomainError> {
    let words: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return Ok(Vec::new());
    }
    if words.len() != fields.len() {
        return Err(DomainError::invalid(
            model,
            line.trim(),
            &format!("four values ({example}), or nothing"),
        ));
    }
    fields
        .into_iter()
        .zip(words)
        .map(|(f, w)| parse::optional_score(f, w).map(|v| (f, v)))
        .collect()
}

pub(super) fn rice_line(line: &str) -> Result<RiceInputs, DomainError> {
    let mut rice = RiceInputs::default();
    let example = "reach impact confidence% effort, e.g. 500 high 80 2";
    for (f, v) in score_values("RICE", ScoreField::RICE, example, line)? {
        rice.set(f, v);
    }
    Ok(rice)
}

pub(super) fn wsjf_line(line: &str) -> Result<WsjfInputs, DomainError> {
    let mut wsjf = WsjfInputs::default();
    let example = "value time-criticality risk-reduction job-size, e.g. 8 5 3 5";
    for (f, v) in score_values("WSJF", ScoreField::WSJF, example, line)? {
        wsjf.set(f, v);
    }
    Ok(wsjf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn criteria_lines_drop_blanks_and_bullets() {
        assert_eq!(
            criteria_lines("- Given a, then b\n\n2. Given c, then d\n  plain  \n*  "),
            ["Given a, then b", "Given c, then d", "plain"]
        );
    }

    #[test]
    fn score_lines_take_four_values_or_none() {
        let rice = rice_line("500, high 80 2").unwrap();
        assert_eq!(
            (rice.reach, rice.impact, rice.confidence, rice.effort),
            (Some(500.0), Some(2.0), Some(80.0), Some(2.0))
        );
        assert_eq!(rice_line("  ").unwrap(), RiceInputs::default());
        assert!(
            rice_line("500 high")
                .unwrap_err()
                .to_string()
                .contains("four values")
        );
        assert!(wsjf_line("8 5 3 0").is_err());
        assert_eq!(wsjf_line("8 5 3 5").unwrap().job_size, Some(5.0));
    }
}
