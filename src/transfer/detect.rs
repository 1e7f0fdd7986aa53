//! What an input file is, when its name does not say enough: a backlog
//! document, a Trello board, a taskwarrior export, or a file of another
//! tool this project does not read (a Jira or GitHub JSON, an Excel
//! workbook, a PDF), named with what to do instead. Reads no more than it
//! must: a document is told by its first bytes, other JSON by a parse that
//! keeps nothing.

use serde::Deserialize;
use serde::de::IgnoredAny;

/// The kinds of JSON input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    /// A backlog document (`backlog export`), or JSON that is nothing else
    /// known: the document reader says what is wrong with it.
    Document,
    Trello,
    Taskwarrior,
}

/// A file of another tool, with what to do instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Foreign(pub String);

/// A binary file this project cannot read, named by its first bytes.
pub fn binary(bytes: &[u8]) -> Option<Foreign> {
    let say = |what: &str| Some(Foreign(what.to_string()));
    if bytes.starts_with(b"PK\x03\x04") {
        return say(
            "a zip archive, such as an Excel workbook (.xlsx): not supported; save the sheet as CSV UTF-8 and import that",
        );
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return say(
            "an old Excel workbook (.xls): not supported; save the sheet as CSV UTF-8 and import that",
        );
    }
    if bytes.starts_with(b"%PDF") {
        return say(
            "a PDF: not supported; export the backlog from its tool as CSV (or JSON for Trello and taskwarrior) and import that",
        );
    }
    None
}

/// The top-level keys that tell an object apart.
#[derive(Deserialize)]
struct ObjectProbe {
    format: Option<IgnoredAny>,
    cards: Option<IgnoredAny>,
    lists: Option<IgnoredAny>,
    issues: Option<IgnoredAny>,
    #[serde(rename = "startAt")]
    start_at: Option<IgnoredAny>,
}

/// The keys of an array's first record.
#[derive(Deserialize)]
struct RecordProbe {
    uuid: Option<IgnoredAny>,
    description: Option<IgnoredAny>,
    entry: Option<IgnoredAny>,
    number: Option<IgnoredAny>,
    title: Option<IgnoredAny>,
    html_url: Option<IgnoredAny>,
    url: Option<IgnoredAny>,
    state: Option<IgnoredAny>,
    key: Option<IgnoredAny>,
    fields: Option<IgnoredAny>,
}

/// Whether a text named as CSV or plain text is JSON after all (a Trello
/// board saved as `board.txt`): it opens like JSON and parses whole.
pub fn is_json(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    t.starts_with(['{', '[']) && serde_json::from_str::<IgnoredAny>(t).is_ok()
}

/// What a JSON text is; `Err` names a file of another tool.
pub fn json(text: &str) -> Result<JsonKind, Foreign> {
    let t = text.trim_start();
    let head: String = t.chars().take(200).collect();
    if t.starts_with('{') {
        // `backlog export` writes "format" first.
        if head.contains("\"format\"") {
            return Ok(JsonKind::Document);
        }
        let Ok(p) = serde_json::from_str::<ObjectProbe>(t) else {
            return Ok(JsonKind::Document);
        };
        if p.format.is_some() {
            return Ok(JsonKind::Document);
        }
        if p.cards.is_some() && p.lists.is_some() {
            return Ok(JsonKind::Trello);
        }
        if p.issues.is_some() && p.start_at.is_some() {
            return Err(Foreign(
                "a Jira JSON (a REST search result): not supported; in Jira, export the issues as CSV (Export → CSV, all fields) and import that".into(),
            ));
        }
        return Ok(JsonKind::Document);
    }
    if let Some(rest) = t.strip_prefix('[') {
        let first = rest.trim_start();
        if first.starts_with(']') {
            return Err(Foreign("an empty JSON array: nothing to import".into()));
        }
        let mut stream = serde_json::Deserializer::from_str(first).into_iter::<RecordProbe>();
        let probe = match stream.next() {
            Some(Ok(p)) => p,
            _ => {
                return Err(Foreign(
                    "a JSON array, not of records this project reads: a backlog document is an object (`backlog export`); taskwarrior's `task export` and Trello's board export are read as they are".into(),
                ));
            }
        };
        if probe.uuid.is_some() && probe.description.is_some() && probe.entry.is_some() {
            return Ok(JsonKind::Taskwarrior);
        }
        if probe.number.is_some()
            && probe.title.is_some()
            && probe.state.is_some()
            && (probe.html_url.is_some() || probe.url.is_some())
        {
            return Err(Foreign(
                "a GitHub issues JSON (the API's or `gh issue list --json`): not supported; add the issues to a GitHub project, export its table view (the view's menu → Export view data, a .tsv file) and import that".into(),
            ));
        }
        if probe.key.is_some() && probe.fields.is_some() {
            return Err(Foreign(
                "a list of Jira issues as JSON: not supported; in Jira, export the issues as CSV (Export → CSV, all fields) and import that".into(),
            ));
        }
        return Err(Foreign(
            "a JSON array, not of records this project reads: a backlog document is an object (`backlog export`); taskwarrior's `task export` and Trello's board export are read as they are".into(),
        ));
    }
    Ok(JsonKind::Document)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_inputs_are_told_apart() {
        assert_eq!(json("{\"format\": \"backlog\"}"), Ok(JsonKind::Document));
        assert_eq!(
            json("{\"id\": \"b1\", \"name\": \"Team\", \"lists\": [], \"cards\": []}"),
            Ok(JsonKind::Trello)
        );
        assert_eq!(
            json("[{\"uuid\": \"u\", \"description\": \"d\", \"entry\": \"20260101T000000Z\"}]"),
            Ok(JsonKind::Taskwarrior)
        );
        let gh = json("[{\"number\": 1, \"title\": \"t\", \"state\": \"open\", \"url\": \"u\"}]");
        assert!(gh.unwrap_err().0.starts_with("a GitHub issues JSON"));
        let jira = json("{\"expand\": \"names\", \"startAt\": 0, \"issues\": []}");
        assert!(jira.unwrap_err().0.starts_with("a Jira JSON"));
        assert!(json("[]").unwrap_err().0.contains("empty"));
        // Anything else is left to the document reader's messages.
        assert_eq!(json("{\"items\": []}"), Ok(JsonKind::Document));
    }

    #[test]
    fn binaries_are_named() {
        assert!(binary(b"PK\x03\x04rest").unwrap().0.contains("Excel"));
        assert!(binary(b"%PDF-1.7").unwrap().0.starts_with("a PDF"));
        assert_eq!(binary(b"Summary,Status\n"), None);
    }
}
