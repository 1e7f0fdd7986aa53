//! How a roadmap diff is shown: a terminal listing and the `--json` view.

use chrono::{DateTime, Utc};
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::domain::Lane;
use crate::domain::diff::Diff;
use crate::transfer::roadmap::one_line;
use crate::transfer::wire::diff::DiffV1;

/// One side of a comparison: a snapshot (by name) or the live backlog.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    /// The snapshot's name; `null` for the live backlog.
    pub name: Option<String>,
    /// When the snapshot was taken, or when the live roadmap was built.
    pub taken: DateTime<Utc>,
}

impl Side {
    fn label(&self) -> String {
        match &self.name {
            Some(n) => format!("“{}” ({})", one_line(n), when(self.taken)),
            None => format!("live backlog ({})", when(self.taken)),
        }
    }
}

/// Pretty JSON of the diff between `old` and `new` ([`DiffV1`]),
/// newline-terminated.
pub fn json(diff: &Diff, old: &Side, new: &Side) -> Vec<u8> {
    let doc = DiffV1::new(diff, old, new);
    // Plain data to memory: cannot fail.
    let mut out =
        crate::transfer::json_text::to_vec_pretty(&doc).expect("a diff serialises to JSON");
    out.push(b'\n');
    out
}

/// A listing for the terminal: a header, one line per change, and the
/// one-line summary last.
pub fn text(diff: &Diff, old: &Side, new: &Side) -> String {
    let mut rows: Vec<[String; 4]> = Vec::new();
    let lane = |l: Option<Lane>| l.map_or("unplanned", Lane::as_str);
    for c in &diff.added {
        rows.push(row(
            "added",
            c.key,
            format!("in {}", lane(c.lane)),
            &c.title,
        ));
    }
    for c in &diff.dropped {
        rows.push(row(
            "dropped",
            c.key,
            format!("from {}", lane(c.lane)),
            &c.title,
        ));
    }
    for c in &diff.moved {
        let what = format!("{} → {}", lane(c.from), lane(c.to));
        rows.push(row("moved", c.key, what, &c.title));
    }
    for c in &diff.reranked {
        let what = format!("{} #{} → #{}", lane(c.lane), c.from, c.to);
        rows.push(row("re-ranked", c.key, what, &c.title));
    }
    for c in &diff.rescored {
        let what = format!(
            "{} {} → {}",
            diff.model.label(),
            diff.model.display(c.from),
            diff.model.display(c.to)
        );
        rows.push(row("re-scored", c.key, what, &c.title));
    }
    let mut out = format!(
        "Roadmap changes from {} to {}, {} by {}\n",
        old.label(),
        new.label(),
        diff.level.plural(),
        diff.model.label()
    );
    let width = |i: usize| rows.iter().map(|r| r[i].width()).max().unwrap_or(0);
    let widths = [width(0), width(1), width(2)];
    for r in &rows {
        let mut line = String::from("  ");
        for (i, w) in widths.iter().enumerate() {
            line.push_str(&r[i]);
            line.push_str(&" ".repeat(w - r[i].width() + 2));
        }
        line.push_str(&r[3]);
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str(&diff.summary);
    out.push('\n');
    out
}

fn row(kind: &str, key: crate::domain::Key, what: String, title: &str) -> [String; 4] {
    [kind.to_string(), key.to_string(), what, one_line(title)]
}

fn when(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::roadmap::{Level, Roadmap, fixture};
    use crate::domain::{Backlog, Lane, Model, RiceInputs};

    #[test]
    fn lists_each_change_and_ends_with_the_summary() {
        let old = Roadmap::build(&fixture::backlog(), Model::Rice, Level::Epic, fixture::at());
        let mut items = fixture::items();
        for i in items.iter_mut() {
            match i.key.to_string().as_str() {
                "E-8" => i.lane = Some(Lane::Now),
                "E-2" => i.rice = RiceInputs::new(4000.0, 1.0, 80.0, 4.0),
                _ => {}
            }
        }
        let new = Roadmap::build(
            &Backlog::new(items),
            Model::Rice,
            Level::Epic,
            fixture::at(),
        );
        let d = Diff::between(&old, &new, Model::Rice);
        let a = Side {
            name: Some("Q3 \u{1b}[2Jreview".into()),
            taken: fixture::at(),
        };
        let b = Side {
            name: None,
            taken: fixture::at(),
        };
        let t = text(&d, &a, &b);
        assert!(!t.contains('\u{1b}'));
        insta::assert_snapshot!("diff.txt", t);
        let v: serde_json::Value = serde_json::from_slice(&json(&d, &a, &b)).unwrap();
        assert_eq!(v["new"]["name"], serde_json::Value::Null);
        assert_eq!(v["moved"][0]["key"], "E-8");
        assert_eq!(v["rescored"][0]["from"], 400.0);
        assert_eq!(v["summary"], "2 changes: 1 moved, 1 re-scored");
    }
}
