use proptest::prelude::*;

use super::*;
use crate::domain::roadmap::fixture::{at, key};

/// Builds a backlog from lines `KEY parent lane status points deps…`
/// (`-` for none), e.g. `S-1 E-1 now draft 3 S-2,S-3`.
fn backlog(lines: &[&str]) -> Backlog {
    let items = lines
        .iter()
        .map(|line| {
            let f: Vec<&str> = line.split_whitespace().collect();
            // Built blank: an epic with no initiative is fine for a map.
            let parent = (f[1] != "-").then(|| key(f[1]));
            let mut i = Item::blank(key(f[0]), parent, at());
            i.title = format!("{} title", f[0]);
            i.lane = (f[2] != "-").then(|| f[2].parse().unwrap());
            i.status = f[3].parse().unwrap();
            i.points = (f[4] != "-").then(|| f[4].parse().unwrap());
            if let Some(d) = f.get(5) {
                i.depends_on = d.split(',').map(key).collect();
            }
            i
        })
        .collect();
    Backlog::new(items)
}

fn map(b: &Backlog, level: Kind, focus: Option<&str>, depth: Option<usize>) -> DepMap {
    dependency_map(
        b,
        MapRequest {
            level,
            focus: focus.map(key),
            depth,
        },
    )
}

fn edges(m: &DepMap) -> Vec<String> {
    m.edges
        .iter()
        .map(|e| {
            let p = e
                .problem
                .map(|p| format!(" [{}]", p.code()))
                .unwrap_or_default();
            let c = if e.critical { " *" } else { "" };
            format!("{}->{}{p}{c}", e.from, e.on)
        })
        .collect()
}

fn path(m: &DepMap) -> Vec<String> {
    m.critical_path
        .keys
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// Two initiatives, four epics, stories with links inside and across.
fn sample() -> Backlog {
    backlog(&[
        "I-1 - now draft -",
        "I-2 - next draft -",
        "E-1 I-1 - draft -",
        "E-2 I-1 - draft -",
        "E-3 I-2 - draft -",
        "E-4 I-2 later draft - E-3",
        "S-1 E-1 - draft 3 S-2,S-3",
        "S-2 E-1 - draft 5",
        "S-3 E-2 - draft 8 S-5",
        "S-4 E-2 - draft -",
        "S-5 E-3 - draft 2",
        "S-6 E-4 - done 1 S-1",
    ])
}

#[test]
fn links_are_drawn_between_what_stands_for_them() {
    let b = sample();
    let epics = map(&b, Kind::Epic, None, None);
    // S-1 → S-2 is inside E-1; S-6 is done, so its link does not count.
    assert_eq!(
        edges(&epics),
        ["E-1->E-2 *", "E-2->E-3 [later-lane] *", "E-4->E-3"]
    );
    let e2 = epics.edges.iter().find(|e| e.from == key("E-2")).unwrap();
    assert_eq!(
        e2.links,
        [Link {
            from: key("S-3"),
            on: key("S-5"),
            problem: Some(Problem::LaterLane {
                lane: Lane::Now,
                on_lane: Lane::Next
            })
        }]
    );
    let initiatives = map(&b, Kind::Initiative, None, None);
    assert_eq!(edges(&initiatives), ["I-1->I-2 [later-lane] *"]);
    let stories = map(&b, Kind::Story, None, None);
    // An epic's own link stays an epic node on a story map.
    assert_eq!(
        edges(&stories),
        [
            "E-4->E-3",
            "S-1->S-2",
            "S-1->S-3 *",
            "S-3->S-5 [later-lane] *"
        ]
    );
    assert_eq!(path(&stories), ["S-5", "S-3", "S-1"]);
    // On the epic map S-4 (unestimated) counts as the median, 3.
    assert_eq!(path(&epics), ["E-3", "E-2", "E-1"]);
    assert!((epics.critical_path.points - 21.0).abs() < 1e-9);
}

#[test]
fn problems_name_missing_archived_dropped_and_unplanned() {
    let mut b = backlog(&[
        "E-1 - now draft - S-9,E-2,E-3,E-4,E-5",
        "E-2 - - draft -",
        "E-3 - later draft -",
        "E-4 - now dropped -",
        "E-5 - now done -",
        "E-6 - later draft -",
    ]);
    let mut e6 = b.get(key("E-6")).unwrap().clone();
    e6.archived = true;
    b.upsert(e6);
    let mut e1 = b.get(key("E-1")).unwrap().clone();
    e1.depends_on.push(key("E-6"));
    b.upsert(e1);
    let m = map(&b, Kind::Epic, None, None);
    let got: Vec<(String, Option<&str>)> = m
        .edges
        .iter()
        .map(|e| (e.on.to_string(), e.problem.map(Problem::code)))
        .collect();
    assert_eq!(
        got,
        [
            ("E-2".into(), Some("unplanned")),
            ("E-3".into(), Some("later-lane")),
            ("E-4".into(), Some("dropped")),
            ("E-5".into(), None),
            ("E-6".into(), Some("archived")),
            ("S-9".into(), Some("missing")),
        ]
    );
    assert_eq!(m.node(key("S-9")).unwrap().state, NodeState::Missing);
    assert_eq!(m.node(key("E-6")).unwrap().state, NodeState::Archived);
    assert_eq!(m.node(key("E-4")).unwrap().state, NodeState::Dropped);
    assert_eq!(
        Problem::LaterLane {
            lane: Lane::Now,
            on_lane: Lane::Later
        }
        .describe(),
        "later lane (now → later)"
    );
}

#[test]
fn a_finished_dependency_is_no_problem_even_archived_or_dropped_below() {
    let mut b = backlog(&["E-1 - now draft - E-2", "E-2 - later done -"]);
    let mut e2 = b.get(key("E-2")).unwrap().clone();
    e2.archived = true;
    b.upsert(e2);
    let m = map(&b, Kind::Epic, None, None);
    assert_eq!(edges(&m), ["E-1->E-2"]);
}

#[test]
fn a_map_around_one_item_goes_both_ways_up_to_the_depth() {
    // A chain S-1 → S-2 → S-3 → S-4, and S-5 → S-2.
    let b = backlog(&[
        "E-1 - now draft -",
        "S-1 E-1 - draft 1 S-2",
        "S-2 E-1 - draft 1 S-3",
        "S-3 E-1 - draft 1 S-4",
        "S-4 E-1 - draft 1",
        "S-5 E-1 - draft 1 S-2",
        "S-6 E-1 - draft 1 S-7",
        "S-7 E-1 - draft 1",
    ]);
    let all = map(&b, Kind::Story, Some("S-2"), None);
    let keys: Vec<String> = all.nodes.iter().map(|n| n.key.to_string()).collect();
    assert_eq!(keys, ["S-1", "S-2", "S-3", "S-4", "S-5"]);
    let near = map(&b, Kind::Story, Some("S-2"), Some(1));
    let keys: Vec<String> = near.nodes.iter().map(|n| n.key.to_string()).collect();
    assert_eq!(keys, ["S-1", "S-2", "S-3", "S-5"]);
    assert_eq!(near.focus, Some(key("S-2")));
    // A story's epic stands for it on an epic map.
    let lifted = map(&b, Kind::Epic, Some("S-2"), None);
    assert_eq!(lifted.focus, Some(key("E-1")));
    assert_eq!(lifted.nodes.len(), 1);
    assert!(lifted.edges.is_empty());
}

#[test]
fn the_critical_path_weighs_remaining_points_and_counts_unestimated_as_the_median() {
    // A diamond: S-1 depends on S-2 and S-3, both depend on S-4.
    // S-3 is unestimated: the median of 1, 2, 8, 5 is 3.5, so the path
    // through S-3 (3.5) beats the one through S-2 (2).
    let b = backlog(&[
        "E-1 - now draft -",
        "S-1 E-1 - draft 1 S-2,S-3",
        "S-2 E-1 - draft 2 S-4",
        "S-3 E-1 - draft - S-4",
        "S-4 E-1 - draft 8",
        "S-5 E-1 - done 5",
    ]);
    let m = map(&b, Kind::Story, None, None);
    assert_eq!(path(&m), ["S-4", "S-3", "S-1"]);
    let c = &m.critical_path;
    assert_eq!(c.median_points, Some(3.5));
    assert_eq!(c.unestimated, 1);
    assert!((c.points - 12.5).abs() < 1e-9, "{}", c.points);
    assert_eq!(
        edges(&m),
        ["S-1->S-2", "S-1->S-3 *", "S-2->S-4", "S-3->S-4 *"]
    );
}

#[test]
fn finished_work_is_not_on_the_critical_path_and_a_lone_node_is_no_chain() {
    let b = backlog(&[
        "E-1 - now draft -",
        "S-1 E-1 - draft 5 S-2",
        "S-2 E-1 - done 13",
    ]);
    let m = map(&b, Kind::Story, None, None);
    assert_eq!(edges(&m), ["S-1->S-2"]);
    assert!(m.critical_path.keys.is_empty());
}

#[test]
fn a_long_chain_does_not_overflow_the_stack() {
    let n = 20_000;
    let mut lines = vec!["E-1 - now draft -".to_string()];
    for i in 1..=n {
        let dep = if i < n {
            format!(" S-{}", i + 1)
        } else {
            String::new()
        };
        lines.push(format!("S-{i} E-1 - draft 1{dep}"));
    }
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let m = map(&backlog(&refs), Kind::Story, None, None);
    assert_eq!(m.critical_path.keys.len(), n);
    assert_eq!(m.critical_path.keys[0], key(&format!("S-{n}")));
}

#[test]
fn a_cycle_between_epics_is_drawn_and_does_not_hang_the_path() {
    let b = backlog(&[
        "E-1 - now draft -",
        "E-2 - now draft -",
        "S-1 E-1 - draft 1 S-2",
        "S-2 E-2 - draft 1 S-3",
        "S-3 E-1 - draft 1",
    ]);
    let m = map(&b, Kind::Epic, None, None);
    assert_eq!(edges(&m).len(), 2);
    assert_eq!(m.critical_path.keys.len(), 2);
}

proptest! {
    /// On any acyclic story graph: every link on the path is a link of the
    /// map between open nodes, and no chain of open nodes is heavier.
    #[test]
    fn the_critical_path_is_a_real_chain_and_no_chain_is_heavier(
        links in proptest::collection::vec((1usize..10, 1usize..10), 0..30),
        points in proptest::collection::vec(proptest::option::of(1u8..9), 10),
        done in proptest::collection::vec(any::<bool>(), 10),
    ) {
        // Acyclic: a story depends only on higher numbers.
        let mut deps: Vec<Vec<usize>> = vec![Vec::new(); 10];
        for (a, b) in links {
            let (lo, hi) = (a.min(b), a.max(b));
            if lo != hi && !deps[lo].contains(&hi) {
                deps[lo].push(hi);
            }
        }
        let mut lines = vec!["E-1 - now draft -".to_string()];
        for i in 1..10 {
            let p = points[i].map_or("-".to_string(), |p| p.to_string());
            let s = if done[i] { "done" } else { "draft" };
            let d: Vec<String> = deps[i].iter().map(|d| format!("S-{d}")).collect();
            lines.push(format!("S-{i} E-1 - {s} {p} {}", d.join(",")).trim_end().to_string());
        }
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let m = map(&backlog(&refs), Kind::Story, None, None);
        let c = &m.critical_path;
        for pair in c.keys.windows(2) {
            let e = m.edges.iter().find(|e| e.from == pair[1] && e.on == pair[0]);
            prop_assert!(e.is_some_and(|e| e.critical));
        }
        for k in &c.keys {
            prop_assert!(m.node(*k).is_some_and(MapNode::is_open));
        }
        // Brute force: the heaviest open chain from every open node.
        fn heaviest(m: &DepMap, k: Key) -> f64 {
            let own = m.node(k).map_or(0.0, |n| n.remaining_points);
            let next = m
                .edges
                .iter()
                .filter(|e| e.from == k && m.node(e.on).is_some_and(MapNode::is_open))
                .map(|e| heaviest(m, e.on))
                .fold(0.0, f64::max);
            own + next
        }
        let best = m
            .nodes
            .iter()
            .filter(|n| n.is_open() && m.edges.iter().any(|e| e.from == n.key
                && m.node(e.on).is_some_and(MapNode::is_open)))
            .map(|n| heaviest(&m, n.key))
            .fold(0.0, f64::max);
        let open_link = m.edges.iter().any(|e| {
            m.node(e.from).is_some_and(MapNode::is_open) && m.node(e.on).is_some_and(MapNode::is_open)
        });
        if c.keys.is_empty() {
            prop_assert!(!open_link);
        } else {
            prop_assert!((c.points - best).abs() < 1e-6, "path {} best {}", c.points, best);
        }
    }
}
