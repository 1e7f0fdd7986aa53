//! The exports of a live roadmap: capacity line, 85 % dates on the Now and
//! Next epics, and the epic dependency map (Mermaid in Markdown, an inline
//! SVG in HTML), golden files and hostile text.

use chrono::Duration;

use super::*;
use crate::domain::Model;
use crate::domain::depmap::{MapRequest, dependency_map};
use crate::domain::forecast::Completion;
use crate::domain::planning::{PlanningSettings, plan};
use crate::domain::roadmap::fixture::{at, backlog};
use crate::domain::{Key, Kind};

/// The fixture's roadmap with the planning figures of a team that finished
/// one story a week for twelve weeks, and its epic dependency map.
fn planned(level: Level) -> Roadmap {
    let b = backlog();
    let start = at() - Duration::weeks(12);
    let done: Vec<Completion> = (0..12)
        .map(|w| Completion {
            key: Key::new(Kind::Story, 1000 + w),
            at: start + Duration::weeks(w) + Duration::hours(5),
            points: Some(3.0),
        })
        .collect();
    let planning = plan(
        &b,
        &done,
        Some(start),
        PlanningSettings::default(),
        Model::Rice,
        at(),
    );
    let map = dependency_map(
        &b,
        MapRequest {
            level: Kind::Epic,
            focus: None,
            depth: None,
        },
    );
    Roadmap::build(&b, Model::Rice, level, at())
        .with_planning(&planning)
        .with_dependencies(map)
}

fn rendered(level: Level, format: Format) -> String {
    String::from_utf8(render(&planned(level), format)).unwrap()
}

#[test]
fn planned_golden() {
    insta::assert_snapshot!("planned_epic.txt", rendered(Level::Epic, Format::Text));
    insta::assert_snapshot!("planned_epic.md", rendered(Level::Epic, Format::Md));
    insta::assert_snapshot!("planned_epic.html", rendered(Level::Epic, Format::Html));
    insta::assert_snapshot!("planned_epic.json", rendered(Level::Epic, Format::Json));
}

#[test]
fn every_format_names_capacity_and_the_dates_with_their_basis() {
    for f in [Format::Text, Format::Md, Format::Html] {
        // HTML escapes `/` as `&#x2f;`.
        let out = rendered(Level::Epic, f).replace("&#x2f;", "/");
        assert!(out.contains("Now "), "{f}: no capacity line");
        assert!(out.contains("pts/week"), "{f}: capacity without its basis");
        assert!(out.contains("85%: "), "{f}: no 85% date");
        assert!(out.contains("trials"), "{f}: dates without their basis");
    }
    // Initiative cards carry no dates, the page still the capacity.
    let init = rendered(Level::Initiative, Format::Text);
    assert!(init.contains("pts/week") && !init.contains("85%: "));
}

#[test]
fn the_dependency_map_is_drawn_without_script_or_remote_resource() {
    let html = rendered(Level::Epic, Format::Html);
    assert!(html.contains("<svg class=\"depmap\""));
    assert_eq!(html.matches("<script").count(), 0);
    for needle in ["src=", "href=", "<link", "@import", "url(", "xmlns"] {
        assert!(!html.contains(needle), "{needle} in HTML");
    }
    // The hostile title is text inside the SVG too.
    let svg = &html[html.find("<svg").unwrap()..html.find("</svg>").unwrap()];
    assert!(!svg.contains("<script") && !svg.contains("alert(1)</"));
    let md = rendered(Level::Epic, Format::Md);
    assert!(md.contains("## Dependencies"));
    assert!(md.contains("```mermaid\nflowchart LR\n"), "{md}");
}

#[test]
fn a_fence_outlasts_any_backticks_in_the_chart() {
    assert_eq!(md::longest_backtick_run("a ``` b `` c"), 3);
    assert_eq!(md::longest_backtick_run("none"), 0);
}

#[test]
fn the_planning_figures_survive_the_json_round_trip() {
    let r = planned(Level::Epic);
    let back: Roadmap = serde_json::from_slice(&render(&r, Format::Json)).unwrap();
    assert_eq!(back.planning, r.planning);
    assert!(back.planning.is_some());
}
