//! The trackers whose CSV layouts are told by their header: Jira (in any
//! language), Azure DevOps, Linear, Polarion and GitHub Projects. Each
//! reads some columns its own way (Azure DevOps' `Effort` is the estimate;
//! GitHub's `URL` is the item's key, `Assignees` its owners), and the tool
//! is kept on each item as where it came from. Where each layout was seen
//! is listed in tests/fixtures/README.md.

use super::super::import_plan::ImportError;
use super::columns::Field;
use super::records::Record;
use super::spellings::{CUSTOM_FIELD_WRAPPERS, SPELLINGS};

/// The tool a CSV file came from, as told by its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    Jira,
    AzureDevOps,
    Linear,
    Polarion,
    GitHub,
    /// Any other CSV (this project's columns, a spreadsheet).
    Csv,
}

impl Tool {
    /// The name kept on imported items (`source`).
    pub fn name(self) -> &'static str {
        match self {
            Tool::Jira => "jira",
            Tool::AzureDevOps => "azure-devops",
            Tool::Linear => "linear",
            Tool::Polarion => "polarion",
            Tool::GitHub => "github",
            Tool::Csv => "csv",
        }
    }
}

/// GitHub Projects' own columns ("Export view data").
const GITHUB: &[&str] = &[
    "assignees",
    "linkedpullrequests",
    "subissuesprogress",
    "repository",
    "milestone",
    "reviewers",
];

/// Polarion's work-item columns that no other tracker writes.
const POLARION: &[&str] = &[
    "linkedworkitems",
    "plannedin",
    "initialestimate",
    "remainingestimate",
];

/// The columns only Jira's export writes (English; the localized ones are
/// the key, id and type spellings of `SPELLINGS`).
const JIRA: &[&str] = &[
    "issuekey",
    "issueid",
    "issuetype",
    "statuscategory",
    "parentsummary",
    "epiclink",
];

/// The tool of a header (each cell normalised), `raw` as written.
pub(super) fn tool_of(raw: &[String], normalised: &[String]) -> Tool {
    let has = |n: &str| normalised.iter().any(|h| h == n);
    if has("workitemtype") {
        return Tool::AzureDevOps;
    }
    if has("title") && has("url") && GITHUB.iter().any(|n| has(n)) {
        return Tool::GitHub;
    }
    if has("id") && has("title") && POLARION.iter().any(|n| has(n)) {
        return Tool::Polarion;
    }
    if has("team") && (has("cyclenumber") || has("parentissue") || has("projectid")) {
        return Tool::Linear;
    }
    let localized = SPELLINGS
        .iter()
        .filter(|(f, _)| matches!(f, Field::Key | Field::Id | Field::Kind))
        .flat_map(|(_, names)| names.iter())
        .map(|n| super::columns::normalise(n))
        .any(|n| n != "workitemtype" && has(&n));
    let wrapped = raw.iter().any(|h| {
        let h = h.trim().to_lowercase();
        CUSTOM_FIELD_WRAPPERS.iter().any(|w| h.starts_with(w))
    });
    if JIRA.iter().any(|n| has(n)) || localized || wrapped {
        return Tool::Jira;
    }
    Tool::Csv
}

/// The columns a tool reads its own way.
pub(super) fn adjust(tool: Tool, normalised: &[String], cols: &mut [Option<Field>]) {
    match tool {
        Tool::AzureDevOps => azure_devops(normalised, cols),
        Tool::GitHub => github(normalised, cols),
        Tool::Polarion => polarion(normalised, cols),
        Tool::Jira | Tool::Linear | Tool::Csv => {}
    }
}

/// Azure DevOps names its estimate `Effort` (Scrum process) beside `Work
/// Item Type`: there it is the story's estimate, not RICE effort; and its
/// tree export repeats `Title 1`, `Title 2`, … one per level.
fn azure_devops(normalised: &[String], cols: &mut [Option<Field>]) {
    let has_points = cols.contains(&Some(Field::Points));
    for (n, c) in normalised.iter().zip(cols.iter_mut()) {
        if n == "effort" && !has_points {
            *c = Some(Field::Points);
        }
        if c.is_none()
            && let Some(level) = n.strip_prefix("title")
            && !level.is_empty()
            && level.chars().all(|ch| ch.is_ascii_digit())
        {
            *c = Some(Field::Title);
        }
    }
}

/// GitHub Projects: the item's `URL` is its key (a sub-issue's `Parent
/// issue` names it), `Assignees` its owners; `Estimate` (a number) is the
/// estimate, and `Size` (XS … XL) is then left out.
fn github(normalised: &[String], cols: &mut [Option<Field>]) {
    let has_key = cols.contains(&Some(Field::Key));
    let has_estimate = normalised.iter().any(|n| n == "estimate");
    for (n, c) in normalised.iter().zip(cols.iter_mut()) {
        match n.as_str() {
            "url" if !has_key => *c = Some(Field::Key),
            "assignees" => *c = Some(Field::Owner),
            "size" if has_estimate => *c = None,
            _ => {}
        }
    }
}

/// Polarion: `Categories` are its labels (`Linked Work Items`, read
/// everywhere, names the parent); `Initial Estimate` is time (`1d 4h`),
/// not points, and stays out.
fn polarion(normalised: &[String], cols: &mut [Option<Field>]) {
    for (n, c) in normalised.iter().zip(cols.iter_mut()) {
        if n == "categories" {
            *c = Some(Field::Labels);
        }
    }
}

/// GitHub's short form of an issue, `owner/repo#12`, as the URL its
/// export keys the issue by.
pub(super) fn github_issue_url(s: &str) -> Option<String> {
    let (repo, number) = s.trim().split_once('#')?;
    let (owner, name) = repo.split_once('/')?;
    let word = |w: &str| {
        !w.is_empty()
            && w.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    };
    let ok = word(owner)
        && word(name)
        && !number.is_empty()
        && number.chars().all(|c| c.is_ascii_digit());
    ok.then(|| format!("https://github.com/{owner}/{name}/issues/{number}"))
}

/// The parents named in a `Linked Work Items` cell: the keys of the links
/// whose role says parent (`parent: MED-12 - Title`, `has parent: MED-12`,
/// `MED-12 - Title (parent)`), one link per line or `;`/`,`-separated.
pub(super) fn linked_parents(cell: &str) -> Vec<String> {
    cell.split(['\n', ';', ','])
        .filter_map(|link| {
            let l = link.trim();
            let (role, rest) = match l.split_once(':') {
                Some((role, rest)) => (role.trim().to_lowercase(), rest.trim()),
                None => {
                    let open = l.rfind('(')?;
                    (l[open + 1..].trim_end_matches(')').trim().to_lowercase(), l)
                }
            };
            let is_parent = matches!(
                role.as_str(),
                "parent" | "has parent" | "child of" | "is child of"
            );
            if !is_parent {
                return None;
            }
            let key = rest.split_whitespace().next()?;
            let ok = key.contains('-')
                && key
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
            ok.then(|| key.to_string())
        })
        .collect()
}

/// Polarion writes lines before the header (`Exported on,…`, `Query,…`):
/// how many records to skip to reach the header (the first with an `ID`
/// cell); 0 for any other file.
pub(super) fn preamble(
    mut records: impl Iterator<Item = Result<Record, ImportError>>,
) -> Result<usize, ImportError> {
    let norm = |s: &str| super::columns::normalise(s);
    let Some(first) = records.next().transpose()? else {
        return Ok(0);
    };
    if first.cells.first().is_none_or(|h| norm(h) != "exportedon")
        || first.cells.iter().any(|h| norm(h) == "id")
    {
        return Ok(0);
    }
    for (n, r) in records.enumerate() {
        if r?.cells.iter().any(|h| norm(h) == "id") {
            return Ok(n + 1);
        }
    }
    Ok(0)
}
