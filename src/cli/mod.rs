//! The scriptable CLI: clap definitions and one handler per subcommand.

mod args;
mod args_check;
mod args_insight;
mod args_metric;
mod cells;
mod commands;
mod context;
mod json;
mod json_list;
mod render;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

pub use args::Cli;
pub use context::resolve_db_path;
pub use json::FORMAT_VERSION as JSON_FORMAT_VERSION;

/// Parses the command line (a usage error exits 2).
///
/// A usage error quotes what was typed (`invalid value '…' for '--sort'`),
/// and clap prints it raw, with its own colours, on a terminal: an escape
/// sequence, a C1 control or a direction override in an argument would
/// reach the terminal. It is printed as plain text made terminal-safe,
/// line by line, as every other message is. Help and version go out as
/// clap writes them (they quote nothing typed).
pub fn parse() -> Cli {
    use clap::error::ErrorKind;
    match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => match e.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => e.exit(),
            ErrorKind::InvalidValue if empty_db_variable() => {
                // clap blames `--db`, which was not typed.
                eprintln!(
                    "error: BACKLOG_DB is set but empty: set it to a backlog file's path, or unset it"
                );
                std::process::exit(e.exit_code())
            }
            _ => {
                let text = e.render().to_string();
                let safe = crate::domain::text::terminal_safe(&text, true);
                // The reader of the message may be gone: nothing to add.
                let _ = write!(std::io::stderr().lock(), "{safe}");
                std::process::exit(e.exit_code())
            }
        },
    }
}

/// Whether `BACKLOG_DB` is set to nothing and `--db` was not typed.
fn empty_db_variable() -> bool {
    std::env::var_os("BACKLOG_DB").is_some_and(|v| v.is_empty())
        && !std::env::args_os().any(|a| a.as_encoded_bytes().starts_with(b"--db"))
}

/// Runs a parsed CLI command: exit 0 on success, 1 on a runtime error (one
/// `error: …` line on stderr).
pub fn main(cli: Cli) -> ExitCode {
    keep_freed_memory();
    map_big_allocations();
    // Buffered: stdout is line-buffered, and `list --json` of a large
    // backlog is hundreds of thousands of lines (one write each).
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let result = run(cli, &mut out);
    // A failed flush (the reader went away) is reported like a failed write.
    let result = result.and_then(|()| out.flush().map_err(anyhow::Error::from));
    exit_code(result)
}

use crate::store::memory::MI_OPTION_PURGE_DELAY;

/// Keeps memory freed for reuse until the process ends. By default
/// mimalloc gives freed pages back to the system (after a second, and
/// whenever a thread ends), and the system must then clear fresh pages
/// again for the next allocation: a tenth of a big undo's time, and a
/// third of the system time of `list` at 10,000 stories (its second
/// thread's pages were given back and cleared anew). A command is one
/// short process; its memory goes back when it exits. The TUI keeps the
/// default.
fn keep_freed_memory() {
    // SAFETY: `mi_option_set` takes no pointers; it is set from the only
    // thread before the command allocates much. Without mimalloc as the
    // allocator it changes nothing.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

/// Has the system's malloc (SQLite's) give every block of 1 MiB or more
/// its own mapping, returned to the system when freed. glibc does so from
/// 128 KiB, but raises that threshold to the size of each such block freed
/// (up to 32 MiB): the next text SQLite read, of a description of a few
/// megabytes, went to the heap, and stayed resident once freed, beside the
/// copies made after it (three times the text for `show --history --json`).
fn map_big_allocations() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` takes no pointers; it is set from the only thread
    // before the command allocates much.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

/// Frees `value` and gives its memory back to the system at once, though
/// every command keeps what it frees ([`keep_freed_memory`], put back
/// afterwards): an import's parsed document, freed before the store
/// writes (SQLite allocates with the system's malloc, so the freed pages
/// would stay resident beside its copies: a 200 MB document did, 790 MB
/// at the import's peak).
pub(crate) fn give_back<T>(value: T) {
    crate::store::memory::give_back(value);
}

/// Prints a runtime error as one `error: …` line; returns the exit code.
pub fn exit_code(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // The reader of our output went away (`backlog list | head`):
            // nothing to report.
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {}", one_line(&e));
            ExitCode::from(1)
        }
    }
}

/// The error and its causes on one line: each message once (a wrapped
/// error often repeats its source's text), newlines folded, and no control
/// characters from user input reaching the terminal.
fn one_line(e: &anyhow::Error) -> String {
    let mut msg = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if msg.contains(&text) {
            continue;
        }
        if !msg.is_empty() {
            msg.push_str(": ");
        }
        msg.push_str(&text);
    }
    crate::domain::text::terminal_safe(&msg.replace(['\n', '\r'], " "), false)
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(BrokenPipe))
    })
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
