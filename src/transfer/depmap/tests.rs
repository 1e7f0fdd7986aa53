use chrono::{TimeZone, Utc};

use super::*;
use crate::domain::depmap::{MapRequest, dependency_map};
use crate::domain::{Backlog, Item, Key, Kind, Lane, Status};

fn key(s: &str) -> Key {
    s.parse().unwrap()
}

fn item(k: &str, parent: Option<&str>, title: &str) -> Item {
    let at = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
    let mut i = Item::blank(key(k), parent.map(key), at);
    i.title = title.into();
    i
}

/// Epics across two initiatives: a conflict, a critical chain, an archived
/// dependency, and titles that try to break out of every format.
fn sample() -> DepMap {
    let mut items = vec![
        item("I-1", None, "Checkout"),
        item("I-2", None, "Platform"),
        item("E-1", Some("I-1"), "One-page \"checkout\" <b>fast</b>"),
        item("E-2", Some("I-1"), "Saved cards | wallets # & `code`"),
        item("E-3", Some("I-2"), "Payments API\\n] --> X[\"owned\"]"),
        item("E-4", Some("I-2"), "Old gateway"),
    ];
    items[0].lane = Some(Lane::Now);
    items[1].lane = Some(Lane::Next);
    items[5].archived = true;
    let mut s = |k: &str, parent: &str, points: Option<f64>, deps: &[&str]| {
        let mut i = item(k, Some(parent), &format!("{k} story"));
        i.points = points;
        i.depends_on = deps.iter().map(|d| key(d)).collect();
        items.push(i);
    };
    s("S-1", "E-1", Some(3.0), &["S-3"]);
    s("S-2", "E-1", None, &[]);
    s("S-3", "E-2", Some(5.0), &["S-5", "S-6"]);
    s("S-4", "E-2", Some(8.0), &[]);
    s("S-5", "E-3", Some(2.0), &[]);
    s("S-6", "E-4", Some(1.0), &[]);
    let mut done = item("S-7", Some("E-3"), "finished");
    done.status = Status::Done;
    done.points = Some(13.0);
    items.push(done);
    dependency_map(
        &Backlog::new(items),
        MapRequest {
            level: Kind::Epic,
            focus: None,
            depth: None,
        },
    )
}

#[test]
fn text() {
    insta::assert_snapshot!(render(&sample(), Format::Text, true));
}

#[test]
fn mermaid() {
    insta::assert_snapshot!(render(&sample(), Format::Mermaid, false));
}

#[test]
fn dot() {
    insta::assert_snapshot!(render(&sample(), Format::Dot, false));
}

#[test]
fn json() {
    insta::assert_snapshot!(render(&sample(), Format::Json, false));
}

#[test]
fn the_critical_path_line_says_how_unestimated_stories_were_counted() {
    let line = critical_path_line(&sample());
    assert_eq!(
        line,
        "Critical path: E-3 → E-2 → E-1, 23 points left \
         (1 unestimated story counted as the median estimate, 5 points)"
    );
}

/// Every line of the flowchart is one of the statements Mermaid's grammar
/// has for it: the header, a comment, a node, a link, a class or a style;
/// no user text reaches a line outside a quoted label.
#[test]
fn mermaid_lines_follow_the_flowchart_grammar() {
    let out = render(&sample(), Format::Mermaid, false);
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("flowchart LR"));
    for line in lines {
        let l = line.trim_start();
        let ok = l.starts_with("%% ")
            || is_node(l)
            || is_link(l)
            || l.starts_with("classDef ")
            || l.starts_with("class ")
            || l.starts_with("linkStyle ");
        assert!(ok, "not a flowchart statement: {line}");
    }
}

fn is_id(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric())
}

fn is_node(l: &str) -> bool {
    let Some((id, rest)) = l.split_once("[\"") else {
        return false;
    };
    let Some(label) = rest.strip_suffix("\"]") else {
        return false;
    };
    is_id(id) && !label.contains(['"', '<', '>', '|', '`'].as_slice())
        || label.contains("<br/>")
            && !label
                .replace("<br/>", "")
                .contains(['"', '<', '>', '|', '`'].as_slice())
}

fn is_link(l: &str) -> bool {
    let parts: Vec<&str> = l.split(' ').collect();
    let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
        return false;
    };
    let middle = l[first.len()..l.len() - last.len()].trim();
    let arrow_ok = ["-->", "==>", "-.->"].iter().any(|a| {
        middle == *a
            || middle
                .strip_prefix(a)
                .and_then(|t| t.strip_prefix("|\""))
                .and_then(|t| t.strip_suffix("\"|"))
                .is_some_and(|t| !t.contains(['"', '|'].as_slice()))
    });
    is_id(first) && is_id(last) && arrow_ok
}

/// Graphviz reads the DOT output (when `dot` is installed; `.ci/run`
/// installs it, so CI always checks).
#[test]
fn graphviz_accepts_the_dot_output() {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let Ok(mut child) = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    else {
        assert!(
            std::env::var_os("CI").is_none(),
            "Graphviz `dot` is missing under CI: .ci/run installs it"
        );
        eprintln!("SKIPPED: graphviz_accepts_the_dot_output (no `dot` on this machine)");
        return;
    };
    let dot = render(&sample(), Format::Dot, false);
    child
        .stdin
        .take()
        .unwrap()
        .write_all(dot.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && err.is_empty(), "{err}\n{dot}");
    let svg = String::from_utf8_lossy(&out.stdout);
    assert!(
        svg.contains("E&#45;1 One&#45;page &quot;checkout&quot;"),
        "{svg}"
    );
}
