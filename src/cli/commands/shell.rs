//! `completions SHELL` and `man`: generated from the clap definitions, so
//! they always list the commands and flags this binary has.

use std::io::Write;

use anyhow::Result;
use clap::CommandFactory;

use crate::cli::args::Cli;

/// The completion script for `shell`.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> Result<()> {
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "backlog", out);
    Ok(())
}

/// The manual page, in roff.
pub fn man(out: &mut dyn Write) -> Result<()> {
    clap_mangen::Man::new(Cli::command()).render(out)?;
    Ok(())
}
