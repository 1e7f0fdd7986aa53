//! `dev generate`: a synthetic backlog for benchmarks (hidden command).

use std::io::Write;
use std::time::Instant;

use anyhow::Result;

use crate::cli::args::DevCommand;
use crate::cli::context::Context;
use crate::domain::text::shown_path;
use crate::generate::{Spec, write};
use crate::store::{OpenMode, Store};

pub fn run(ctx: &Context, command: DevCommand, out: &mut dyn Write) -> Result<()> {
    match command {
        DevCommand::Generate {
            file,
            stories,
            seed,
            force,
        } => {
            let started = Instant::now();
            let mut store = Store::open(&file, OpenMode::Create)?;
            let now = ctx.now();
            let spec = Spec::new(stories, seed);
            let n = write(&mut store, spec, now, force)?;
            writeln!(
                out,
                "generated {} initiatives, {} epics, {} stories into {} in {:.2} s (seed {seed})",
                spec.initiatives,
                spec.epics,
                spec.stories,
                shown_path(&file),
                started.elapsed().as_secs_f64()
            )?;
            debug_assert_eq!(n, spec.initiatives + spec.epics + spec.stories);
            Ok(())
        }
    }
}
