use std::process::ExitCode;

fn main() -> ExitCode {
    backlog::cli::main()
}
