//! One data record into an item: its kind from the issue type, title and
//! user-story parts, status, estimate, scores and the rest, with what it
//! links to kept aside for placing.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::super::import_plan::ImportError;
use super::columns::{Columns, Field};
use super::layouts;
use super::report::Report;
use super::values::{self, Resolution};
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
    /// The parent's title (`Parent summary`), when the file names it so.
    pub parent_name: Option<String>,
    /// The project (Linear's), read as an epic by name.
    pub project: Option<String>,
    pub epic_name: Option<String>,
}

/// A cell that holds a value, with its field and column.
struct Cell {
    field: Field,
    column: usize,
    text: String,
}

/// The non-empty cells of a record, in column order.
struct Cells(Vec<Cell>);

impl Cells {
    fn new(columns: &[Option<Field>], cells: Vec<String>) -> Cells {
        let mut values = Vec::new();
        for (column, (c, v)) in columns.iter().zip(cells).enumerate() {
            if let Some(field) = c
                && !v.trim().is_empty()
            {
                values.push(Cell {
                    field: *field,
                    column,
                    text: v.replace("\r\n", "\n"),
                });
            }
        }
        Cells(values)
    }

    /// The first value of a field, trimmed; `NULL` counts as none.
    fn first(&self, f: Field) -> Option<String> {
        self.first_cell(f).map(|(_, t)| t)
    }

    /// The first value of a field with its column.
    fn first_cell(&self, f: Field) -> Option<(usize, String)> {
        self.0
            .iter()
            .find(|c| c.field == f)
            .map(|c| (c.column, c.text.trim().to_string()))
            .filter(|(_, s)| !s.is_empty() && s != "NULL")
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
    columns: &Columns,
    cells: Vec<String>,
) -> Result<Row, ImportError> {
    let err = |reason: String| ImportError::at(file, line, reason);
    let cells = Cells::new(&columns.fields, cells);
    let kind = kind_of(&cells, report);
    let parts = StoryParts::read(&cells, report);
    let title = parts
        .title()
        .ok_or_else(|| err("no title: the title cell is empty".into()))?;
    let placeholder_parent = kind.parent_kind().map(|k| Key::new(k, 1));
    let short = capped_title(&title);
    let mut item = Item::new(
        Key::new(kind, 1),
        short.as_deref().unwrap_or(&title),
        placeholder_parent,
        now,
    )
    .map_err(|e| err(e.to_string()))?;
    if let Some(d) = cells.first(Field::Description) {
        item.description = d;
    }
    if short.is_some() {
        // The whole text stays, at the top of the description.
        item.description = if item.description.is_empty() {
            title.clone()
        } else {
            format!("{title}\n\n{}", item.description)
        };
        report.long_titles.push(line);
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
    item.owner = cells.first(Field::Owner).and_then(|s| owner(&s));
    item.labels = labels(&cells);
    fill(&mut item, &cells, columns, line, report).map_err(|e| err(e.to_string()))?;
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
        .chain(
            cells
                .first(Field::LinkedItems)
                .map(|l| layouts::linked_parents(&l))
                .unwrap_or_default(),
        )
        .collect();
    Ok(Row {
        links: Links {
            line,
            kind,
            title,
            key: cells.first(Field::Key),
            id: cells.first(Field::Id),
            parents,
            parent_name: cells.first(Field::ParentName),
            // A project name that cleans to nothing (control characters
            // only) names no epic.
            project: cells
                .first(Field::Project)
                .filter(|p| crate::domain::text::clean_title("project", p).is_ok()),
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
            let (kind, known) = values::issue_type(&t);
            report.types.add(&t, kind, known);
            kind
        }
        None if cells.first(Field::EpicName).is_some() => Kind::Epic,
        None => Kind::Story,
    }
}

/// The status (counted in the report): a known workflow status; else
/// the status category (`Status Category`: To Do, In Progress, Done);
/// else a resolution that says done or not done; else draft. Done with a
/// resolution that means it was not done is dropped.
fn status_of(cells: &Cells, report: &mut Report) -> Status {
    let resolution = cells
        .first(Field::Resolution)
        .map_or(Resolution::Unknown, |r| values::resolution(&r));
    let written = cells.first(Field::Status);
    let known = written.as_deref().map(values::status).filter(|(_, k)| *k);
    let status = match known {
        Some((st, _)) => st,
        None => {
            let category = cells
                .first(Field::StatusCategory)
                .map(|c| values::status(&c))
                .filter(|(_, k)| *k);
            match (category, resolution) {
                (Some((st, _)), _) => st,
                (None, Resolution::Done) => Status::Done,
                (None, Resolution::NotDone) => Status::Dropped,
                (None, Resolution::Unknown) => Status::Draft,
            }
        }
    };
    if let Some(s) = &written {
        // Unknown statuses are reported with what they became.
        report.statuses.add(s, status, known.is_some());
    }
    if status == Status::Done && resolution == Resolution::NotDone {
        return Status::Dropped;
    }
    status
}

/// An owner as trackers write one: `Name <mail>` → `Name`; Azure DevOps'
/// `Last, First <mail>` → `First Last`; a list without mails (GitHub's
/// `octocat, hubot`, Polarion's assignees) → its first.
fn owner(s: &str) -> Option<String> {
    let name = match s.find('<') {
        Some(i) if s.trim_end().ends_with('>') && i > 0 => s[..i].trim(),
        None => s.split(',').next().unwrap_or(s).trim(),
        _ => s.trim(),
    };
    let name = match name.split_once(',') {
        Some((last, first)) if s.contains('<') && !first.trim().is_empty() => {
            format!("{} {}", first.trim(), last.trim())
        }
        _ => name.to_string(),
    };
    optional_text(&name)
}

/// Labels from every labels column, split on commas, semicolons and
/// spaces, each once (linear in their number).
fn labels(cells: &Cells) -> Vec<String> {
    let mut labels: Vec<String> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for cell in cells.all(Field::Labels) {
        for l in cell.split(|c: char| c == ',' || c == ';' || c.is_whitespace()) {
            if !l.is_empty() && seen.insert(l) {
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
    columns: &Columns,
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
        if let Some((column, text)) = cells.first_cell(Field::Score(f)) {
            let v = match (parse::score(f, &text), impact_words(f, &text)) {
                (Ok(v), _) | (Err(_), Some(v)) => v,
                // Words in a column recognised by its name (e.g. Jira
                // Service Management's impact "Significant / Large"):
                // skipped and named in the report; a --map insists, and a
                // number out of range is an error.
                (Err(_), None) if !columns.by_map[column] && !numeric(&text) => {
                    report.skip_words(&columns.names[column], &text, line);
                    continue;
                }
                (Err(e), None) => return Err(e),
            };
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

/// The longest title a row keeps, in characters; a longer one (a title
/// column holding whole descriptions) is cut at a word.
pub(super) const TITLE_CAP: usize = 120;

/// `title` cut at a word to at most [`TITLE_CAP`] characters with `…`, or
/// `None` when it fits.
fn capped_title(title: &str) -> Option<String> {
    if title.chars().count() <= TITLE_CAP {
        return None;
    }
    let end = title
        .char_indices()
        .nth(TITLE_CAP - 1)
        .map_or(title.len(), |(i, _)| i);
    let head = &title[..end];
    let cut = head
        .rfind(char::is_whitespace)
        .filter(|&i| i > end / 2)
        .unwrap_or(end);
    Some(format!("{}…", head[..cut].trim_end()))
}

/// The words Jira Service Management writes in its impact field
/// ("Significant / Large"), and high / medium / low, on the RICE impact
/// scale (3 massive, 2 high, 1 medium, 0.5 low, 0.25 minimal).
fn impact_words(f: ScoreField, text: &str) -> Option<f64> {
    if f != ScoreField::Impact {
        return None;
    }
    let first = text.split('/').next().unwrap_or(text);
    match first.trim().to_lowercase().as_str() {
        "extensive" | "massive" => Some(3.0),
        "significant" | "high" => Some(2.0),
        "moderate" | "medium" => Some(1.0),
        "minor" | "low" => Some(0.5),
        "minimal" => Some(0.25),
        _ => None,
    }
}

/// Whether a cell is written as a number (`12`, `1,500`, `80%`).
fn numeric(text: &str) -> bool {
    text.trim()
        .trim_end_matches('%')
        .replace(',', "")
        .trim()
        .parse::<f64>()
        .is_ok()
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
