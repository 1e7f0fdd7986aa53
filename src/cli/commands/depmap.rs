//! `dep map [KEY] [--depth N] [--level L] [--format F] [--critical-path]
//! [-o FILE]`: the dependency map, read only.

use std::io::Write;

use anyhow::Result;

use crate::cli::args::{DepMapArgs, MapFormatArg, MapLevelArg};
use crate::cli::context::Context;
use crate::domain::Kind;
use crate::domain::parse::key;
use crate::domain::text::shown_path;
use crate::ops::deps::dependency_map;
use crate::ops::output::{Destination, write_file};
use crate::transfer::depmap::{Format, render};

pub fn run(ctx: &Context, a: DepMapArgs, out: &mut dyn Write) -> Result<()> {
    // The key is checked before the file is opened.
    let focus = a.key.as_deref().map(key).transpose()?;
    let level = a.level.map(|l| match l {
        MapLevelArg::Story => Kind::Story,
        MapLevelArg::Epic => Kind::Epic,
        MapLevelArg::Initiative => Kind::Initiative,
    });
    let format = match a.format {
        MapFormatArg::Text => Format::Text,
        MapFormatArg::Mermaid => Format::Mermaid,
        MapFormatArg::Dot => Format::Dot,
        MapFormatArg::Json => Format::Json,
    };
    let store = ctx.read()?;
    let map = dependency_map(&store, level, focus, a.depth)?;
    let text = render(&map, format, a.critical_path);
    match Destination::parse(a.output.as_deref()) {
        Destination::File(path) => {
            write_file(&path, text.as_bytes())?;
            writeln!(
                out,
                "wrote {} ({} {}, {} links, {format})",
                shown_path(&path),
                map.nodes.len(),
                map.level.plural(),
                map.edges.len()
            )?;
        }
        Destination::Stdout => out.write_all(text.as_bytes())?,
    }
    Ok(())
}
