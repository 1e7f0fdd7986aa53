//! `import`'s arguments.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ImportFormat {
    /// A backlog document, as `backlog export` writes it.
    Json,
    /// A CSV file with a header row (Jira exports, this project's columns).
    Csv,
    /// Plain text, one "As a …, I want …, so that …" story per line.
    Stories,
    /// A Trello board's JSON export (told apart from a document by itself).
    Trello,
    /// Taskwarrior's `task export` (told apart from a document by itself).
    Taskwarrior,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Formats: json (.json: a backlog document, a Trello board or a taskwarrior export, \
    told apart by their content), csv (.csv, .tsv), stories (.txt, .md). \
    A document goes into an empty file with its keys; --merge adds it to a backlog \
    under new keys. CSV and story imports add items under new keys; stories without \
    an epic go into an `Imported` epic (CSV) or an epic named after the file (stories).\n\n\
    Fields for --map: summary, key, id, type, status, status-category, resolution, priority, \
    points, epic-link, epic-name, parent, parent-name, project, linked-items, description, labels, \
    story, persona, goal, benefit, lane, owner, outcome, hypothesis, acceptance-criteria, reach, \
    impact, confidence, effort, value, time-criticality, risk-reduction, job-size, ignore."
)]
pub struct ImportArgs {
    /// The file to import.
    pub file: PathBuf,
    /// The file's format (default: from its name).
    #[arg(long, value_enum)]
    pub format: Option<ImportFormat>,
    /// Add a document's items to a backlog that has items, under new keys.
    #[arg(long)]
    pub merge: bool,
    /// Report what the import would create; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// CSV: read column COLUMN as FIELD (repeatable), e.g. --map storypoint=points.
    #[arg(long = "map", value_name = "COLUMN=FIELD", value_parser = crate::transfer::import_csv::parse_map)]
    pub map: Vec<(String, String)>,
    /// Put the stories into this existing epic instead of a new one.
    #[arg(long, value_name = "KEY")]
    pub epic: Option<String>,
    /// Trello: what the board's lists mean (default: the status, a list
    /// named like done → done).
    #[arg(long, value_enum, value_name = "WHAT")]
    pub lists_as: Option<ListsAsArg>,
    /// Trello: one epic for the board (default), or one per label.
    #[arg(long, value_enum, value_name = "FROM")]
    pub epic_from: Option<EpicFromArg>,
    /// Lift the import limits (a file of 256 MiB, 250,000 items, 1 MiB of
    /// text in one field).
    #[arg(long)]
    pub no_limits: bool,
}

/// `--lists-as`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ListsAsArg {
    /// The list a card is in gives its status.
    Status,
    /// Each list becomes an epic, in the lane its name says (Now, Next, Later).
    Lane,
}

/// `--epic-from`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum EpicFromArg {
    /// One epic named after the board.
    Board,
    /// An epic per label (a card's first).
    Label,
}
