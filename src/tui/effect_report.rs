//! The TUI's stakeholder report: the last 30 days as Markdown, written
//! to the directory the TUI was started in (as `backlog report` would
//! write it).

use std::path::Path;

use chrono::Days;

use super::action::Action;
use crate::domain::text::shown_path;
use crate::ops::output::write_file;
use crate::ops::report::{ReportStart, build_report};
use crate::store::Store;
use crate::transfer::report::{ReportFormat, render};

/// Writes `report-YYYY-MM-DD.md` into `dir` for the 30 days up to today.
pub fn export_report(store: &Store, dir: &Path) -> Action {
    let today = store.now().date_naive();
    let since = today.checked_sub_days(Days::new(30)).unwrap_or(today);
    let report = match build_report(store, ReportStart::Date(since)) {
        Ok(r) => r,
        Err(e) => return Action::Failed(e.to_string()),
    };
    let path = dir.join(format!("report-{today}.md"));
    match write_file(&path, &render(&report, ReportFormat::Md)) {
        Ok(()) => Action::Notice(format!(
            "Stakeholder report since {since} written to {} (other formats: backlog report --format html)",
            shown_path(&path)
        )),
        Err(e) => Action::Failed(e.to_string()),
    }
}
