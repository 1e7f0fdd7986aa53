//! Importing a backlog document (what `backlog export` writes): exactly,
//! keys and all, into an empty file; or merged into a backlog that has
//! items, under new keys.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::error::Category;

use super::document::{Document, FORMAT, VERSION, to_items_located};
use super::import_plan::{ImportError, NextKeys, Plan, Planned, Ref};
use super::limits::Limits;
use crate::domain::planning::PlanningSettings;
use crate::domain::snapshot::Snapshot;
use crate::domain::text::clean_title;
use crate::domain::{Item, Key, Kind};

/// A parsed document: validated items in key order, and the key sequence
/// when the document carries one.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub items: Vec<Item>,
    pub next_keys: Option<NextKeys>,
    /// Roadmap snapshots, oldest first (kept by an exact import only).
    pub snapshots: Vec<Snapshot>,
    /// The team's planning settings, when the document sets them (kept by
    /// an exact import only).
    pub settings: Option<PlanningSettings>,
}

impl Parsed {
    /// The next keys after an exact import: the document's, and never
    /// below one past its highest key of each kind.
    pub fn next_keys(&self) -> NextKeys {
        let mut next = self.next_keys.unwrap_or_default();
        for i in &self.items {
            let slot = match i.kind() {
                Kind::Initiative => &mut next.initiative,
                Kind::Epic => &mut next.epic,
                Kind::Story => &mut next.story,
                Kind::Insight => &mut next.insight,
            };
            *slot = (*slot).max(i.key.num + 1);
        }
        next
    }

    pub fn counts(&self) -> [usize; 3] {
        let mut c = [0; 3];
        for i in self.items.iter().filter(|i| i.kind().in_hierarchy()) {
            c[super::import_plan::kind_index(i.kind())] += 1;
        }
        c
    }
}

#[derive(Deserialize)]
struct Header {
    format: Option<serde_json::Value>,
    version: Option<serde_json::Value>,
}

/// serde_json's message without its " at line L column C" tail, and
/// without the list of every field an item may have that serde appends
/// to an unknown field (forty names on one line).
fn reason(e: &serde_json::Error) -> String {
    let s = e.to_string();
    let s = match s.rfind(" at line ") {
        Some(p) => &s[..p],
        None => s.as_str(),
    };
    match s.find(", expected one of ") {
        Some(p) if s.starts_with("unknown field ") => format!(
            "{}: this version of backlog does not know it (remove it, or upgrade backlog if a newer one wrote the document)",
            &s[..p]
        ),
        _ => s.to_string(),
    }
}

fn json_error(file: &str, e: &serde_json::Error) -> ImportError {
    let why = match e.classify() {
        Category::Eof => format!(
            "the document ends too early ({}): is the file truncated?",
            reason(e)
        ),
        _ => reason(e),
    };
    ImportError::at(file, e.line().max(1), why)
}

/// Parses and validates a backlog document. Errors carry the line: of the
/// syntax error, or of the item at fault.
///
/// The text is read once when it is a valid document; only when it is not
/// is the header read on its own, so that a document of another format or
/// a newer version is named as such rather than by its first unknown field.
pub fn parse(file: &str, text: &str, now: DateTime<Utc>) -> Result<Parsed, ImportError> {
    parse_limited(file, text, now, Limits::DEFAULT)
}

/// [`parse`] within `limits`: too many items, or too long a text, is
/// refused at its line while the document is read.
pub fn parse_limited(
    file: &str,
    text: &str,
    now: DateTime<Utc>,
    limits: Limits,
) -> Result<Parsed, ImportError> {
    super::limits::with(limits, || parse_within(file, text, now))
}

fn parse_within(file: &str, text: &str, now: DateTime<Utc>) -> Result<Parsed, ImportError> {
    let doc: Document<'_> = match super::document::from_json(text) {
        Ok(doc) => doc,
        Err(doc_error) => {
            let header: Header = serde_json::from_str(text).map_err(|e| json_error(file, &e))?;
            check_header(file, text, &header)?;
            return Err(json_error(file, &doc_error));
        }
    };
    check_header(
        file,
        text,
        &Header {
            format: Some(serde_json::Value::String(doc.format.clone())),
            version: Some(serde_json::Value::from(doc.version)),
        },
    )?;
    let next_keys = doc.next_keys;
    let settings = doc
        .planning
        .map(|p| p.settings())
        .transpose()
        .map_err(|e| ImportError::at(file, line_of_field(text, "planning"), e.to_string()))?;
    let snapshots: Vec<Snapshot> = doc.snapshots.into_iter().map(Snapshot::from).collect();
    let mut names = std::collections::HashSet::new();
    for s in &snapshots {
        // A name with some text (an empty one was refused by the store as
        // "already exists"); kept exactly as the document has it.
        clean_title("snapshot name", &s.name)
            .map_err(|e| ImportError::at(file, line_of_field(text, "snapshots"), e.to_string()))?;
    }
    for s in &snapshots {
        if !names.insert(s.name.as_str()) {
            return Err(ImportError::at(
                file,
                line_of_field(text, "snapshots"),
                format!("snapshot “{}” appears twice", s.name),
            ));
        }
    }
    let items = to_items_located(doc.items, now).map_err(|(key, e)| {
        let line = key.map_or(1, |k| line_of_key(text, k));
        ImportError::at(file, line, e.to_string())
    })?;
    Ok(Parsed {
        items,
        next_keys,
        snapshots,
        settings,
    })
}

/// The document's format and version are ours.
fn check_header(file: &str, text: &str, header: &Header) -> Result<(), ImportError> {
    match header.format.as_ref().and_then(|f| f.as_str()) {
        Some(FORMAT) => {}
        Some(other) => {
            return Err(ImportError::at(
                file,
                line_of_field(text, "format"),
                format!("not a backlog document (format is `{other}`, expected `{FORMAT}`)"),
            ));
        }
        None => {
            return Err(ImportError::at(
                file,
                1,
                format!(
                    "not a backlog document (no \"format\": \"{FORMAT}\"); to import stories or a CSV file, use --format stories or --format csv"
                ),
            ));
        }
    }
    let version = header.version.as_ref().and_then(|v| v.as_u64());
    let version_line = line_of_field(text, "version");
    match version {
        Some(v) if (1..=u64::from(VERSION)).contains(&v) => {}
        Some(v) if v > u64::from(VERSION) => {
            return Err(ImportError::at(
                file,
                version_line,
                format!(
                    "document version {v} is newer than this build supports ({VERSION}): upgrade backlog"
                ),
            ));
        }
        _ => {
            return Err(ImportError::at(
                file,
                version_line,
                format!(
                    "unknown document version {}: expected 1 to {VERSION}",
                    header
                        .version
                        .as_ref()
                        .map_or("(none)".to_string(), |v| v.to_string())
                ),
            ));
        }
    }
    Ok(())
}

/// The line of the first `"name":` in `text` (1 when absent).
fn line_of_field(text: &str, name: &str) -> usize {
    let needle = format!("\"{name}\"");
    text.find(&needle)
        .map_or(1, |p| 1 + text[..p].matches('\n').count())
}

/// The line of the item whose `"key"` is `key` (1 when not found).
fn line_of_key(text: &str, key: Key) -> usize {
    let mut from = 0;
    while let Some(off) = text[from..].find("\"key\"") {
        let p = from + off;
        let rest = text[p + 5..].trim_start();
        if let Some(rest) = rest.strip_prefix(':') {
            let rest = rest.trim_start();
            if let Some(v) = rest.strip_prefix('"')
                && let Some(end) = v.find('"')
                && v[..end].parse::<Key>().ok() == Some(key)
            {
                return 1 + text[..p].matches('\n').count();
            }
        }
        from = p + 5;
    }
    1
}

/// A plan that adds the document's items to a backlog under new keys:
/// parents, dependencies and ranks among themselves kept; initiatives
/// appended after the backlog's own.
pub fn merge_plan(parsed: &Parsed) -> Plan {
    let index: std::collections::HashMap<Key, usize> = parsed
        .items
        .iter()
        .enumerate()
        .map(|(n, i)| (i.key, n))
        .collect();
    let mut plan = Plan {
        show_mapping: true,
        ..Plan::default()
    };
    for item in &parsed.items {
        let mut p = Planned::new(item.clone(), item.parent.map(|k| Ref::New(index[&k])), None);
        p.depends_on = item.depends_on.iter().map(|k| Ref::New(index[k])).collect();
        p.origin = Some(item.key.to_string());
        p.keep_rank = item.parent.is_some();
        plan.push(p);
    }
    if !parsed.snapshots.is_empty() {
        plan.note(format!(
            "{} roadmap snapshots not merged: they show the other backlog's keys",
            parsed.snapshots.len()
        ));
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEMO: &str = include_str!("../../assets/demo.json");

    fn now() -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH
    }

    fn err(text: &str) -> String {
        parse("b.json", text, now()).unwrap_err().to_string()
    }

    #[test]
    fn the_demo_parses_with_its_keys() {
        let p = parse("demo.json", DEMO, now()).unwrap();
        assert_eq!(p.next_keys, None);
        let next = p.next_keys();
        assert!(next.story > 60 && next.initiative > 3);
        let [i, e, s] = p.counts();
        assert!(i >= 4 && e >= 12 && s >= 60);
    }

    #[test]
    fn errors_carry_lines() {
        let truncated = &DEMO[..DEMO.len() / 2];
        let e = err(truncated);
        assert!(e.starts_with("b.json:"), "{e}");
        assert!(e.contains("truncated"), "{e}");
        assert_eq!(
            err("{\"format\": \"backlog\",\n \"version\": 9,\n \"items\": []}"),
            "b.json:2: document version 9 is newer than this build supports (1): upgrade backlog"
        );
        assert!(
            err("{\"format\": \"backlog\", \"version\": 0, \"items\": []}")
                .contains("unknown document version 0")
        );
        assert!(err("{\"format\": \"trello\", \"version\": 1}").contains("format is `trello`"));
        assert!(err("[1, 2]").starts_with("b.json:1:"));
        let bad = "{\"format\": \"backlog\", \"version\": 1, \"items\": [\n  {\"key\": \"I-1\", \"title\": \"x\"},\n  {\"key\": \"E-1\", \"title\": \"y\", \"parent\": \"I-1\",\n   \"wsjf_inputs\": {\"job_size\": 0}}\n]}";
        let e = err(bad);
        assert!(e.starts_with("b.json:3: item E-1: invalid job-size"), "{e}");
        let cycle = "{\"format\": \"backlog\", \"version\": 1, \"items\": [\n{\"key\": \"I-1\", \"title\": \"x\", \"depends_on\": [\"I-2\"]},\n{\"key\": \"I-2\", \"title\": \"y\", \"depends_on\": [\"I-1\"]}]}";
        let e = err(cycle);
        assert!(
            e.starts_with("b.json:3: item I-2: refused: I-2 → I-1 would make a dependency cycle"),
            "{e}"
        );
        let unknown = "{\"format\": \"backlog\", \"version\": 1, \"items\": [\n{\"key\": \"I-1\", \"title\": \"x\",\n \"colour\": \"red\"}]}";
        assert!(
            err(unknown).starts_with("b.json:3: unknown field `colour`"),
            "{}",
            err(unknown)
        );
    }

    #[test]
    fn merges_map_every_link() {
        let p = parse("demo.json", DEMO, now()).unwrap();
        let plan = merge_plan(&p);
        assert_eq!(plan.items.len(), p.items.len());
        for (n, planned) in plan.items.iter().enumerate() {
            if let Some(Ref::New(i)) = planned.parent {
                assert!(i < n, "parents come first");
            }
        }
        assert!(plan.items.iter().any(|p| !p.depends_on.is_empty()));
    }
}
