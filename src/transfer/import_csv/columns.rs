//! The header row: which field each column holds, from its spelling (Jira's
//! export columns in English and in other languages, other trackers',
//! this project's own) or from `--map COLUMN=FIELD`, and the notes that say
//! so. Linear in the number of columns.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::super::import_notes::capped_list;
use super::super::import_plan::ImportError;
use super::layouts::{self, Tool};
use super::spellings::{CUSTOM_FIELD_WRAPPERS, SPELLINGS};
use crate::domain::scoring::Field as ScoreField;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Key,
    Id,
    Kind,
    Status,
    /// Jira Cloud's `Status Category`: To Do, In Progress, Done.
    StatusCategory,
    Resolution,
    Priority,
    Points,
    EpicLink,
    EpicName,
    Parent,
    /// A parent named by its title (`Parent summary`).
    ParentName,
    /// A project (Linear's), read as the epic a row belongs under.
    Project,
    /// Polarion's `Linked Work Items`: the parent among the links.
    LinkedItems,
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
    (
        "status-category",
        Field::StatusCategory,
        &["statuscategory"],
    ),
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
    ("parent-name", Field::ParentName, &["parentsummary"]),
    ("project", Field::Project, &[]),
    ("linked-items", Field::LinkedItems, &["linkedworkitems"]),
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
        .find(|(f, _, _)| normalise(f) == n)
        .map(|(_, f, _)| *f)
        .or_else(|| spellings().get(&n).copied())
}

pub(super) fn field_label(field: Field) -> &'static str {
    FIELDS
        .iter()
        .find(|(_, f, _)| *f == field)
        .map_or("?", |(n, _, _)| n)
}

/// A header cell in comparable form: `Custom field (Story Points)` →
/// `storypoints`, `Campo personalizado (Puntos de historia)` →
/// `puntosdehistoria`, `Σ Original Estimate` → `originalestimate`.
pub(super) fn normalise(header: &str) -> String {
    let h = header.trim().to_lowercase();
    let h = CUSTOM_FIELD_WRAPPERS
        .iter()
        .find_map(|w| {
            h.strip_prefix(w)
                .and_then(|r| r.strip_suffix(')').or_else(|| r.strip_suffix('）')))
        })
        .unwrap_or(&h);
    h.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Every recognised spelling, normalised, with its field: English first
/// (they win where a translation spells another field the same way).
fn spellings() -> &'static HashMap<String, Field> {
    static TABLE: OnceLock<HashMap<String, Field>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = HashMap::new();
        for (_, f, aliases) in FIELDS {
            for a in *aliases {
                t.entry((*a).to_string()).or_insert(*f);
            }
        }
        for (f, aliases) in SPELLINGS {
            for a in *aliases {
                t.entry(normalise(a)).or_insert(*f);
            }
        }
        t
    })
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

/// What each column of the header holds.
#[derive(Debug, Clone)]
pub(super) struct Columns {
    /// The field of each column (`None`: ignored).
    pub fields: Vec<Option<Field>>,
    /// Each column's name as written (trimmed), for notes.
    pub names: Vec<String>,
    /// Whether `--map` named the column's field (an explicit mapping
    /// insists on its values; a recognised one skips what does not fit).
    pub by_map: Vec<bool>,
    /// The tool whose layout the header is.
    pub tool: Tool,
}

impl Columns {
    pub fn has(&self, f: Field) -> bool {
        self.fields.contains(&Some(f))
    }
}

/// The field of each header cell, with `--map` applied; `line` is the
/// header's.
pub(super) fn columns(
    file: &str,
    line: usize,
    header: &[String],
    map: &[(String, String)],
) -> Result<Columns, ImportError> {
    let normalised: Vec<String> = header.iter().map(|h| normalise(h)).collect();
    let mut cols: Vec<Option<Field>> = normalised
        .iter()
        .map(|n| spellings().get(n).copied())
        .collect();
    let tool = layouts::tool_of(header, &normalised);
    layouts::adjust(tool, &normalised, &mut cols);
    let mut by_map = vec![false; header.len()];
    // The columns of each normalised name, so that each --map is one look-up.
    let mut named: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, n) in normalised.iter().enumerate() {
        named.entry(n.as_str()).or_default().push(i);
    }
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
        let wanted = normalise(col);
        let mut hit = false;
        for &i in named.get(wanted.as_str()).into_iter().flatten() {
            cols[i] = Some(f);
            by_map[i] = true;
            hit = true;
        }
        if !hit {
            return Err(ImportError::at(
                file,
                line,
                format!(
                    "--map {col}={field}: the header has no column `{col}` (columns: {})",
                    capped_list(header)
                ),
            ));
        }
    }
    Ok(Columns {
        fields: cols
            .into_iter()
            .map(|c| c.filter(|f| *f != Field::Ignore))
            .collect(),
        names: header.iter().map(|h| h.trim().to_string()).collect(),
        by_map,
        tool,
    })
}

/// An ignored column's name, with how many columns bear it.
struct Ignored {
    name: String,
    columns: usize,
}

/// The notes on the header: "columns: Summary → summary, …" and
/// "columns ignored: Sprint ×2, … (use --map COLUMN=FIELD to read one)".
pub(super) fn describe(
    header: &[String],
    columns: &[Option<Field>],
    map: &[(String, String)],
) -> Vec<String> {
    let mapped: HashSet<String> = map.iter().map(|(col, _)| normalise(col)).collect();
    let mut used: Vec<String> = Vec::new();
    let mut used_seen: HashSet<String> = HashSet::new();
    let mut ignored: Vec<Ignored> = Vec::new();
    // The first entry of each name, as a search from the start finds it.
    let mut ignored_at: HashMap<String, usize> = HashMap::new();
    for (h, c) in header.iter().zip(columns) {
        match c {
            Some(Field::Priority) => {
                let name = format!("{} (rank or score instead)", h.trim());
                ignored_at.entry(name.clone()).or_insert(ignored.len());
                ignored.push(Ignored { name, columns: 1 });
            }
            Some(f) => {
                let by_map = !mapped.is_empty() && mapped.contains(&normalise(h));
                let shown = format!(
                    "{} → {}{}",
                    h.trim(),
                    field_label(*f),
                    if by_map { " (--map)" } else { "" }
                );
                if used_seen.insert(shown.clone()) {
                    used.push(shown);
                }
            }
            None => match ignored_at.get(h.trim()) {
                Some(&i) => ignored[i].columns += 1,
                None => {
                    ignored_at.insert(h.trim().to_string(), ignored.len());
                    ignored.push(Ignored {
                        name: h.trim().to_string(),
                        columns: 1,
                    });
                }
            },
        }
    }
    let mut notes = vec![format!("columns: {}", capped_list(&used))];
    if !ignored.is_empty() {
        let shown: Vec<String> = ignored
            .iter()
            .map(|Ignored { name, columns }| {
                let n = if name.is_empty() { "(no name)" } else { name };
                if *columns > 1 {
                    format!("{n} ×{columns}")
                } else {
                    n.to_string()
                }
            })
            .collect();
        notes.push(format!(
            "columns ignored: {} (use --map COLUMN=FIELD to read one)",
            capped_list(&shown)
        ));
    }
    notes
}
