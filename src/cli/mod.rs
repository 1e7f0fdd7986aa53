//! The scriptable CLI: clap definitions and one handler per subcommand.

mod args;
mod commands;
mod context;
mod render;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

pub use args::Cli;
pub use commands::load_demo;
pub use context::resolve_db_path;

/// Parses the command line (a usage error exits 2).
pub fn parse() -> Cli {
    Cli::parse()
}

/// Runs a parsed CLI command: exit 0 on success, 1 on a runtime error (one
/// `error: …` line on stderr).
pub fn main(cli: Cli) -> ExitCode {
    let mut out = std::io::stdout().lock();
    let result = run(cli, &mut out);
    let _ = out.flush();
    exit_code(result)
}

/// Prints a runtime error as one `error: …` line; returns the exit code.
pub fn exit_code(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line: newlines in messages are folded.
            let msg = format!("{e:#}").replace('\n', " ");
            eprintln!("error: {msg}");
            ExitCode::from(1)
        }
    }
}

/// Runs one parsed command, writing its output to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> anyhow::Result<()> {
    let ctx = context::Context::new(cli.db)?;
    match cli.command {
        None => {
            use clap::CommandFactory;
            let mut cmd = Cli::command();
            write!(out, "{}", cmd.render_help())?;
            Ok(())
        }
        Some(command) => commands::dispatch(&ctx, command, out),
    }
}
