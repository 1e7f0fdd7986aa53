use std::process::ExitCode;

use backlog::cli;

/// mimalloc: loading and freeing a large backlog is allocation-heavy, and
/// glibc's malloc spends much of that time consolidating free lists.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::parse();
    if args.command.is_some() {
        if args.demo {
            eprintln!("error: --demo opens the TUI; it cannot be combined with a command");
            return ExitCode::from(2);
        }
        return cli::main(args);
    }
    let result = cli::resolve_db_path(args.db)
        .map(|(p, _)| p)
        .and_then(|path| backlog::tui::run(&path, args.demo));
    cli::exit_code(result)
}
