//! The arguments of `metric …` and `report` (beside `args.rs`, which holds
//! the rest).

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

#[derive(Debug, Subcommand)]
pub enum MetricCommand {
    /// Add a success metric to an initiative.
    Add {
        key: String,
        name: String,
        #[arg(long)]
        baseline: Option<String>,
        #[arg(long)]
        target: Option<String>,
    },
    /// Remove metric N.
    Rm {
        key: String,
        #[arg(allow_negative_numbers = true)]
        n: String,
    },
    /// Record where metric N stands (a check-in).
    Checkin {
        key: String,
        #[arg(allow_negative_numbers = true)]
        n: String,
        /// The value measured: a number (with the metric's unit if you
        /// like: 33, 7 min, 9.5%); text only on a metric without numbers.
        #[arg(allow_negative_numbers = true)]
        value: String,
        /// When it was measured, YYYY-MM-DD (default: today).
        #[arg(long)]
        date: Option<String>,
        /// A note: what moved it, where the figure comes from.
        #[arg(long)]
        note: Option<String>,
    },
    /// Show metric N's check-ins and progress.
    History {
        key: String,
        #[arg(allow_negative_numbers = true)]
        n: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Where the report starts: a date (YYYY-MM-DD) or a snapshot's name
    /// (default: 30 days ago).
    #[arg(long)]
    pub since: Option<String>,
    #[arg(long, value_enum, default_value = "md")]
    pub format: ReportFormatArg,
    /// Write to FILE instead of standard output (`-` is standard output).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReportFormatArg {
    Md,
    Html,
    Json,
}
