use std::process::ExitCode;

use backlog::cli;

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
