//! CSV import: a header row names the columns. Jira's export columns
//! (Summary, Issue key, Issue id, Issue Type, Status, Story Points, Epic
//! Link, Parent id, …, repeated and `Custom field (…)`-wrapped) and this
//! project's own (`key,kind,title,status,parent,points,persona,goal,…`) are
//! recognised; `--map COLUMN=FIELD` names the others. A CSV file of one
//! column without a header (user-story sentences, one per row) is read as
//! plain-text stories.
//!
//! The steps, one file each: `records` (the text into records with their
//! lines), `columns` (the header), `rows` (one record into an item),
//! `links` (parents, epics, sub-tasks) and `report` (the notes).

mod columns;
mod layouts;
mod links;
mod records;
mod report;
mod rows;
mod spellings;
#[cfg(test)]
mod tests;
mod values;

use chrono::{DateTime, Utc};

use super::import_notes::capped_list;
use super::import_plan::{ImportError, Plan};
use super::import_stories;
use crate::domain::Key;
pub use columns::{Field, field_named, field_names, parse_map};
pub use layouts::Tool;
pub(crate) use records::{Record, records};
use report::Report;
pub(crate) use values::status as status_word;

/// Import options.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--map COLUMN=FIELD`, as typed.
    pub map: Vec<(String, String)>,
    /// Where stories without an epic go (`--epic KEY`); else an `Imported`
    /// epic under an `Imported` initiative.
    pub epic: Option<Key>,
}

/// Plans the import of a CSV file.
/// Whether every record below the header has one cell.
fn one_cell_rows(file: &str, text: &str, preamble: usize) -> Result<bool, ImportError> {
    for r in records::read_records(file, text)?.skip(preamble + 1) {
        if r?.cells.len() != 1 {
            return Ok(false);
        }
    }
    Ok(true)
}

pub fn plan(
    file: &str,
    text: &str,
    opts: &Options,
    now: DateTime<Utc>,
) -> Result<Plan, ImportError> {
    // Records are read one at a time, each made into what the plan keeps
    // before the next is read: no second copy of every cell.
    let preamble = layouts::preamble(records::read_records(file, text)?)?;
    let mut rows = records::read_records(file, text)?.skip(preamble);
    let Some(Record {
        line: header_line,
        cells: header,
    }) = rows.next().transpose()?
    else {
        return Err(ImportError::whole(file, "no rows: the file is empty"));
    };
    let columns = columns::columns(file, header_line, &header, &opts.map)?;
    let known = columns.fields.iter().filter(|c| c.is_some()).count();
    if known == 0
        && opts.map.is_empty()
        && header.len() == 1
        && one_cell_rows(file, text, preamble)?
    {
        // One column of sentences, no header (e.g. "As a researcher, I want …").
        let mut failed = None;
        let lines = std::iter::once(Ok(Record {
            line: header_line,
            cells: header,
        }))
        .chain(rows)
        .map_while(|r| match r {
            Ok(mut r) => Some((r.line, r.cells.remove(0))),
            Err(e) => {
                failed = Some(e);
                None
            }
        });
        let plan = import_stories::plan_lines(
            file,
            lines,
            &import_stories::Options {
                source: Tool::Csv.name(),
                ..import_stories::Options::for_file(file, opts.epic)
            },
            now,
        );
        if let Some(e) = failed {
            return Err(e);
        }
        let mut plan = plan?;
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
                capped_list(&header),
                field_names().join(", ")
            ),
        ));
    }
    let has = |f: Field| columns.has(f);
    if !has(Field::Title) && !has(Field::Goal) && !has(Field::Story) {
        return Err(ImportError::at(
            file,
            header_line,
            format!(
                "no title column in the header ({}): name it with --map COLUMN=summary",
                capped_list(&header)
            ),
        ));
    }
    let mut report = Report::new(columns::describe(&header, &columns.fields, &opts.map));
    let mut read = Vec::new();
    for row in rows {
        let Record { line, cells } = row?;
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
        read.push(rows::read(file, now, &mut report, line, &columns, cells)?);
    }
    if read.is_empty() {
        return Err(ImportError::whole(
            file,
            "no rows below the header: nothing to import",
        ));
    }
    let mut plan = links::place(file, read, opts.epic, columns.tool, now, &mut report)?;
    plan.notes = report.into_notes();
    Ok(plan)
}
