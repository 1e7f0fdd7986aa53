//! One data record into an item: its kind from the issue type, title and
//! user-story parts, status, estimate, scores and the rest, with what it
//! links to kept aside for placing.

use chrono::{DateTime, Utc};

use super::super::import_plan::ImportError;
use super::columns::{Field, normalise};
use super::report::Report;
use crate::domain::parse;
use crate::domain::ready::missing_for_ready;
use crate::domain::scoring::Field as ScoreField;
use crate::domain::text::optional_text;
use crate::domain::user_story::{
    clean_benefit, clean_goal, clean_persona, parse_sentence, squash, title_from_goal,
};
use crate::domain::{AcceptanceCriterion, DomainError, Item, Key, Kind, Lane, Status};

/// One data row, read: the item, and what places it.
#[derive(Debug)]
pub(super) struct Row {
    pub links: Links,
    pub item: Item,
}

/// What a row is known by and what it names as its parents.
#[derive(Debug)]
pub(super) struct Links {
    pub line: usize,
    pub kind: Kind,
    pub title: String,
    pub key: Option<String>,
    pub id: Option<String>,
    /// Parent, then epic link, as written.
    pub parents: Vec<String>,
    pub epic_name: Option<String>,
}

/// A cell that holds a value, with its field.
struct Cell {
    field: Field,
    text: String,
}

/// The non-empty cells of a record, in column order.
struct Cells(Vec<Cell>);

impl Cells {
    fn new(columns: &[Option<Field>], cells: Vec<String>) -> Cells {
        let mut values = Vec::new();
        for (c, v) in columns.iter().zip(cells) {
            if let Some(field) = c
                && !v.trim().is_empty()
            {
                values.push(Cell {
                    field: *field,
                    text: v.replace("\r\n", "\n"),
                });
            }
        }
        Cells(values)
    }

    /// The first value of a field, trimmed; `NULL` counts as none.
    fn first(&self, f: Field) -> Option<String> {
        self.0
            .iter()
            .find(|c| c.field == f)
            .map(|c| c.text.trim().to_string())
            .filter(|s| !s.is_empty() && s != "NULL")
    }

    /// Every value of a field, as written.
    fn all(&self, f: Field) -> impl Iterator<Item = &str> {
        self.0
            .iter()
            .filter(move |c| c.field == f)
            .map(|c| c.text.as_str())
    }
}

/// The user-story parts of a row and the title they give.
struct StoryParts {
    /// A whole "As a …" sentence from a story column.
    story: Option<String>,
    /// The title cell as written (squashed).
    title_cell: Option<String>,
    persona: Option<String>,
    goal: Option<String>,
    benefit: Option<String>,
}

impl StoryParts {
    /// Parts from their own columns, else from a sentence in the story or
    /// title column (counted in the report when it was the title's).
    fn read(cells: &Cells, report: &mut Report) -> StoryParts {
        let story = cells.first(Field::Story).map(|s| squash(&s));
        let mut persona = cells.first(Field::Persona).and_then(|s| clean_persona(&s));
        let mut goal = cells.first(Field::Goal).and_then(|s| clean_goal(&s));
        let mut benefit = cells.first(Field::Benefit).and_then(|s| clean_benefit(&s));
        let title_cell = cells.first(Field::Title).map(|s| squash(&s));
        if persona.is_none() && goal.is_none() {
            let from = story.as_deref().or(title_cell.as_deref());
            if let Some(s) = from.and_then(parse_sentence) {
                if story.is_none() {
                    report.sentences_in_titles += 1;
                }
                persona = s.persona;
                goal = Some(s.goal);
                benefit = benefit.or(s.benefit);
            }
        }
        StoryParts {
            story,
            title_cell,
            persona,
            goal,
            benefit,
        }
    }

    /// The title cell, else a title from the goal, else the story.
    fn title(&self) -> Option<String> {
        self.title_cell
            .clone()
            .or_else(|| self.goal.as_deref().map(title_from_goal))
            .or_else(|| self.story.clone())
    }
}

/// Reads one record (its `line`, its cells under `columns`) into a row.
pub(super) fn read(
    file: &str,
    now: DateTime<Utc>,
    report: &mut Report,
    line: usize,
    columns: &[Option<Field>],
    cells: Vec<String>,
) -> Result<Row, ImportError> {
    let err = |reason: String| ImportError::at(file, line, reason);
    let cells = Cells::new(columns, cells);
    let kind = kind_of(&cells, report);
    let parts = StoryParts::read(&cells, report);
    let title = parts
        .title()
        .ok_or_else(|| err("no title: the title cell is empty".into()))?;
    let placeholder_parent = kind.parent_kind().map(|k| Key::new(k, 1));
    let mut item = Item::new(Key::new(kind, 1), &title, placeholder_parent, now)
        .map_err(|e| err(e.to_string()))?;
    if let Some(d) = cells.first(Field::Description) {
        item.description = d;
    }
    if let Some(s) = parts
        .story
        .as_ref()
        .filter(|_| parts.title_cell.is_some() || parts.goal.is_some())
        && item.description.is_empty()
        && kind == Kind::Story
    {
        item.description = s.clone();
    }
    let mut status = status_of(&cells, report);
    item.owner = cells.first(Field::Owner).and_then(|s| optional_text(&s));
    item.labels = labels(&cells);
    fill(&mut item, &cells, line, report).map_err(|e| err(e.to_string()))?;
    if kind == Kind::Story {
        item.persona = parts.persona;
        item.goal = parts.goal;
        item.benefit = parts.benefit;
    } else if parts.persona.is_some() || parts.goal.is_some() {
        report.ignore("user-story parts on initiatives and epics", line);
    }
    if status == Status::Ready
        && kind == Kind::Story
        && !missing_for_ready(&item, |_| None).is_empty()
    {
        status = Status::Draft;
        report.not_ready.push(line);
    }
    item.status = status;

    let parents = [Field::Parent, Field::EpicLink]
        .into_iter()
        .filter_map(|f| cells.first(f))
        .collect();
    Ok(Row {
        links: Links {
            line,
            kind,
            title,
            key: cells.first(Field::Key),
            id: cells.first(Field::Id),
            parents,
            epic_name: cells.first(Field::EpicName),
        },
        item,
    })
}

/// The kind from the issue type (counted in the report); an epic name
/// without a type makes an epic, else a story.
fn kind_of(cells: &Cells, report: &mut Report) -> Kind {
    match cells.first(Field::Kind) {
        Some(t) => {
            let (kind, known) = issue_type(&t);
            report.types.add(&t, kind, known);
            kind
        }
        None if cells.first(Field::EpicName).is_some() => Kind::Epic,
        None => Kind::Story,
    }
}

/// The status (counted in the report); done with a resolution that means
/// it was not done is dropped.
fn status_of(cells: &Cells, report: &mut Report) -> Status {
    let status = match cells.first(Field::Status) {
        Some(s) => {
            let (st, known) = map_status(&s);
            report.statuses.add(&s, st, known);
            st
        }
        None => Status::Draft,
    };
    if status == Status::Done
        && let Some(r) = cells.first(Field::Resolution)
        && is_dropped_resolution(&r)
    {
        return Status::Dropped;
    }
    status
}

/// Labels from every labels column, split on commas, semicolons and
/// spaces, each once.
fn labels(cells: &Cells) -> Vec<String> {
    let mut labels: Vec<String> = Vec::new();
    for cell in cells.all(Field::Labels) {
        for l in cell.split(|c: char| c == ',' || c == ';' || c.is_whitespace()) {
            if !l.is_empty() && !labels.iter().any(|x| x == l) {
                labels.push(l.to_string());
            }
        }
    }
    labels
}

/// The fields that only some kinds hold: points, lane, outcome,
/// hypothesis, criteria and score inputs; on the wrong kind they are noted
/// as not imported.
fn fill(
    item: &mut Item,
    cells: &Cells,
    line: usize,
    report: &mut Report,
) -> Result<(), DomainError> {
    let kind = item.kind();
    // `null` is how some trackers write an empty cell.
    if let Some(p) = cells.first(Field::Points)
        && !parse::is_none_word(&p)
        && !p.eq_ignore_ascii_case("null")
    {
        if kind == Kind::Story {
            item.set_points(parse::points(&p)?)?;
        } else {
            report.ignore("points on initiatives and epics", line);
        }
    }
    if let Some(l) = cells.first(Field::Lane) {
        let lane: Lane = l.parse()?;
        if kind == Kind::Story {
            report.ignore("lanes on stories (a story shows in its epic's lane)", line);
        } else {
            item.lane = Some(lane);
        }
    }
    if let Some(o) = cells.first(Field::Outcome) {
        if kind == Kind::Initiative {
            item.outcome = optional_text(&o);
        } else {
            report.ignore("outcomes on epics and stories", line);
        }
    }
    if let Some(h) = cells.first(Field::Hypothesis) {
        if kind == Kind::Initiative {
            item.hypothesis = optional_text(&h);
        } else {
            report.ignore("hypotheses on epics and stories", line);
        }
    }
    if let Some(c) = cells.first(Field::Criteria) {
        if kind == Kind::Story {
            item.criteria = criteria(&c);
        } else {
            report.ignore("acceptance criteria on initiatives and epics", line);
        }
    }
    for f in ScoreField::RICE.into_iter().chain(ScoreField::WSJF) {
        if let Some(v) = cells.first(Field::Score(f)) {
            let v = parse::score(f, &v)?;
            if kind == Kind::Initiative {
                report.ignore("score inputs on initiatives", line);
            } else if ScoreField::RICE.contains(&f) {
                item.rice.set(f, Some(v));
            } else {
                item.wsjf.set(f, Some(v));
            }
        }
    }
    Ok(())
}

/// Jira issue types onto our kinds; `false` when the type is unknown.
fn issue_type(t: &str) -> (Kind, bool) {
    match normalise(t).as_str() {
        "initiative" | "theme" | "objective" => (Kind::Initiative, true),
        "epic" | "feature" | "capability" => (Kind::Epic, true),
        "story" | "userstory" | "bug" | "task" | "subtask" | "technicaltask" | "improvement"
        | "newfeature" | "spike" | "defect" | "chore" | "enhancement" | "techdebt"
        | "technicaldebt" | "test" => (Kind::Story, true),
        _ => match t.parse::<Kind>() {
            Ok(k) => (k, true),
            Err(_) => (Kind::Story, false),
        },
    }
}

/// Jira (and other trackers') statuses onto ours; `false` when unknown
/// (then `draft`).
fn map_status(s: &str) -> (Status, bool) {
    match normalise(s).as_str() {
        "todo" | "open" | "backlog" | "new" | "reopened" | "draft" | "funnel" | "idea" => {
            (Status::Draft, true)
        }
        "ready" | "readyfordevelopment" | "readyfordev" | "selectedfordevelopment" => {
            (Status::Ready, true)
        }
        "inprogress" | "doing" | "indevelopment" | "inreview" | "review" | "codereview"
        | "intesting" | "testing" | "inqa" | "qa" | "blocked" => (Status::InProgress, true),
        "done" | "closed" | "resolved" | "complete" | "completed" | "fixed" | "released"
        | "shipped" => (Status::Done, true),
        "wontdo" | "wontfix" | "cancelled" | "canceled" | "rejected" | "dropped" | "declined"
        | "obsolete" | "duplicate" => (Status::Dropped, true),
        _ => (Status::Draft, false),
    }
}

/// Resolutions that mean the work was closed without being done.
fn is_dropped_resolution(r: &str) -> bool {
    matches!(
        normalise(r).as_str(),
        "wontfix"
            | "wontdo"
            | "duplicate"
            | "cannotreproduce"
            | "incomplete"
            | "declined"
            | "rejected"
            | "obsolete"
            | "cancelled"
            | "canceled"
    )
}

/// Acceptance criteria from a cell: one per line; `- `, `* ` bullets and
/// `[ ]` / `[x]` boxes understood.
fn criteria(cell: &str) -> Vec<AcceptanceCriterion> {
    cell.lines()
        .filter_map(|l| {
            let mut t = l.trim();
            for b in ["- ", "* ", "• "] {
                t = t.strip_prefix(b).unwrap_or(t).trim_start();
            }
            let (done, t) = if let Some(r) = t.strip_prefix("[x]").or_else(|| t.strip_prefix("[X]"))
            {
                (true, r)
            } else if let Some(r) = t.strip_prefix("[ ]") {
                (false, r)
            } else {
                (false, t)
            };
            optional_text(t).map(|text| AcceptanceCriterion {
                text: squash(&text),
                done,
            })
        })
        .collect()
}
