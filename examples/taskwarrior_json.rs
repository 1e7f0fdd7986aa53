//! Writes the visible stories of a backlog file as Taskwarrior tasks
//! (`task import` JSON) on standard output: one pending task per story,
//! its epic as project, its labels as tags, and a priority from its RICE
//! score (top third H, middle M, bottom L, unscored none). For the
//! side-by-side in scripts/bench.sh.
//!
//! `cargo run --release --example taskwarrior_json -- FILE > tasks.json`

use backlog::domain::{Kind, Model};
use backlog::store::{OpenMode, Store};
use serde_json::json;

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: taskwarrior_json FILE"))?;
    let store = Store::open(std::path::Path::new(&path), OpenMode::Existing)?;
    let backlog = store.load()?;
    let ranked = backlog.ranked(Kind::Story, Model::Rice);
    let scored = ranked.iter().filter(|i| i.rice_score().is_some()).count();
    let tasks: Vec<serde_json::Value> = ranked
        .iter()
        .enumerate()
        .map(|(pos, s)| {
            let priority = match s.rice_score() {
                None => None,
                Some(_) if pos < scored / 3 => Some("H"),
                Some(_) if pos < 2 * scored / 3 => Some("M"),
                Some(_) => Some("L"),
            };
            let mut t = json!({
                "uuid": format!("00000000-0000-4000-8000-{:012x}", s.key.num),
                "description": s.title,
                "status": "pending",
                "entry": s.created.format("%Y%m%dT%H%M%SZ").to_string(),
                "project": s.parent.map(|p| p.to_string()).unwrap_or_default(),
            });
            if let Some(p) = priority {
                t["priority"] = json!(p);
            }
            if !s.labels.is_empty() {
                t["tags"] = json!(s.labels);
            }
            t
        })
        .collect();
    println!("{}", serde_json::to_string(&tasks)?);
    Ok(())
}
