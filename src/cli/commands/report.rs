//! `report [--since DATE|SNAPSHOT] [--format md|html|json] [-o FILE]`.

use std::io::Write;

use anyhow::Result;
use chrono::Days;

use crate::cli::args_metric::{ReportArgs, ReportFormatArg};
use crate::cli::context::Context;
use crate::domain::parse::date;
use crate::domain::text::shown_path;
use crate::ops::output::{Destination, write_file};
use crate::ops::report::{ReportStart, build_report};
use crate::transfer::report::{ReportFormat, render};

pub fn run(ctx: &Context, a: ReportArgs, out: &mut dyn Write) -> Result<()> {
    let store = ctx.read()?;
    let start = match a.since.as_deref().map(str::trim) {
        None | Some("") => ReportStart::Date(
            ctx.now()
                .date_naive()
                .checked_sub_days(Days::new(30))
                .unwrap_or_default(),
        ),
        // A date when it reads as one, else a snapshot's name.
        Some(s) if s.as_bytes().first().is_some_and(u8::is_ascii_digit) && s.len() == 10 => {
            ReportStart::Date(date(s)?)
        }
        Some(s) => ReportStart::Snapshot(s.to_string()),
    };
    let report = build_report(&store, start)?;
    let format = match a.format {
        ReportFormatArg::Md => ReportFormat::Md,
        ReportFormatArg::Html => ReportFormat::Html,
        ReportFormatArg::Json => ReportFormat::Json,
    };
    let bytes = render(&report, format);
    match Destination::parse(a.output.as_deref()) {
        Destination::File(path) => {
            write_file(&path, &bytes)?;
            writeln!(out, "wrote {}", shown_path(&path))?;
        }
        Destination::Stdout => out.write_all(&bytes)?,
    }
    Ok(())
}
