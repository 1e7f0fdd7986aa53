//! The arguments of `salvage` (beside `args.rs`, which holds the rest).

use std::path::PathBuf;

use clap::Args;

#[derive(Debug, Args)]
pub struct SalvageArgs {
    /// The damaged backlog file.
    pub file: PathBuf,
    /// Where to write the document (`-` is standard output).
    #[arg(short = 'o', long = "output", value_name = "NEW")]
    pub output: PathBuf,
}
