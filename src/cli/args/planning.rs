//! The arguments of the planning commands: `dep map` and `forecast`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

#[derive(Debug, Args)]
pub struct ForecastArgs {
    /// An epic, initiative or story (default: the Now lane).
    #[arg(conflicts_with = "lane")]
    pub key: Option<String>,
    /// The open stories showing in this lane: now, next or later.
    #[arg(long, value_enum)]
    pub lane: Option<LaneArg>,
    /// Weeks of history to sample.
    #[arg(long, default_value_t = 12, value_name = "WEEKS")]
    pub window: usize,
    /// How many futures to simulate.
    #[arg(long, default_value_t = 10_000, value_name = "N")]
    pub trials: u32,
    /// Seed of the simulation, for reproducible output (default: random,
    /// and printed).
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Stories per week to assume instead of the history.
    #[arg(long, value_name = "N")]
    pub throughput: Option<f64>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LaneArg {
    Now,
    Next,
    Later,
}

#[derive(Debug, Args)]
pub struct DepMapArgs {
    /// Only what this item depends on and what depends on it.
    pub key: Option<String>,
    /// How many links away from KEY to go (default: all).
    #[arg(long, value_name = "N", requires = "key")]
    pub depth: Option<usize>,
    /// Draw links between stories, epics or initiatives (default: KEY's
    /// kind, else epics).
    #[arg(long, value_enum)]
    pub level: Option<MapLevelArg>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: MapFormatArg,
    /// Print the critical path: the longest chain of open work, by
    /// remaining points.
    #[arg(long)]
    pub critical_path: bool,
    /// Write to FILE instead of standard output (`-` is standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum MapLevelArg {
    Story,
    Epic,
    Initiative,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum MapFormatArg {
    Text,
    Mermaid,
    Dot,
    Json,
}

#[derive(Debug, Args)]
pub struct CapacityArgs {
    /// Set the weeks the Now lane stands for (default 6).
    #[arg(long, value_name = "WEEKS")]
    pub now_weeks: Option<u32>,
    /// Set the team's capacity in points per week (default: measured from
    /// the stories finished over the last 12 weeks).
    #[arg(long, value_name = "POINTS", conflicts_with = "measured")]
    pub points_per_week: Option<f64>,
    /// Forget a capacity set with --points-per-week: measure it again.
    #[arg(long)]
    pub measured: bool,
    #[arg(long)]
    pub json: bool,
}
