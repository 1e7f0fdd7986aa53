//! The map as JSON: nodes, edges with the links they stand for, and the
//! critical path. Field names are part of the CLI's contract (README).

use serde::Serialize;

use crate::domain::depmap::{DepMap, Link};

#[derive(Debug, Serialize)]
pub struct JsonMap {
    /// `story`, `epic` or `initiative`.
    pub level: &'static str,
    pub focus: Option<String>,
    pub depth: Option<usize>,
    pub nodes: Vec<JsonNode>,
    pub edges: Vec<JsonEdge>,
    pub critical_path: JsonPath,
}

#[derive(Debug, Serialize)]
pub struct JsonNode {
    pub key: String,
    pub kind: &'static str,
    pub title: String,
    pub status: Option<&'static str>,
    pub lane: Option<&'static str>,
    /// `live`, `dropped`, `archived` or `missing`.
    pub state: &'static str,
    pub remaining_points: f64,
    pub unestimated: usize,
    pub critical: bool,
}

#[derive(Debug, Serialize)]
pub struct JsonEdge {
    /// The item that depends...
    pub from: String,
    /// ...on this one.
    pub on: String,
    /// `missing`, `archived`, `dropped`, `later-lane`, `unplanned` or null.
    pub problem: Option<&'static str>,
    /// The problem in words, e.g. `later lane (now → next)`.
    pub note: Option<String>,
    pub critical: bool,
    pub links: Vec<JsonLink>,
}

#[derive(Debug, Serialize)]
pub struct JsonLink {
    pub from: String,
    pub on: String,
    pub problem: Option<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct JsonPath {
    /// First to do first: each key depends on the one before it.
    pub keys: Vec<String>,
    pub points: f64,
    pub unestimated: usize,
    /// What each unestimated story counted as; null when no story is
    /// estimated (they then count as 0).
    pub median_points: Option<f64>,
}

pub fn to_json(map: &DepMap) -> JsonMap {
    JsonMap {
        level: map.level.as_str(),
        focus: map.focus.map(|k| k.to_string()),
        depth: map.depth,
        nodes: map
            .nodes
            .iter()
            .map(|n| JsonNode {
                key: n.key.to_string(),
                kind: n.key.kind.as_str(),
                title: n.title.clone(),
                status: n.status.map(|s| s.as_str()),
                lane: n.lane.map(|l| l.as_str()),
                state: n.state.as_str(),
                remaining_points: n.remaining_points,
                unestimated: n.unestimated,
                critical: n.critical,
            })
            .collect(),
        edges: map
            .edges
            .iter()
            .map(|e| JsonEdge {
                from: e.from.to_string(),
                on: e.on.to_string(),
                problem: e.problem.map(|p| p.code()),
                note: e.problem.map(|p| p.describe()),
                critical: e.critical,
                links: e.links.iter().map(link).collect(),
            })
            .collect(),
        critical_path: JsonPath {
            keys: map
                .critical_path
                .keys
                .iter()
                .map(|k| k.to_string())
                .collect(),
            points: map.critical_path.points,
            unestimated: map.critical_path.unestimated,
            median_points: map.critical_path.median_points,
        },
    }
}

fn link(l: &Link) -> JsonLink {
    JsonLink {
        from: l.from.to_string(),
        on: l.on.to_string(),
        problem: l.problem.map(|p| p.code()),
    }
}
