//! The scriptable CLI: clap definitions and one handler per subcommand.

mod args;
mod commands;
mod context;
mod render;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

pub use args::Cli;
pub use context::resolve_db_path;

/// Runs the CLI: exit 0 on success, 1 on a runtime error (one `error: …`
/// line on stderr), 2 on a usage error.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = std::io::stdout().lock();
    match run(cli, &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = out.flush();
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
