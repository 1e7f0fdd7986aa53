//! Command-line arguments (clap).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

mod import;
mod planning;
pub use import::{EpicFromArg, ImportArgs, ImportFormat, ListsAsArg};
pub use planning::{CapacityArgs, DepMapArgs, ForecastArgs, LaneArg, MapFormatArg, MapLevelArg};

#[derive(Debug, Parser)]
#[command(
    name = "backlog",
    version,
    about = "A terminal backlog and roadmap manager for product managers",
    long_about = "A terminal backlog and roadmap manager for product managers.\n\n\
        Initiatives → epics → user stories with acceptance criteria, RICE and WSJF \
        priorities, and now/next/later roadmaps, in one local SQLite file.",
    after_help = "The file: --db PATH or BACKLOG_DB, else backlog.db in your data directory \
        (see `backlog path`)."
)]
pub struct Cli {
    /// The backlog file to use.
    #[arg(long, global = true, env = "BACKLOG_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Open the TUI on a throwaway copy of the demo backlog.
    #[arg(long)]
    pub demo: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the backlog file if it is missing.
    Init,
    /// Print where the backlog file is.
    Path,
    /// Write a consistent copy of the backlog file (safe while it is in use).
    Backup {
        /// Where to write the copy.
        file: PathBuf,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Check the backlog file for damage: SQLite's integrity check and every item read. Exit 1 if it is damaged, with what to do.
    Check {
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Save every readable item of a damaged backlog file into a backlog document (`import` it into a new file); says what was lost.
    Salvage(super::args_check::SalvageArgs),
    /// Load the demo backlog into the file.
    Demo {
        /// Replace whatever the file holds.
        #[arg(long)]
        force: bool,
    },
    /// Add an initiative, epic or story; prints its key.
    #[command(subcommand)]
    Add(AddCommand),
    /// Change fields of an item.
    Edit(Box<EditArgs>),
    /// Acceptance criteria of a story (N counts from 1).
    #[command(subcommand)]
    Ac(AcCommand),
    /// Success metrics of an initiative (N counts from 1).
    #[command(subcommand)]
    Metric(super::args_metric::MetricCommand),
    /// Set or show RICE and WSJF inputs.
    Score(ScoreArgs),
    /// Dependencies between items.
    #[command(subcommand)]
    Dep(DepCommand),
    /// Customer insights (evidence behind items): add, link, list, show.
    #[command(subcommand)]
    Insight(super::args_insight::InsightCommand),
    /// Record a decision on an item.
    Decide {
        key: String,
        /// What was decided.
        decision: String,
        /// Why.
        #[arg(long)]
        why: Option<String>,
        /// The date of the decision (YYYY-MM-DD); default today.
        #[arg(long)]
        date: Option<String>,
    },
    /// List items.
    List(ListArgs),
    /// Find items by text: every word must occur (case and accents
    /// ignored) in the key, title, description, persona, goal, benefit,
    /// acceptance criteria or labels; best match first.
    Search {
        /// The words to look for.
        text: String,
        /// Only items of this kind: initiative, epic or story.
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show one item.
    Show {
        key: String,
        #[arg(long)]
        json: bool,
        /// Show every recorded change to the item.
        #[arg(long)]
        history: bool,
    },
    /// Archive an item and everything under it (undoable); --purge deletes for good.
    Rm {
        key: String,
        /// Delete for good, with its history (not undoable).
        #[arg(long)]
        purge: bool,
    },
    /// Bring back an archived item and everything under it.
    Restore { key: String },
    /// Audit the backlog: coverage, readiness, duplicates, scoring and dependency problems.
    Health {
        #[arg(long)]
        json: bool,
        /// In-progress items unchanged for this many days count as stale.
        #[arg(long, default_value_t = 14, value_name = "DAYS")]
        stale_days: i64,
        /// Success metrics without a check-in for this many days count as
        /// stale.
        #[arg(long, default_value_t = 30, value_name = "DAYS")]
        checkin_days: i64,
    },
    /// When the open stories of an item or a lane will be done, at the
    /// pace of the last weeks (Monte Carlo over past weekly throughput).
    Forecast(ForecastArgs),
    /// What the Now lane holds against the team's capacity, and when each
    /// Now and Next epic will be done (85%); sets what Now stands for.
    Capacity(CapacityArgs),
    /// Refinement sessions.
    #[command(subcommand)]
    Refine(RefineCommand),
    /// Import a backlog document (from `export`), a CSV file or plain-text user stories.
    Import(ImportArgs),
    /// Write the whole backlog as one JSON document; `import` reads it back losslessly.
    Export {
        /// Write to FILE instead of standard output (`-` is standard output).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Undo the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Show the now/next/later roadmap, or export it.
    Roadmap(RoadmapArgs),
    /// The stakeholder report: outcomes, shipped, roadmap changes, decisions, risks.
    Report(super::args_metric::ReportArgs),
    /// Dated snapshots of the roadmap, to show again or diff later.
    #[command(subcommand)]
    Snapshot(SnapshotCommand),
    /// What changed on the roadmap since a snapshot (or between two).
    Diff(DiffArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `backlog man > backlog.1`.
    Man,
    /// Developer tools (benchmarks): not part of the stable interface.
    #[command(subcommand, hide = true)]
    Dev(DevCommand),
}

#[derive(Debug, Subcommand)]
pub enum DevCommand {
    /// Write a synthetic backlog (50 initiatives, 1,000 epics, N stories with
    /// criteria, scores, estimates and dependencies) into FILE, for benchmarks.
    /// Deterministic for a seed. Not recorded in the history (undo does not
    /// take it back).
    Generate {
        /// The backlog file to write (created; must hold no items unless --force).
        file: PathBuf,
        /// How many stories.
        #[arg(long, default_value_t = 100_000)]
        stories: usize,
        /// Seed of the generator: the same seed writes the same backlog.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Replace whatever FILE holds.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum AddCommand {
    /// Add an initiative.
    Initiative {
        title: String,
        #[arg(long)]
        lane: Option<String>,
        /// The outcome it pursues.
        #[arg(long)]
        outcome: Option<String>,
        #[arg(long)]
        hypothesis: Option<String>,
        #[arg(long)]
        owner: Option<String>,
        #[arg(long)]
        description: Option<String>,
    },
    /// Add an epic under an initiative.
    Epic {
        title: String,
        #[arg(long, value_name = "KEY")]
        initiative: String,
        #[arg(long)]
        lane: Option<String>,
        #[arg(long)]
        owner: Option<String>,
        #[arg(long)]
        description: Option<String>,
    },
    /// Add a user story under an epic.
    Story(AddStory),
}

#[derive(Debug, Args)]
pub struct AddStory {
    pub title: String,
    #[arg(long, value_name = "KEY")]
    pub epic: String,
    /// The persona: "As a …".
    #[arg(long = "as", value_name = "PERSONA")]
    pub persona: Option<String>,
    /// The goal: "I want …".
    #[arg(long = "want", value_name = "GOAL")]
    pub goal: Option<String>,
    /// The benefit: "so that …".
    #[arg(long = "so-that", value_name = "BENEFIT")]
    pub benefit: Option<String>,
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub points: Option<String>,
    /// An acceptance criterion (repeatable).
    #[arg(long = "ac", value_name = "TEXT")]
    pub criteria: Vec<String>,
    #[arg(long)]
    pub owner: Option<String>,
    #[arg(long)]
    pub description: Option<String>,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    pub key: String,
    #[arg(long)]
    pub title: Option<String>,
    #[arg(long)]
    pub status: Option<String>,
    /// now, next, later or none.
    #[arg(long)]
    pub lane: Option<String>,
    /// Move under another parent (a story to another epic, an epic to another initiative).
    #[arg(long, value_name = "KEY")]
    pub parent: Option<String>,
    /// Story points, or none.
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub points: Option<String>,
    #[arg(long = "as", value_name = "PERSONA")]
    pub persona: Option<String>,
    #[arg(long = "want", value_name = "GOAL")]
    pub goal: Option<String>,
    #[arg(long = "so-that", value_name = "BENEFIT")]
    pub benefit: Option<String>,
    #[arg(long)]
    pub description: Option<String>,
    #[arg(long)]
    pub owner: Option<String>,
    #[arg(long)]
    pub outcome: Option<String>,
    #[arg(long)]
    pub hypothesis: Option<String>,
    /// Add a label (repeatable).
    #[arg(long = "label", value_name = "LABEL")]
    pub add_labels: Vec<String>,
    /// Remove a label (repeatable).
    #[arg(long = "unlabel", value_name = "LABEL")]
    pub remove_labels: Vec<String>,
    /// Manual rank among siblings (lower comes first).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub rank: Option<String>,
    /// Pin an initiative or epic to place N of its roadmap lane (1 = first),
    /// over its score; `none` puts it back in score order. A lane change
    /// drops the pin.
    #[arg(long, value_name = "N|none", allow_negative_numbers = true)]
    pub pin: Option<String>,
    /// Mark ready even if the Definition of Ready is not met (recorded).
    #[arg(long)]
    pub force: bool,
    /// Refuse the edit unless the item is still at this version (see `show --json`).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub if_version: Option<i64>,
}

#[derive(Debug, Subcommand)]
pub enum AcCommand {
    /// Add a criterion.
    Add { key: String, text: String },
    /// Mark criterion N met.
    Check {
        key: String,
        #[arg(allow_negative_numbers = true)]
        n: String,
    },
    /// Mark criterion N not met.
    Uncheck {
        key: String,
        #[arg(allow_negative_numbers = true)]
        n: String,
    },
    /// Remove criterion N.
    Rm {
        key: String,
        #[arg(allow_negative_numbers = true)]
        n: String,
    },
    /// Replace the text of criterion N.
    Edit {
        key: String,
        #[arg(allow_negative_numbers = true)]
        n: String,
        text: String,
    },
    /// Move criterion N to position TO.
    Move {
        key: String,
        #[arg(allow_negative_numbers = true)]
        n: String,
        #[arg(allow_negative_numbers = true)]
        to: String,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ModelArg {
    Rice,
    Wsjf,
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    pub key: String,
    /// RICE reach: people or events per period (≥ 0).
    #[arg(long, allow_negative_numbers = true)]
    pub reach: Option<String>,
    /// RICE reach from the evidence: the distinct customers behind the item.
    #[arg(long, conflicts_with = "reach")]
    pub reach_from_evidence: bool,
    /// RICE impact: 3 massive, 2 high, 1 medium, 0.5 low, 0.25 minimal.
    #[arg(long, allow_negative_numbers = true)]
    pub impact: Option<String>,
    /// RICE confidence in percent: 100, 80, 50 (0 < c ≤ 100).
    #[arg(long, allow_negative_numbers = true)]
    pub confidence: Option<String>,
    /// RICE effort in person-months (> 0).
    #[arg(long, allow_negative_numbers = true)]
    pub effort: Option<String>,
    /// WSJF user-business value (1 2 3 5 8 13 20).
    #[arg(long, allow_negative_numbers = true)]
    pub value: Option<String>,
    /// WSJF time criticality.
    #[arg(long, allow_negative_numbers = true)]
    pub time_criticality: Option<String>,
    /// WSJF risk reduction / opportunity enablement.
    #[arg(long, allow_negative_numbers = true)]
    pub risk_reduction: Option<String>,
    /// WSJF job size (> 0).
    #[arg(long, allow_negative_numbers = true)]
    pub job_size: Option<String>,
    /// Remove all inputs of a model.
    #[arg(long, value_enum)]
    pub clear: Option<ModelArg>,
}

#[derive(Debug, Subcommand)]
pub enum DepCommand {
    /// KEY depends on --on KEY.
    Add {
        key: String,
        #[arg(long, value_name = "KEY")]
        on: String,
    },
    /// Remove a dependency.
    Rm {
        key: String,
        #[arg(long, value_name = "KEY")]
        on: String,
    },
    /// The map of dependencies: of the whole backlog, or around KEY
    /// (what it depends on and what depends on it).
    Map(DepMapArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum SortArg {
    Rice,
    Wsjf,
    Rank,
    Key,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// initiative, epic or story.
    #[arg(long)]
    pub kind: Option<String>,
    #[arg(long)]
    pub status: Option<String>,
    /// Items showing in this lane (their own or inherited).
    #[arg(long)]
    pub lane: Option<String>,
    #[arg(long)]
    pub label: Option<String>,
    /// rank: backlog order (tree); key; rice or wsjf: highest first, unscored last.
    #[arg(long, value_enum, default_value = "rank")]
    pub sort: SortArg,
    /// Include archived items.
    #[arg(long)]
    pub archived: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum RefineCommand {
    /// What changed in a refinement session: stories made ready, estimates,
    /// criteria added, decisions, stories parked.
    Summary {
        /// Start of the session: RFC 3339, `YYYY-MM-DD`, or `HH:MM` today (local time); default: today 00:00.
        #[arg(long, value_name = "TIME")]
        since: Option<String>,
        #[arg(long, value_enum, default_value = "md")]
        format: SummaryFormat,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum SummaryFormat {
    Md,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LevelArg {
    Epic,
    Initiative,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Text,
    Md,
    Html,
    Json,
    Csv,
}

/// How to order and show a roadmap.
#[derive(Debug, Args)]
pub struct RoadmapView {
    /// The scoring model that orders each lane.
    #[arg(long, value_enum, default_value = "rice")]
    pub by: ModelArg,
    /// Cards are epics, or initiatives.
    #[arg(long, value_enum, default_value = "epic")]
    pub level: LevelArg,
}

#[derive(Debug, Args)]
pub struct RoadmapArgs {
    #[command(flatten)]
    pub view: RoadmapView,
    #[arg(long, value_enum, default_value = "text")]
    pub format: FormatArg,
    /// Write to FILE instead of standard output (`-` is standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum SnapshotCommand {
    /// Store the roadmap as it is now (NAME defaults to today's date).
    Take { name: Option<String> },
    /// List the stored snapshots.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show a stored snapshot exactly as it was taken.
    Show {
        name: String,
        #[command(flatten)]
        view: RoadmapView,
        #[arg(long, value_enum, default_value = "text")]
        format: FormatArg,
        /// Write to FILE instead of standard output (`-` is standard output).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Delete a stored snapshot.
    Rm { name: String },
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The snapshot to compare from.
    pub old: String,
    /// The snapshot to compare to; default: the live backlog.
    pub new: Option<String>,
    #[command(flatten)]
    pub view: RoadmapView,
    #[arg(long)]
    pub json: bool,
}
