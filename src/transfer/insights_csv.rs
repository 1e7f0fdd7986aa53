//! Customer insights from a CSV export of a support or feedback tool
//! (Zendesk tickets, Intercom conversations, Productboard notes, Canny
//! posts, or any sheet with a header row): each row one insight. Columns
//! are recognised by their header (see [`FIELD_SPELLINGS`]); `--map
//! COLUMN=FIELD` names others. Pure: text in, planned insights out, every
//! error naming its line.

use chrono::{DateTime, NaiveDate, NaiveDateTime};

use super::import_csv::{Record, records};
use super::import_plan::ImportError;
use crate::domain::InsightInfo;
use crate::domain::text::{clean_title, optional_text};

/// What a column of an insight CSV holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InsightField {
    /// The short statement (a ticket's subject, a post's title).
    Title,
    /// What the customer said in full (a note's text, a post's details).
    Text,
    Customer,
    Segment,
    Source,
    Url,
    Date,
    /// Words that classify it: kept as the insight's labels.
    Tags,
}

/// Each field's name for `--map` and the header spellings recognised for
/// it (compared ignoring case, spaces, `_` and `-`), first match wins.
pub const FIELD_SPELLINGS: &[(InsightField, &str, &[&str])] = &[
    (
        InsightField::Title,
        "title",
        &[
            "title",
            "subject",
            "summary",
            "post title",
            "note title",
            "name",
        ],
    ),
    (
        InsightField::Text,
        "text",
        &[
            "text",
            "feedback",
            "details",
            "description",
            "content",
            "note text",
            "note content",
            "body",
            "message",
            "message body",
            "conversation first message",
            "first message",
            "comment",
            "insight",
            "quote",
        ],
    ),
    (
        InsightField::Customer,
        "customer",
        &[
            "customer",
            "company",
            "company name",
            "organization",
            "organisation",
            "organization name",
            "account",
            "account name",
            "requester organization",
            "author company",
            "user company",
            "company names",
            "companies",
            "message author companies",
        ],
    ),
    (
        InsightField::Segment,
        "segment",
        &[
            "segment",
            "customer segment",
            "tier",
            "plan",
            "company plan",
            "company segment",
        ],
    ),
    (
        InsightField::Source,
        "source",
        &["source", "channel", "via", "board", "origin"],
    ),
    (
        InsightField::Url,
        "url",
        &[
            "url",
            "link",
            "display url",
            "source url",
            "ticket url",
            "post url",
            "conversation url",
            "note url",
        ],
    ),
    (
        InsightField::Date,
        "date",
        &[
            "date",
            "created",
            "created at",
            "created date",
            "date created",
            "submitted",
            "submitted at",
            "conversation started at",
            "message created at",
            "conversation created at",
            "timestamp",
        ],
    ),
    (
        InsightField::Tags,
        "tags",
        &["tags", "labels", "tag names", "conversation tags"],
    ),
];

/// The field names `--map` accepts.
pub fn field_names() -> Vec<&'static str> {
    FIELD_SPELLINGS.iter().map(|(_, name, _)| *name).collect()
}

/// Parses one `--map` argument: `COLUMN=FIELD`, FIELD one of
/// [`field_names`].
pub fn parse_map(arg: &str) -> Result<(String, String), String> {
    let (col, field) = arg.rsplit_once('=').ok_or_else(|| {
        format!("--map `{arg}`: expected COLUMN=FIELD, e.g. \"Ticket subject=text\"")
    })?;
    if col.trim().is_empty() {
        return Err(format!("--map `{arg}`: the column name is empty"));
    }
    if field_by_name(field).is_none() {
        return Err(format!(
            "--map `{arg}`: unknown field `{field}` (fields: {})",
            field_names().join(", ")
        ));
    }
    Ok((col.trim().to_string(), field.trim().to_string()))
}

fn field_by_name(name: &str) -> Option<InsightField> {
    let n = fold(name);
    FIELD_SPELLINGS
        .iter()
        .find(|(_, field, _)| fold(field) == n)
        .map(|(f, _, _)| *f)
}

/// Lower case without spaces, `_` and `-`: `Created_at` = `created at`.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// One planned insight and the line of its row.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedInsight {
    pub line: usize,
    /// Its text (the title if the file has one, else the text).
    pub title: String,
    /// The full text when the file has both a title and a text.
    pub description: String,
    pub info: InsightInfo,
    pub labels: Vec<String>,
}

/// Reads the insights of a CSV text. Every row needs a title or text;
/// a date must be a date. `map`: `--map` pairs, as typed.
pub fn parse(
    file: &str,
    text: &str,
    map: &[(String, String)],
) -> Result<Vec<PlannedInsight>, ImportError> {
    let mut rows = records(file, text)?.into_iter();
    let Some(Record {
        line: header_line,
        cells: header,
    }) = rows.next()
    else {
        return Err(ImportError::whole(file, "no rows: the file is empty"));
    };
    let fields = columns(file, header_line, &header, map)?;
    if !fields
        .iter()
        .any(|f| matches!(f, Some(InsightField::Title | InsightField::Text)))
    {
        return Err(ImportError::at(
            file,
            header_line,
            format!(
                "no column holds the insight's text (looked for {}, …); name it with --map COLUMN=text",
                [
                    "Text",
                    "Feedback",
                    "Details",
                    "Description",
                    "Subject",
                    "Title"
                ]
                .join(", ")
            ),
        ));
    }
    rows.map(|r| row(file, &fields, r)).collect()
}

/// The field of each column: `--map` first, then the spellings.
fn columns(
    file: &str,
    line: usize,
    header: &[String],
    map: &[(String, String)],
) -> Result<Vec<Option<InsightField>>, ImportError> {
    for (col, _) in map {
        if !header
            .iter()
            .any(|h| h.trim().eq_ignore_ascii_case(col.trim()))
        {
            return Err(ImportError::at(
                file,
                line,
                format!("--map names the column `{col}`, which the header does not have"),
            ));
        }
    }
    let mut taken: Vec<InsightField> = Vec::new();
    let mut out = Vec::with_capacity(header.len());
    for h in header {
        let mapped = map
            .iter()
            .find(|(col, _)| h.trim().eq_ignore_ascii_case(col.trim()))
            .and_then(|(_, f)| field_by_name(f));
        let f = mapped.or_else(|| {
            let n = fold(h);
            FIELD_SPELLINGS
                .iter()
                .find(|(f, _, spellings)| {
                    !taken.contains(f) && spellings.iter().any(|s| fold(s) == n)
                })
                .map(|(f, _, _)| *f)
        });
        if let Some(f) = f {
            if taken.contains(&f) && mapped.is_none() {
                out.push(None);
                continue;
            }
            taken.push(f);
        }
        out.push(f);
    }
    Ok(out)
}

fn row(
    file: &str,
    fields: &[Option<InsightField>],
    r: Record,
) -> Result<PlannedInsight, ImportError> {
    let at = |reason: String| ImportError::at(file, r.line, reason);
    let cell = |want: InsightField| -> Option<String> {
        fields
            .iter()
            .zip(&r.cells)
            .find(|(f, _)| **f == Some(want))
            .and_then(|(_, c)| optional_text(c))
    };
    let (title, text) = (cell(InsightField::Title), cell(InsightField::Text));
    let (title, description) = match (title, text) {
        (Some(t), Some(x)) if t != x => (t, x),
        (Some(t), _) => (t, String::new()),
        (None, Some(x)) => (x, String::new()),
        (None, None) => return Err(at("the row has no text".into())),
    };
    let title = clean_title("insight text", &title).map_err(|e| at(e.to_string()))?;
    let date = cell(InsightField::Date)
        .map(|d| {
            parse_date(&d).ok_or_else(|| {
                at(format!(
                    "`{d}` is not a date (expected e.g. 2026-10-03 or 2026-10-03T14:22:00Z)"
                ))
            })
        })
        .transpose()?;
    let labels = cell(InsightField::Tags)
        .map(|t| {
            let mut v: Vec<String> = t.split([',', ';']).filter_map(optional_text).collect();
            v.dedup();
            v
        })
        .unwrap_or_default();
    Ok(PlannedInsight {
        line: r.line,
        title,
        description,
        info: InsightInfo {
            customer: cell(InsightField::Customer),
            segment: cell(InsightField::Segment),
            source: cell(InsightField::Source),
            url: cell(InsightField::Url),
            date,
        },
        labels,
    })
}

/// A date as exports write it: `2026-10-03`, `2026/10/03`, RFC 3339
/// (`2026-10-03T14:22:00Z`), `2026-10-03 14:22[:05]`; the day is kept.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    // Years 1 to 9999 only: what a backlog document can hold.
    any_date(s).filter(|&d| crate::domain::parse::in_years(d))
}

fn any_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d);
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y/%m/%d") {
        return Some(d);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.date_naive());
    }
    [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S %z",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
    .map(|t| t.date())
    .or_else(|| {
        DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S %z")
            .ok()
            .map(|t| t.date_naive())
    })
}
