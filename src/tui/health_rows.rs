//! The Health tab's rows, laid out from the audit: each finding's
//! summary line, then the items behind it, grouped into sections.

use crate::domain::{Backlog, Key};

/// At most this many items are listed under one health figure.
pub(super) const HEALTH_ITEMS: usize = 50;

/// The Health tab's rows: each figure, then the items behind it.
pub fn health_rows(
    h: &crate::domain::health::Health,
    backlog: &Backlog,
) -> Vec<super::tab_state::HealthRow> {
    use super::tab_state::HealthRow;
    use crate::domain::number::{fmt_plain, round_display};
    let title = |k: Key| backlog.get(k).map_or(String::new(), |i| i.title.clone());
    let mut rows = Vec::new();
    let heading = |rows: &mut Vec<HealthRow>, text: String, problem: bool| {
        rows.push(HealthRow {
            text,
            key: None,
            heading: true,
            problem,
            summary: true,
            section: None,
        });
    };
    let item = |rows: &mut Vec<HealthRow>, k: Key, text: String| {
        rows.push(HealthRow {
            text,
            key: Some(k),
            heading: false,
            problem: false,
            summary: false,
            section: None,
        });
    };
    let more = |rows: &mut Vec<HealthRow>, n: usize| {
        if n > HEALTH_ITEMS {
            rows.push(HealthRow {
                text: format!(
                    "      … and {} more (backlog health --json lists all)",
                    n - HEALTH_ITEMS
                ),
                key: None,
                heading: false,
                problem: false,
                summary: false,
                section: None,
            });
        }
    };
    heading(
        &mut rows,
        format!("Coverage of {} open stories", h.open_stories),
        false,
    );
    for c in h.figures() {
        rows.push(HealthRow {
            text: format!("  {}", c.line()),
            key: None,
            heading: false,
            problem: !c.missing.is_empty(),
            summary: true,
            section: None,
        });
        for k in c.missing.iter().take(HEALTH_ITEMS) {
            item(&mut rows, *k, format!("      {k:<7} {}", title(*k)));
        }
        more(&mut rows, c.missing.len());
    }
    heading(
        &mut rows,
        format!("Not ready ({})", h.not_ready.len()),
        !h.not_ready.is_empty(),
    );
    for n in h.not_ready.iter().take(HEALTH_ITEMS) {
        item(
            &mut rows,
            n.key,
            format!(
                "  {:<7} missing {}",
                n.key.to_string(),
                n.missing.join("; ")
            ),
        );
    }
    more(&mut rows, h.not_ready.len());
    heading(
        &mut rows,
        format!("Likely duplicates ({})", h.duplicates.len()),
        !h.duplicates.is_empty(),
    );
    for d in h.duplicates.iter().take(HEALTH_ITEMS) {
        item(
            &mut rows,
            d.a,
            format!(
                "  {:>3}%  {} ~ {}  {} ({})",
                round_display(d.similarity * 100.0, 0),
                d.a,
                d.b,
                title(d.a),
                d.basis
            ),
        );
    }
    more(&mut rows, h.duplicates.len());
    let wsjf = h.wsjf_off_scale.len() + h.wsjf_no_one.len();
    heading(&mut rows, format!("WSJF estimation ({wsjf})"), wsjf > 0);
    for o in h.wsjf_off_scale.iter().take(HEALTH_ITEMS) {
        item(
            &mut rows,
            o.key,
            format!(
                "  {:<7} {} = {} is off the 1-2-3-5-8-13-20 scale",
                o.key.to_string(),
                o.field,
                fmt_plain(o.value)
            ),
        );
    }
    for n in &h.wsjf_no_one {
        if let Some(first) = n.items.first() {
            item(
                &mut rows,
                *first,
                format!(
                    "  {}: no {} is 1 (smallest {}: {})",
                    n.kind.plural(),
                    n.field,
                    fmt_plain(n.smallest),
                    first
                ),
            );
        }
    }
    heading(
        &mut rows,
        format!("Dependency problems ({})", h.dependency_problems.len()),
        !h.dependency_problems.is_empty(),
    );
    for d in h.dependency_problems.iter().take(HEALTH_ITEMS) {
        item(&mut rows, d.key, format!("  {}", d.detail));
    }
    heading(
        &mut rows,
        format!(
            "Stale: in progress, unchanged {}+ days ({})",
            h.stale_days,
            h.stale.len()
        ),
        !h.stale.is_empty(),
    );
    for s in h.stale.iter().take(HEALTH_ITEMS) {
        item(
            &mut rows,
            s.key,
            format!(
                "  {:<7} {} days  {}",
                s.key.to_string(),
                s.days,
                title(s.key)
            ),
        );
    }
    super::health_outcome_rows::outcome_rows(h, backlog, &mut rows);
    // Each summary line after the first (the coverage heading) opens a
    // section: itself and the rows under it.
    let mut section = None;
    let mut next = 0;
    for (i, r) in rows.iter_mut().enumerate() {
        if r.summary && i > 0 {
            section = Some(next);
            next += 1;
        }
        r.section = section;
    }
    rows
}
