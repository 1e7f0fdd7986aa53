//! `roadmap [--by] [--level] [--format] [-o FILE]`: the now/next/later
//! roadmap of the live backlog, in any export format.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use crate::cli::args::{FormatArg, LevelArg, ModelArg, RoadmapArgs, RoadmapView};
use crate::cli::context::Context;
use crate::domain::Model;
use crate::domain::roadmap::{Level, Roadmap};
use crate::domain::text::shown_path;
use crate::ops::output::{Destination, write_file};
use crate::ops::roadmap::live_roadmap;
use crate::transfer::roadmap::{Format, render};

pub fn run(ctx: &Context, a: RoadmapArgs, out: &mut dyn Write) -> Result<()> {
    let store = ctx.read()?;
    let (model, level) = view(&a.view);
    let format = format(a.format);
    let roadmap = live_roadmap(&store, model, level, format)?;
    emit(&roadmap, format, a.output.as_deref(), out)
}

/// The model and level a command asked for.
pub(super) fn view(v: &RoadmapView) -> (Model, Level) {
    let model = match v.by {
        ModelArg::Rice => Model::Rice,
        ModelArg::Wsjf => Model::Wsjf,
    };
    let level = match v.level {
        LevelArg::Epic => Level::Epic,
        LevelArg::Initiative => Level::Initiative,
    };
    (model, level)
}

pub(super) fn format(f: FormatArg) -> Format {
    match f {
        FormatArg::Text => Format::Text,
        FormatArg::Md => Format::Md,
        FormatArg::Html => Format::Html,
        FormatArg::Json => Format::Json,
        FormatArg::Csv => Format::Csv,
    }
}

/// Renders `roadmap` to `file` (`-` or none: standard output).
pub(super) fn emit(
    roadmap: &Roadmap,
    format: Format,
    file: Option<&Path>,
    out: &mut dyn Write,
) -> Result<()> {
    let bytes = render(roadmap, format);
    match Destination::parse(file) {
        Destination::File(path) => {
            write_file(&path, &bytes)?;
            writeln!(
                out,
                "wrote {} ({} {}, {format})",
                shown_path(&path),
                roadmap.len(),
                roadmap.level.plural()
            )?;
        }
        Destination::Stdout => out.write_all(&bytes)?,
    }
    Ok(())
}
