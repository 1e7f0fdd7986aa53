//! CSV import: a header row names the columns. Jira's export columns
//! (Summary, Issue key, Issue id, Issue Type, Status, Story Points, Epic
//! Link, Parent id, …, repeated and `Custom field (…)`-wrapped) and this
//! project's own (`key,kind,title,status,parent,points,persona,goal,…`) are
//! recognised; `--map COLUMN=FIELD` names the others. A CSV file of one
//! column without a header (user-story sentences, one per row) is read as
//! plain-text stories.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::import_plan::{ImportError, Plan, Planned, Ref};
use super::import_stories::{self, IMPORTED, line_list, parse_sentence, title_from_goal};
use crate::domain::number::parse_number;
use crate::domain::ready::missing_for_ready;
use crate::domain::scoring::Field as ScoreField;
use crate::domain::text::optional_text;
use crate::domain::{AcceptanceCriterion, Item, Key, Kind, Lane, Status};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Key,
    Id,
    Kind,
    Status,
    Resolution,
    Priority,
    Points,
    EpicLink,
    EpicName,
    Parent,
    Description,
    Labels,
    Story,
    Persona,
    Goal,
    Benefit,
    Lane,
    Owner,
    Outcome,
    Hypothesis,
    Criteria,
    Score(ScoreField),
    Ignore,
}

/// Field names for `--map`, each with the header spellings recognised
/// without it (compared in lower case, letters and digits only, after
/// unwrapping `Custom field (…)`).
const FIELDS: &[(&str, Field, &[&str])] = &[
    (
        "summary",
        Field::Title,
        &["summary", "title", "name", "storytitle"],
    ),
    ("key", Field::Key, &["issuekey", "key"]),
    ("id", Field::Id, &["issueid", "id"]),
    (
        "type",
        Field::Kind,
        &["issuetype", "type", "kind", "itemtype"],
    ),
    ("status", Field::Status, &["status", "state"]),
    ("resolution", Field::Resolution, &["resolution"]),
    ("priority", Field::Priority, &["priority"]),
    (
        "points",
        Field::Points,
        &[
            "storypoints",
            "storypoint",
            "storypointestimate",
            "points",
            "estimate",
        ],
    ),
    ("epic-link", Field::EpicLink, &["epiclink", "epic"]),
    ("epic-name", Field::EpicName, &["epicname"]),
    (
        "parent",
        Field::Parent,
        &["parent", "parentid", "parentkey", "parentlink"],
    ),
    ("description", Field::Description, &["description"]),
    ("labels", Field::Labels, &["labels", "label", "tags"]),
    ("story", Field::Story, &["story", "userstory", "stories"]),
    ("persona", Field::Persona, &["persona", "role", "asa"]),
    ("goal", Field::Goal, &["goal", "want", "iwant", "userneed"]),
    (
        "benefit",
        Field::Benefit,
        &["benefit", "sothat", "motivation"],
    ),
    ("lane", Field::Lane, &["lane"]),
    ("owner", Field::Owner, &["owner", "assignee"]),
    ("outcome", Field::Outcome, &["outcome"]),
    ("hypothesis", Field::Hypothesis, &["hypothesis"]),
    (
        "acceptance-criteria",
        Field::Criteria,
        &["acceptancecriteria", "criteria"],
    ),
    ("reach", Field::Score(ScoreField::Reach), &["reach"]),
    ("impact", Field::Score(ScoreField::Impact), &["impact"]),
    (
        "confidence",
        Field::Score(ScoreField::Confidence),
        &["confidence"],
    ),
    ("effort", Field::Score(ScoreField::Effort), &["effort"]),
    (
        "value",
        Field::Score(ScoreField::Value),
        &["value", "businessvalue", "userbusinessvalue"],
    ),
    (
        "time-criticality",
        Field::Score(ScoreField::TimeCriticality),
        &["timecriticality"],
    ),
    (
        "risk-reduction",
        Field::Score(ScoreField::RiskReduction),
        &["riskreduction", "rroe"],
    ),
    ("job-size", Field::Score(ScoreField::JobSize), &["jobsize"]),
    ("ignore", Field::Ignore, &[]),
];

/// Every field name `--map` accepts.
pub fn field_names() -> Vec<&'static str> {
    FIELDS.iter().map(|(n, _, _)| *n).collect()
}

/// The field a `--map` value names (its name or any recognised spelling).
pub fn field_named(name: &str) -> Option<Field> {
    let n = normalise(name);
    FIELDS
        .iter()
        .find(|(f, _, aliases)| normalise(f) == n || aliases.contains(&n.as_str()))
        .map(|(_, f, _)| *f)
}

fn field_label(field: Field) -> &'static str {
    FIELDS
        .iter()
        .find(|(_, f, _)| *f == field)
        .map_or("?", |(n, _, _)| n)
}

/// A header cell in comparable form: `Custom field (Story Points)` →
/// `storypoints`, `Σ Original Estimate` → `originalestimate`.
fn normalise(header: &str) -> String {
    let h = header.trim().to_lowercase();
    let h = h
        .strip_prefix("custom field (")
        .and_then(|r| r.strip_suffix(')'))
        .unwrap_or(&h);
    h.chars().filter(|c| c.is_alphanumeric()).collect()
}

fn recognise(header: &str) -> Option<Field> {
    let n = normalise(header);
    FIELDS
        .iter()
        .find(|(_, _, aliases)| aliases.contains(&n.as_str()))
        .map(|(_, f, _)| *f)
}

/// Import options.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--map COLUMN=FIELD`, as typed.
    pub map: Vec<(String, String)>,
    /// Where stories without an epic go (`--epic KEY`); else an `Imported`
    /// epic under an `Imported` initiative.
    pub epic: Option<Key>,
}

/// Parses one `--map` argument: `COLUMN=FIELD`.
pub fn parse_map(arg: &str) -> Result<(String, String), String> {
    let (col, field) = arg
        .rsplit_once('=')
        .ok_or_else(|| format!("--map `{arg}`: expected COLUMN=FIELD, e.g. storypoint=points"))?;
    if col.trim().is_empty() {
        return Err(format!("--map `{arg}`: the column name is empty"));
    }
    if field_named(field).is_none() {
        return Err(format!(
            "--map `{arg}`: unknown field `{field}` (fields: {})",
            field_names().join(", ")
        ));
    }
    Ok((col.trim().to_string(), field.trim().to_string()))
}

/// The separator of a CSV file: the most frequent of `,` `;` and tab
/// outside quotes on its first line (`,` when in doubt).
fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => break,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|i| (counts[*i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// Checks the quoting: a quoted field must close, and nothing may follow
/// its closing quote but a separator or the end of the line. Returns the
/// line and reason of the first fault.
fn check_quotes(text: &str, delim: u8) -> Result<(), (usize, String)> {
    let delim = delim as char;
    let mut line = 1;
    let mut opened_at = 0;
    let mut in_quotes = false;
    let mut after_quote = false;
    let mut field_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                }
                '"' => {
                    in_quotes = false;
                    after_quote = true;
                }
                '\n' => line += 1,
                _ => {}
            }
            continue;
        }
        if after_quote {
            after_quote = false;
            if c != delim && c != '\n' && c != '\r' {
                return Err((
                    line,
                    "bad quote: text follows the closing quote of a field (a quote inside a quoted field is written twice: \"\")"
                        .to_string(),
                ));
            }
        }
        match c {
            '"' if field_start => {
                in_quotes = true;
                opened_at = line;
                field_start = false;
            }
            '\n' => {
                line += 1;
                field_start = true;
            }
            '\r' => field_start = true,
            c if c == delim => field_start = true,
            _ => field_start = false,
        }
    }
    if in_quotes {
        return Err((
            opened_at,
            "bad quote: the quoted field that starts on this line never ends (a closing \" is missing)"
                .to_string(),
        ));
    }
    Ok(())
}

/// Reads the records of a CSV text with the line each starts on; rows with
/// only empty cells are left out.
fn records(file: &str, text: &str) -> Result<Vec<(usize, Vec<String>)>, ImportError> {
    let delim = sniff_delimiter(text);
    check_quotes(text, delim).map_err(|(n, why)| ImportError::at(file, n, why))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for r in reader.records() {
        let r = r.map_err(|e| {
            let byte = e
                .position()
                .map_or(0, |p| p.byte() as usize)
                .min(text.len());
            let line = 1 + text.as_bytes()[..byte]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            ImportError::at(file, line, e.to_string())
        })?;
        // csv's own line count drifts on CRLF and blank lines: count from
        // the byte offset, past the line ends before the record.
        let bytes = text.as_bytes();
        let mut start = r
            .position()
            .map_or(0, |p| p.byte() as usize)
            .min(bytes.len());
        while start < bytes.len() && (bytes[start] == b'\r' || bytes[start] == b'\n') {
            start += 1;
        }
        let line = 1 + bytes[..start].iter().filter(|b| **b == b'\n').count();
        let cells: Vec<String> = r.iter().map(str::to_string).collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        out.push((line, cells));
    }
    Ok(out)
}

/// Plans the import of a CSV file.
pub fn plan(
    file: &str,
    text: &str,
    opts: &Options,
    now: DateTime<Utc>,
) -> Result<Plan, ImportError> {
    let rows = records(file, text)?;
    let Some((header_line, header)) = rows.first().cloned() else {
        return Err(ImportError::whole(file, "no rows: the file is empty"));
    };
    let columns = columns(file, header_line, &header, &opts.map)?;
    let known = columns.iter().filter(|c| c.is_some()).count();
    if known == 0 && opts.map.is_empty() && rows.iter().all(|(_, r)| r.len() == 1) {
        // One column of sentences, no header (e.g. "As a researcher, I want …").
        let mut plan = import_stories::plan_lines(
            file,
            rows.into_iter().map(|(n, mut r)| (n, r.remove(0))),
            &import_stories::Options::for_file(file, opts.epic),
            now,
        )?;
        plan.notes.insert(
            0,
            "one column without a header: each row read as a user story".to_string(),
        );
        return Ok(plan);
    }
    if known == 0 {
        return Err(ImportError::at(
            file,
            header_line,
            format!(
                "no column of the header is known ({}): name them with --map COLUMN=FIELD (fields: {})",
                header.join(", "),
                field_names().join(", ")
            ),
        ));
    }
    let has = |f: Field| columns.contains(&Some(f));
    if !has(Field::Title) && !has(Field::Goal) && !has(Field::Story) {
        return Err(ImportError::at(
            file,
            header_line,
            format!(
                "no title column in the header ({}): name it with --map COLUMN=summary",
                header.join(", ")
            ),
        ));
    }
    let mut builder = Builder::new(file, opts, now);
    builder.describe_columns(&header, &columns, &opts.map);
    for (line, cells) in rows.into_iter().skip(1) {
        if cells.len() != header.len() {
            return Err(ImportError::at(
                file,
                line,
                format!(
                    "{} cells, but the header has {} columns",
                    cells.len(),
                    header.len()
                ),
            ));
        }
        builder.row(line, &columns, cells)?;
    }
    builder.finish()
}

/// The field of each header cell (`None`: ignored), with `--map` applied.
fn columns(
    file: &str,
    line: usize,
    header: &[String],
    map: &[(String, String)],
) -> Result<Vec<Option<Field>>, ImportError> {
    let mut cols: Vec<Option<Field>> = header.iter().map(|h| recognise(h)).collect();
    for (col, field) in map {
        let f = field_named(field).ok_or_else(|| {
            ImportError::whole(
                file,
                format!(
                    "--map {col}={field}: unknown field (fields: {})",
                    field_names().join(", ")
                ),
            )
        })?;
        let hits: Vec<usize> = header
            .iter()
            .enumerate()
            .filter(|(_, h)| h.trim() == col.as_str() || normalise(h) == normalise(col))
            .map(|(i, _)| i)
            .collect();
        if hits.is_empty() {
            return Err(ImportError::at(
                file,
                line,
                format!(
                    "--map {col}={field}: the header has no column `{col}` (columns: {})",
                    header.join(", ")
                ),
            ));
        }
        for i in hits {
            cols[i] = Some(f);
        }
    }
    Ok(cols
        .into_iter()
        .map(|c| c.filter(|f| *f != Field::Ignore))
        .collect())
}

/// One data row, read.
#[derive(Debug)]
struct Row {
    line: usize,
    kind: Option<Kind>,
    title: Option<String>,
    key: Option<String>,
    id: Option<String>,
    parents: Vec<String>,
    epic_name: Option<String>,
    item: Option<Item>,
}

/// Builds the plan row by row, collecting what it mapped and guessed.
struct Builder<'a> {
    file: &'a str,
    opts: &'a Options,
    now: DateTime<Utc>,
    rows: Vec<Row>,
    notes: Vec<String>,
    types: Vec<(String, Kind, bool, usize)>,
    statuses: Vec<(String, Status, bool, usize)>,
    sentences_in_titles: usize,
    not_ready: Vec<usize>,
    ignored: HashMap<&'static str, Vec<usize>>,
}

impl<'a> Builder<'a> {
    fn new(file: &'a str, opts: &'a Options, now: DateTime<Utc>) -> Builder<'a> {
        Builder {
            file,
            opts,
            now,
            rows: Vec::new(),
            notes: Vec::new(),
            types: Vec::new(),
            statuses: Vec::new(),
            sentences_in_titles: 0,
            not_ready: Vec::new(),
            ignored: HashMap::new(),
        }
    }

    fn describe_columns(
        &mut self,
        header: &[String],
        columns: &[Option<Field>],
        map: &[(String, String)],
    ) {
        let mut used = Vec::new();
        let mut ignored: Vec<(String, usize)> = Vec::new();
        for (h, c) in header.iter().zip(columns) {
            match c {
                Some(Field::Priority) => {
                    ignored.push((format!("{} (rank or score instead)", h.trim()), 1))
                }
                Some(f) => {
                    let by_map = map.iter().any(|(col, _)| normalise(col) == normalise(h));
                    let shown = format!(
                        "{} → {}{}",
                        h.trim(),
                        field_label(*f),
                        if by_map { " (--map)" } else { "" }
                    );
                    if !used.contains(&shown) {
                        used.push(shown);
                    }
                }
                None => match ignored.iter_mut().find(|(n, _)| n == h.trim()) {
                    Some((_, count)) => *count += 1,
                    None => ignored.push((h.trim().to_string(), 1)),
                },
            }
        }
        self.notes.push(format!("columns: {}", used.join(", ")));
        if !ignored.is_empty() {
            let shown: Vec<String> = ignored
                .iter()
                .map(|(n, c)| {
                    let n = if n.is_empty() { "(no name)" } else { n };
                    if *c > 1 {
                        format!("{n} ×{c}")
                    } else {
                        n.to_string()
                    }
                })
                .collect();
            self.notes.push(format!(
                "columns ignored: {} (use --map COLUMN=FIELD to read one)",
                shown.join(", ")
            ));
        }
    }

    fn row(
        &mut self,
        line: usize,
        columns: &[Option<Field>],
        cells: Vec<String>,
    ) -> Result<(), ImportError> {
        let err = |reason: String| ImportError::at(self.file, line, reason);
        // The non-empty cells of each field, in column order.
        let mut values: Vec<(Field, String)> = Vec::new();
        for (c, v) in columns.iter().zip(cells) {
            if let Some(f) = c
                && !v.trim().is_empty()
            {
                values.push((*f, v.replace("\r\n", "\n")));
            }
        }
        let first = |f: Field| -> Option<String> {
            values
                .iter()
                .find(|(g, _)| *g == f)
                .map(|(_, s)| s.trim().to_string())
                .filter(|s| !s.is_empty() && s != "NULL")
        };

        let type_text = first(Field::Kind);
        let kind = match &type_text {
            Some(t) => {
                let (kind, known) = issue_type(t);
                self.count_type(t, kind, known);
                kind
            }
            None if first(Field::EpicName).is_some() => Kind::Epic,
            None => Kind::Story,
        };

        let story = first(Field::Story).map(|s| squash(&s));
        let mut persona = first(Field::Persona).and_then(|s| clean_persona(&s));
        let mut goal = first(Field::Goal).and_then(|s| clean_goal(&s));
        let mut benefit = first(Field::Benefit).and_then(|s| clean_benefit(&s));
        let title_cell = first(Field::Title).map(|s| squash(&s));
        if persona.is_none() && goal.is_none() {
            let from = story.as_deref().or(title_cell.as_deref());
            if let Some(s) = from.and_then(parse_sentence) {
                if story.is_none() {
                    self.sentences_in_titles += 1;
                }
                persona = s.persona;
                goal = Some(s.goal);
                benefit = benefit.or(s.benefit);
            }
        }
        let title = title_cell
            .clone()
            .or_else(|| goal.as_deref().map(title_from_goal))
            .or_else(|| story.clone())
            .ok_or_else(|| err("no title: the title cell is empty".into()))?;
        let placeholder_parent = kind.parent_kind().map(|k| Key::new(k, 1));
        let mut item = Item::new(Key::new(kind, 1), &title, placeholder_parent, self.now)
            .map_err(|e| err(e.to_string()))?;

        if let Some(d) = first(Field::Description) {
            item.description = d;
        }
        if let Some(s) = story
            .as_ref()
            .filter(|_| title_cell.is_some() || goal.is_some())
            && item.description.is_empty()
            && kind == Kind::Story
        {
            item.description = s.clone();
        }
        let status_text = first(Field::Status);
        let mut status = match &status_text {
            Some(s) => {
                let (st, known) = map_status(s);
                self.count_status(s, st, known);
                st
            }
            None => Status::Draft,
        };
        if status == Status::Done
            && let Some(r) = first(Field::Resolution)
            && is_dropped_resolution(&r)
        {
            status = Status::Dropped;
        }
        let owner = first(Field::Owner).and_then(|s| optional_text(&s));
        item.owner = owner;
        let mut labels: Vec<String> = Vec::new();
        for (_, cell) in values.iter().filter(|(f, _)| *f == Field::Labels) {
            for l in cell.split(|c: char| c == ',' || c == ';' || c.is_whitespace()) {
                if !l.is_empty() && !labels.iter().any(|x| x == l) {
                    labels.push(l.to_string());
                }
            }
        }
        item.labels = labels;
        if let Some(p) = first(Field::Points)
            && !["-", "null", "none"].contains(&p.to_ascii_lowercase().as_str())
        {
            if kind == Kind::Story {
                let v = parse_number("points", &p, "a number ≥ 0 (e.g. 1, 2, 3, 5, 8, 13)")
                    .map_err(|e| err(e.to_string()))?;
                item.set_points(Some(v)).map_err(|e| err(e.to_string()))?;
            } else {
                self.ignore("points on initiatives and epics", line);
            }
        }
        if let Some(l) = first(Field::Lane) {
            let lane: Lane = l
                .parse()
                .map_err(|e: crate::domain::DomainError| err(e.to_string()))?;
            if kind == Kind::Story {
                self.ignore("lanes on stories (a story shows in its epic's lane)", line);
            } else {
                item.lane = Some(lane);
            }
        }
        if let Some(o) = first(Field::Outcome) {
            if kind == Kind::Initiative {
                item.outcome = optional_text(&o);
            } else {
                self.ignore("outcomes on epics and stories", line);
            }
        }
        if let Some(h) = first(Field::Hypothesis) {
            if kind == Kind::Initiative {
                item.hypothesis = optional_text(&h);
            } else {
                self.ignore("hypotheses on epics and stories", line);
            }
        }
        if let Some(c) = first(Field::Criteria) {
            if kind == Kind::Story {
                item.criteria = criteria(&c);
            } else {
                self.ignore("acceptance criteria on initiatives and epics", line);
            }
        }
        for f in ScoreField::RICE.into_iter().chain(ScoreField::WSJF) {
            if let Some(v) = first(Field::Score(f)) {
                let v = f.parse(&v).map_err(|e| err(e.to_string()))?;
                if kind == Kind::Initiative {
                    self.ignore("score inputs on initiatives", line);
                } else if ScoreField::RICE.contains(&f) {
                    item.rice.set(f, Some(v));
                } else {
                    item.wsjf.set(f, Some(v));
                }
            }
        }
        if kind == Kind::Story {
            item.persona = persona;
            item.goal = goal;
            item.benefit = benefit;
        } else if persona.is_some() || goal.is_some() {
            self.ignore("user-story parts on initiatives and epics", line);
        }
        if status == Status::Ready
            && kind == Kind::Story
            && !missing_for_ready(&item, |_| None).is_empty()
        {
            status = Status::Draft;
            self.not_ready.push(line);
        }
        item.status = status;

        let mut parents = Vec::new();
        for f in [Field::Parent, Field::EpicLink] {
            if let Some(p) = first(f) {
                parents.push(p);
            }
        }
        self.rows.push(Row {
            line,
            kind: Some(kind),
            title: Some(title),
            key: first(Field::Key),
            id: first(Field::Id),
            parents,
            epic_name: first(Field::EpicName),
            item: Some(item),
        });
        Ok(())
    }

    fn ignore(&mut self, what: &'static str, line: usize) {
        self.ignored.entry(what).or_default().push(line);
    }

    fn count_type(&mut self, t: &str, kind: Kind, known: bool) {
        match self.types.iter_mut().find(|(n, ..)| n == t) {
            Some((.., c)) => *c += 1,
            None => self.types.push((t.to_string(), kind, known, 1)),
        }
    }

    fn count_status(&mut self, s: &str, st: Status, known: bool) {
        match self.statuses.iter_mut().find(|(n, ..)| n == s) {
            Some((.., c)) => *c += 1,
            None => self.statuses.push((s.to_string(), st, known, 1)),
        }
    }

    fn finish(mut self) -> Result<Plan, ImportError> {
        if self.rows.is_empty() {
            return Err(ImportError::whole(
                self.file,
                "no rows below the header: nothing to import",
            ));
        }
        let file = self.file;
        // Lookups for parent links: by issue id, by key, by epic name.
        let mut by_id: HashMap<String, usize> = HashMap::new();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let mut by_name: HashMap<String, usize> = HashMap::new();
        for (i, r) in self.rows.iter().enumerate() {
            if let Some(id) = &r.id
                && let Some(prev) = by_id.insert(id.clone(), i)
            {
                return Err(ImportError::at(
                    file,
                    r.line,
                    format!("issue id {id} is also on line {}", self.rows[prev].line),
                ));
            }
            if let Some(k) = &r.key
                && let Some(prev) = by_key.insert(k.to_uppercase(), i)
            {
                return Err(ImportError::at(
                    file,
                    r.line,
                    format!("key {k} is also on line {}", self.rows[prev].line),
                ));
            }
            if r.kind == Some(Kind::Epic) {
                for n in r.epic_name.iter().chain(r.title.iter()) {
                    by_name.entry(n.to_lowercase()).or_insert(i);
                }
            }
        }
        let find = |s: &str| -> Target {
            let t = s.trim();
            if let Some(&i) = by_id.get(t).or_else(|| by_key.get(&t.to_uppercase())) {
                return Target::Row(i);
            }
            if let Some(&i) = by_name.get(&t.to_lowercase()) {
                return Target::Row(i);
            }
            match t.parse::<Key>() {
                Ok(k) => Target::Existing(k),
                Err(_) => Target::Missing,
            }
        };

        let mut plan = Plan {
            show_mapping: self.rows.iter().any(|r| r.key.is_some() || r.id.is_some()),
            ..Plan::default()
        };
        let mut at: Vec<Option<usize>> = vec![None; self.rows.len()];
        let mut imported_initiative: Option<usize> = None;
        let mut imported_epic: Option<Ref> = self.opts.epic.map(Ref::Existing);
        let mut unplaced: Vec<(usize, String)> = Vec::new();
        let mut subtasks = 0;
        let now = self.now;
        let imported = |plan: &mut Plan, kind: Kind, parent: Option<Ref>| -> usize {
            let placeholder = kind.parent_kind().map(|k| Key::new(k, 1));
            let item =
                Item::new(Key::new(kind, 1), IMPORTED, placeholder, now).expect("a valid title");
            let mut p = Planned::new(item, parent, None);
            p.reuse = true;
            plan.push(p)
        };

        for kind in Kind::ALL {
            for i in 0..self.rows.len() {
                if self.rows[i].kind != Some(kind) {
                    continue;
                }
                let line = self.rows[i].line;
                let refs: Vec<Target> = self.rows[i].parents.iter().map(|p| find(p)).collect();
                let parent: Option<Ref> = match kind {
                    Kind::Initiative => None,
                    Kind::Epic => {
                        let found = refs.iter().find_map(|t| match t {
                            Target::Row(j) if self.rows[*j].kind == Some(Kind::Initiative) => {
                                at[*j].map(Ref::New)
                            }
                            Target::Existing(k) if k.kind == Kind::Initiative => {
                                Some(Ref::Existing(*k))
                            }
                            _ => None,
                        });
                        match found {
                            Some(r) => Some(r),
                            None => {
                                if let Some(p) = self.rows[i].parents.first() {
                                    unplaced.push((line, p.clone()));
                                }
                                let idx = *imported_initiative.get_or_insert_with(|| {
                                    imported(&mut plan, Kind::Initiative, None)
                                });
                                Some(Ref::New(idx))
                            }
                        }
                    }
                    Kind::Story => {
                        let mut found = None;
                        for t in &refs {
                            found = match t {
                                Target::Row(j) => self.epic_of(*j, &at, &find, 0).inspect(|_| {
                                    if self.rows[*j].kind == Some(Kind::Story) {
                                        subtasks += 1;
                                    }
                                }),
                                Target::Existing(k) if k.kind == Kind::Epic => {
                                    Some(Ref::Existing(*k))
                                }
                                Target::Existing(k) if k.kind == Kind::Story => {
                                    Some(Ref::ParentOf(*k))
                                }
                                _ => None,
                            };
                            if found.is_some() {
                                break;
                            }
                        }
                        match found {
                            Some(r) => Some(r),
                            None => {
                                if let Some(p) = self.rows[i].parents.first() {
                                    unplaced.push((line, p.clone()));
                                }
                                let r = match imported_epic {
                                    Some(r) => r,
                                    None => {
                                        let ini = *imported_initiative.get_or_insert_with(|| {
                                            imported(&mut plan, Kind::Initiative, None)
                                        });
                                        let e =
                                            imported(&mut plan, Kind::Epic, Some(Ref::New(ini)));
                                        Ref::New(e)
                                    }
                                };
                                imported_epic = Some(r);
                                Some(r)
                            }
                        }
                    }
                };
                let row = &mut self.rows[i];
                let item = row.item.take().expect("each row planned once");
                let mut p = Planned::new(item, parent, Some(row.line));
                p.origin = row.key.clone().or_else(|| row.id.clone());
                at[i] = Some(plan.push(p));
            }
        }

        plan.notes = std::mem::take(&mut self.notes);
        if let Some(n) = mapping_note("issue types", &self.types, "type") {
            plan.note(n);
        }
        if let Some(n) = mapping_note("statuses", &self.statuses, "status") {
            plan.note(n);
        }
        if !self.not_ready.is_empty() {
            plan.note(format!(
                "{} marked ready in the file but missing the Definition of Ready: imported as draft ({})",
                count(self.not_ready.len(), "story", "stories"),
                line_list(&self.not_ready)
            ));
        }
        if self.sentences_in_titles > 0 {
            plan.note(format!(
                "{}: persona, goal and benefit filled from them",
                count(
                    self.sentences_in_titles,
                    "title reads as a user story",
                    "titles read as user stories"
                )
            ));
        }
        if subtasks > 0 {
            plan.note(format!(
                "{} placed under the epic of their parent story",
                count(subtasks, "sub-task", "sub-tasks")
            ));
        }
        if !unplaced.is_empty() {
            let lines: Vec<usize> = unplaced.iter().map(|(l, _)| *l).collect();
            plan.note(format!(
                "{} to a parent that is not in the file or cannot hold them (e.g. `{}`): placed under Imported ({})",
                count(unplaced.len(), "row links", "rows link"),
                unplaced[0].1,
                line_list(&lines)
            ));
        }
        let mut ignored: Vec<_> = self.ignored.into_iter().collect();
        ignored.sort_by_key(|(_, lines)| lines[0]);
        for (what, lines) in ignored {
            plan.note(format!("not imported: {what} ({})", line_list(&lines)));
        }
        Ok(plan)
    }

    /// The epic a story row belongs under, following sub-tasks to their
    /// parent story.
    fn epic_of(
        &self,
        j: usize,
        at: &[Option<usize>],
        find: &dyn Fn(&str) -> Target,
        depth: usize,
    ) -> Option<Ref> {
        match self.rows[j].kind {
            Some(Kind::Epic) => at[j].map(Ref::New),
            Some(Kind::Story) if depth < 8 => {
                self.rows[j].parents.iter().find_map(|p| match find(p) {
                    Target::Row(k) if k != j => self.epic_of(k, at, find, depth + 1),
                    Target::Existing(k) if k.kind == Kind::Epic => Some(Ref::Existing(k)),
                    _ => None,
                })
            }
            _ => None,
        }
    }
}

/// `1 title`, `2 titles`.
/// "issue types: Bug → story (3), Spike → story, unknown type (1)": how
/// the file's values were read, with their counts; `None` when there were
/// none.
fn mapping_note<T: std::fmt::Display>(
    label: &str,
    seen: &[(String, T, bool, usize)],
    what: &str,
) -> Option<String> {
    if seen.is_empty() {
        return None;
    }
    let shown: Vec<String> = seen
        .iter()
        .map(|(from, to, known, n)| {
            let unknown = if *known {
                String::new()
            } else {
                format!(", unknown {what}")
            };
            format!("{from} → {to}{unknown} ({n})")
        })
        .collect();
    Some(format!("{label}: {}", shown.join(", ")))
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

enum Target {
    Row(usize),
    Existing(Key),
    Missing,
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
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

/// A persona cell: "As a reference archivist," → "reference archivist".
fn clean_persona(s: &str) -> Option<String> {
    let t = squash(s);
    let lower = t.to_ascii_lowercase();
    let cut = ["as an ", "as a ", "as the ", "as "]
        .iter()
        .find(|p| lower.starts_with(*p))
        .map_or(0, |p| p.len());
    let t = t[cut..]
        .trim()
        .trim_end_matches([',', '.', ';', ':'])
        .trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// A goal cell: "I want to …" → "to …"; the trailing full stop dropped.
fn clean_goal(s: &str) -> Option<String> {
    clean_clause(s, &["i want ", "i need ", "i would like "])
}

/// A benefit cell: "so that I …" → "I …"; the trailing full stop dropped.
fn clean_benefit(s: &str) -> Option<String> {
    clean_clause(s, &["so that "])
}

/// A clause of a user story without its lead-in (the first of `leads`
/// it starts with, any case) and trailing punctuation.
fn clean_clause(s: &str, leads: &[&str]) -> Option<String> {
    let t = squash(s);
    let lower = t.to_ascii_lowercase();
    let cut = leads
        .iter()
        .find(|p| lower.starts_with(*p))
        .map_or(0, |p| p.len());
    let t = t[cut..]
        .trim()
        .trim_end_matches(['.', ',', ';', '-', '–', '—'])
        .trim();
    (!t.is_empty()).then(|| t.to_string())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH
    }

    #[test]
    fn mapping_notes_name_each_value_and_the_unknown_ones() {
        let seen = vec![
            ("Bug".to_string(), Kind::Story, true, 3),
            ("Spike".to_string(), Kind::Story, false, 1),
        ];
        assert_eq!(
            mapping_note("issue types", &seen, "type").as_deref(),
            Some("issue types: Bug → story (3), Spike → story, unknown type (1)")
        );
        let none: Vec<(String, Status, bool, usize)> = Vec::new();
        assert_eq!(mapping_note("statuses", &none, "status"), None);
    }

    fn run(file: &str, csv: &str, opts: &Options) -> Result<Plan, ImportError> {
        super::plan(file, csv, opts, now())
    }

    fn titles(plan: &Plan) -> Vec<(Kind, String, Option<Ref>)> {
        plan.items
            .iter()
            .map(|p| (p.kind(), p.item.title.clone(), p.parent))
            .collect()
    }

    #[test]
    fn jira_all_fields_export() {
        let csv = "Summary,Issue key,Issue id,Parent id,Issue Type,Status,Priority,Labels,Labels,Sprint,Sprint,Custom field (Epic Name),Custom field (Story Points),Description\n\
            Faster dispatch,DSP-1,10001,,Initiative,In Progress,High,,,,,,,\n\
            Live map,DSP-2,10002,10001,Epic,To Do,Medium,map,ops,,,Live map,,\n\
            \"As a dispatcher, I want to see technicians on a map, so that I stop calling\",DSP-3,10003,10002,Story,Done,Low,map,,S1,S2,,5,\"Line one\nLine two\"\n\
            Map is slow,DSP-4,10004,10002,Bug,Needs Triage,Low,,,,,,2,NULL\n\
            Check tiles,DSP-5,10005,10003,Sub-task,Closed,Low,,,,,,,\n\
            Orphan,DSP-6,10006,,Task,Won't Do,Low,,,,,,1,\n";
        let plan = run("jira.csv", csv, &Options::default()).unwrap();
        let t = titles(&plan);
        assert_eq!(t[0].1, "Faster dispatch");
        assert_eq!(t[1], (Kind::Epic, "Live map".into(), Some(Ref::New(0))));
        let story = &plan.items[2];
        assert_eq!(story.parent, Some(Ref::New(1)));
        assert_eq!(story.item.persona.as_deref(), Some("dispatcher"));
        assert_eq!(
            story.item.goal.as_deref(),
            Some("to see technicians on a map")
        );
        assert_eq!(story.item.points, Some(5.0));
        assert_eq!(story.item.status, Status::Done);
        assert_eq!(story.item.labels, ["map"]);
        assert_eq!(story.item.description, "Line one\nLine two");
        assert_eq!(story.origin.as_deref(), Some("DSP-3"));
        assert_eq!(story.line, Some(4));
        let bug = &plan.items[3];
        assert_eq!(bug.item.status, Status::Draft);
        assert_eq!(bug.item.description, "");
        // The sub-task goes under its parent story's epic.
        assert_eq!(plan.items[4].parent, Some(Ref::New(1)));
        assert_eq!(plan.items[4].item.status, Status::Done);
        // The orphan task goes into Imported / Imported.
        let n = plan.items.len();
        assert_eq!(plan.items[n - 1].item.title, "Orphan");
        assert_eq!(plan.items[n - 1].item.status, Status::Dropped);
        let imported_epic = match plan.items[n - 1].parent {
            Some(Ref::New(i)) => &plan.items[i],
            other => panic!("{other:?}"),
        };
        assert_eq!(imported_epic.item.title, "Imported");
        assert!(imported_epic.reuse);
        let notes = plan.notes.join("\n");
        assert!(
            notes.contains("Needs Triage → draft, unknown status (1)"),
            "{notes}"
        );
        assert!(notes.contains("Sub-task → story (1)"), "{notes}");
        assert!(
            notes.contains("columns ignored: Priority (rank or score instead), Sprint ×2"),
            "{notes}"
        );
        assert!(notes.contains("1 sub-task placed"), "{notes}");
        assert!(
            notes.contains("1 title reads as a user story: persona"),
            "{notes}"
        );
        assert!(plan.show_mapping);
    }

    #[test]
    fn epic_link_by_key_or_name_and_existing_keys() {
        let csv = "Issue key,Summary,Issue Type,Epic Link,Epic Name,Story Points\n\
            P-1,Checkout,Epic,,Checkout,\n\
            P-2,Pay by card,Story,P-1,,3\n\
            P-3,Pay by invoice,Story,Checkout,,\n\
            P-4,Refunds,Story,E-7,,\n";
        let plan = run("p.csv", csv, &Options::default()).unwrap();
        // An epic without initiative goes under the Imported initiative.
        assert_eq!(plan.items[0].item.title, "Imported");
        assert_eq!(plan.items[2].parent, Some(Ref::New(1)));
        assert_eq!(plan.items[3].parent, Some(Ref::New(1)));
        assert_eq!(
            plan.items[4].parent,
            Some(Ref::Existing(Key::new(Kind::Epic, 7)))
        );
    }

    #[test]
    fn own_columns_and_map() {
        let csv = "kind,title,status,persona,goal,benefit,points,reach,impact,confidence,effort,acceptance_criteria,whatever\n\
            story,,ready,As a PM,I want to rank stories.,so that we ship the right thing.,3,100,2,80,1,\"- [x] ranks\n- [ ] explains\",x\n";
        let plan = run("own.csv", csv, &Options::default()).unwrap();
        let s = plan.items.last().unwrap();
        assert_eq!(s.item.title, "Rank stories");
        assert_eq!(s.item.persona.as_deref(), Some("PM"));
        assert_eq!(s.item.goal.as_deref(), Some("to rank stories"));
        assert_eq!(s.item.benefit.as_deref(), Some("we ship the right thing"));
        assert_eq!(s.item.rice_score(), Some(160.0));
        assert_eq!(s.item.criteria.len(), 2);
        assert!(s.item.criteria[0].done && !s.item.criteria[1].done);
        assert_eq!(s.item.status, Status::Ready);

        let csv = "issuekey,title,description,storypoint,split_mark\nGHS-1,\"As a JIRA Administrator I would like to be able to change the trigger\",NULL,5,train\n";
        let opts = Options {
            map: vec![
                ("title".into(), "summary".into()),
                ("storypoint".into(), "points".into()),
                ("issuekey".into(), "key".into()),
            ],
            epic: None,
        };
        let plan = run("j.csv", csv, &opts).unwrap();
        let s = plan.items.last().unwrap();
        assert_eq!(s.item.points, Some(5.0));
        assert_eq!(s.item.persona.as_deref(), Some("JIRA Administrator"));
        assert_eq!(s.origin.as_deref(), Some("GHS-1"));
        let notes = plan.notes.join("\n");
        assert!(notes.contains("issuekey → key (--map)"), "{notes}");
        assert!(notes.contains("columns ignored: split_mark"), "{notes}");
    }

    #[test]
    fn bad_rows_are_located() {
        let e = |csv: &str| {
            run("b.csv", csv, &Options::default())
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            e("Summary,Story Points\nA,3\nB,lots\n"),
            "b.csv:3: invalid points `lots`: expected a number ≥ 0 (e.g. 1, 2, 3, 5, 8, 13)"
        );
        assert_eq!(
            e("Summary,Status\nA,Done\n\"B,Open\nC,Done\n"),
            "b.csv:3: bad quote: the quoted field that starts on this line never ends (a closing \" is missing)"
        );
        assert!(e("Summary,Status\n\"A\"x,Done\n").starts_with("b.csv:2: bad quote"));
        assert_eq!(
            e("Summary,Status\nA,Done,extra\n"),
            "b.csv:2: 3 cells, but the header has 2 columns"
        );
        assert_eq!(
            e("Summary,Status\n,Done\n"),
            "b.csv:2: no title: the title cell is empty"
        );
        assert!(e("foo,bar\n1,2\n").starts_with("b.csv:1: no column of the header is known"));
        assert!(e("Status,Priority\nDone,High\n").starts_with("b.csv:1: no title column"));
        assert!(e("Key,Summary\nA-1,x\na-1,y\n").contains("b.csv:3: key a-1 is also on line 2"));
        let opts = Options {
            map: vec![("nope".into(), "summary".into())],
            epic: None,
        };
        let err = run("b.csv", "Summary\nx\n", &opts).unwrap_err().to_string();
        assert!(err.contains("no column `nope`"), "{err}");
    }

    #[test]
    fn one_quoted_column_without_header_is_stories() {
        let csv = "\"As a researcher, I want to save records so that I can find them again later\"\r\n\r\n\"As a researcher, I want systems to support multiple languages.\"\r\n";
        let plan = run("researchers.csv", csv, &Options::default()).unwrap();
        let stories: Vec<&Planned> = plan
            .items
            .iter()
            .filter(|p| p.kind() == Kind::Story)
            .collect();
        assert_eq!(stories.len(), 2);
        assert_eq!(
            stories[0].item.benefit.as_deref(),
            Some("I can find them again later")
        );
        assert_eq!(stories[1].line, Some(3));
        assert_eq!(plan.items[1].item.title, "Researchers");
    }

    #[test]
    fn semicolons_and_maps() {
        let csv = "Titel;Punkte\nEins;3\n";
        let opts = Options {
            map: vec![
                ("Titel".into(), "summary".into()),
                ("Punkte".into(), "points".into()),
            ],
            epic: None,
        };
        let plan = run("de.csv", csv, &opts).unwrap();
        assert_eq!(plan.items.last().unwrap().item.points, Some(3.0));
        assert!(parse_map("a=nonsense").is_err());
        assert!(parse_map("nonsense").is_err());
        assert_eq!(
            parse_map("storypoint=points").unwrap(),
            ("storypoint".to_string(), "points".to_string())
        );
    }
}
