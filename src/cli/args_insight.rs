//! The arguments of `insight` (beside `args.rs`, which holds the rest).

use std::path::PathBuf;

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum InsightCommand {
    /// Record a piece of customer evidence (a ticket, an interview note, a
    /// sales call); prints its key (F-1, F-2, …).
    Add(InsightAddArgs),
    /// Link an insight to the items it is evidence for.
    Link {
        /// The insight (F-1).
        insight: String,
        /// Initiatives, epics or stories.
        #[arg(required = true)]
        items: Vec<String>,
    },
    /// Remove the link from an insight to an item.
    Unlink {
        /// The insight (F-1).
        insight: String,
        /// The item it no longer speaks for.
        item: String,
    },
    /// List insights: the unlinked (the inbox) first, newest first.
    List {
        /// Only insights linked to nothing.
        #[arg(long)]
        unlinked: bool,
        /// Only this customer's insights (case ignored).
        #[arg(long, value_name = "NAME")]
        customer: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show one insight.
    Show {
        /// The insight (F-1).
        insight: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Archive an insight (`backlog undo` brings it back).
    Rm {
        /// The insight (F-1).
        insight: String,
    },
    /// Add insights from a support or feedback tool's CSV export (Zendesk,
    /// Intercom, Productboard, Canny, a sheet): text, customer, segment,
    /// source, URL, date and tags columns. All or nothing; a row already
    /// there (same URL, or same text, customer and date) is not added twice.
    Import {
        /// The CSV file (`-`: standard input).
        file: PathBuf,
        /// Read column COLUMN as FIELD (title, text, customer, segment,
        /// source, url, date, tags); repeatable.
        #[arg(long = "map", value_name = "COLUMN=FIELD", value_parser = crate::transfer::insights_csv::parse_map)]
        map: Vec<(String, String)>,
        /// Lift the import limits (a file of 256 MiB, 250,000 insights,
        /// 1 MiB of text in one field)
        #[arg(long)]
        no_limits: bool,
    },
}

#[derive(Debug, Args)]
pub struct InsightAddArgs {
    /// What the customer said or asked for.
    pub text: String,
    /// The customer (company or person) behind it.
    #[arg(long, value_name = "NAME")]
    pub customer: Option<String>,
    /// The customer's segment (e.g. Enterprise, SMB).
    #[arg(long, value_name = "NAME")]
    pub segment: Option<String>,
    /// Where it came from (e.g. "Zendesk #4411", "sales call").
    #[arg(long, value_name = "TEXT")]
    pub source: Option<String>,
    /// A link to the ticket, recording or note.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// When it was said (YYYY-MM-DD); default today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// An item it is evidence for (repeat for more).
    #[arg(long = "link", value_name = "KEY")]
    pub links: Vec<String>,
}
