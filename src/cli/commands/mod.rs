//! One handler per subcommand.

mod add;
mod archive;
mod capacity;
mod check;
mod checkin;
mod criteria;
mod depmap;
mod dev;
mod diff;
mod edit;
mod forecast;
mod health;
mod insight;
mod links;
mod list;
mod refine;
mod report;
mod roadmap;
mod score;
mod search;
mod setup;
mod shell;
mod show;
mod show_history;
mod snapshot;
mod transfer;

use std::io::Write;

use anyhow::Result;

use super::args::Command;
use super::context::Context;

pub fn dispatch(ctx: &Context, command: Command, out: &mut dyn Write) -> Result<()> {
    match command {
        Command::Init => setup::init(ctx, out),
        Command::Path => setup::path(ctx, out),
        Command::Backup { file, force } => setup::backup(ctx, &file, force, out),
        Command::Demo { force } => setup::demo(ctx, force, out),
        Command::Check { json } => check::check(ctx, json, out),
        Command::Salvage(a) => check::salvage(ctx, &a.file, &a.output, out),
        Command::Add(a) => add::run(ctx, a, out),
        Command::Edit(a) => edit::run(ctx, *a, out),
        Command::Ac(a) => criteria::ac(ctx, a, out),
        Command::Metric(a) => criteria::metric(ctx, a, out),
        Command::Score(a) => score::run(ctx, a, out),
        Command::Dep(a) => links::dep(ctx, a, out),
        Command::Insight(a) => insight::run(ctx, a, out),
        Command::Decide {
            key,
            decision,
            why,
            date,
        } => links::decide(ctx, &key, &decision, why, date, out),
        Command::List(a) => list::run(ctx, a, out),
        Command::Search { text, kind, json } => search::run(ctx, &text, kind.as_deref(), json, out),
        Command::Show { key, json, history } => show::run(ctx, &key, json, history, out),
        Command::Rm { key, purge } => archive::rm(ctx, &key, purge, out),
        Command::Restore { key } => archive::restore_item(ctx, &key, out),
        Command::Health {
            json,
            stale_days,
            checkin_days,
        } => health::run(ctx, json, stale_days, checkin_days, out),
        Command::Forecast(a) => forecast::run(ctx, a, out),
        Command::Capacity(a) => capacity::run(ctx, a, out),
        Command::Refine(r) => refine::run(ctx, r, out),
        Command::Import(a) => transfer::run_import(ctx, a, out),
        Command::Export { output } => transfer::run_export(ctx, output, out),
        Command::Undo => archive::undo(ctx, out),
        Command::Redo => archive::redo(ctx, out),
        Command::Roadmap(a) => roadmap::run(ctx, a, out),
        Command::Report(a) => report::run(ctx, a, out),
        Command::Snapshot(a) => snapshot::run(ctx, a, out),
        Command::Diff(a) => diff::run(ctx, a, out),
        Command::Completions { shell } => shell::completions(shell, out),
        Command::Man => shell::man(out),
        Command::Dev(a) => dev::run(ctx, a, out),
    }
}
