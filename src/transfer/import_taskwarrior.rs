//! Taskwarrior's `task export` (a JSON array of tasks): each task becomes a
//! story; its project an epic (in the `Imported` initiative; tasks without
//! one go into an epic named after the file); tags become labels;
//! annotations description lines; `depends` dependencies (between tasks of
//! the file); status pending → draft (started → in progress), waiting and
//! recurring → draft, completed → done, deleted → dropped; the uuid is the
//! external key.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::import_notes::{Lines, count};
use super::import_plan::{ImportError, Plan, Planned, Ref};
use super::import_stories::{IMPORTED, Options as StoryOptions};
use crate::domain::text::truncate;
use crate::domain::user_story::{squash, story_from_text};
use crate::domain::{Item, Key, Kind, Status};

#[derive(Debug, Deserialize)]
struct Task {
    #[serde(default)]
    uuid: String,
    description: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    project: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    annotations: Vec<Annotation>,
    /// A list of uuids (taskwarrior 2.6 and later) or one comma-separated
    /// string (earlier versions).
    #[serde(default)]
    depends: Option<Depends>,
    #[serde(default)]
    start: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Depends {
    List(Vec<String>),
    Joined(String),
}

impl Depends {
    fn uuids(&self) -> Vec<&str> {
        match self {
            Depends::List(v) => v.iter().map(|s| s.trim()).collect(),
            Depends::Joined(s) => s.split(',').map(str::trim).collect(),
        }
    }
}

#[derive(Debug, Deserialize)]
struct Annotation {
    description: String,
}

/// Plans the import of a `task export` array.
pub fn plan(
    file: &str,
    text: &str,
    epic: Option<Key>,
    now: DateTime<Utc>,
) -> Result<Plan, ImportError> {
    let tasks: Vec<Task> = serde_json::from_str(text).map_err(|e| {
        ImportError::at(
            file,
            e.line().max(1),
            format!("not a taskwarrior export as expected: {e}"),
        )
    })?;
    if tasks.is_empty() {
        return Err(ImportError::whole(file, "no tasks: the export is empty"));
    }
    let mut plan = Plan::default();
    let mut initiative: Option<usize> = None;
    let mut epics: HashMap<String, Ref> = HashMap::new();
    let default_title = StoryOptions::for_file(file, None).epic_title;
    // A task's uuid → its place in the plan and its line.
    let mut by_uuid: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut deps: Vec<(usize, Vec<&str>, usize)> = Vec::new();
    let mut counts: [usize; 5] = [0; 5];
    let mut unknown_deps = 0;
    let mut self_deps = 0;
    let mut lines = Lines::new(text);
    for task in &tasks {
        let line = if task.uuid.is_empty() {
            1
        } else {
            lines.find("uuid", &task.uuid)
        };
        let at = |e: String| ImportError::at(file, line, e);
        if let Some(&(_, first)) = by_uuid.get(task.uuid.as_str()) {
            // Two tasks cannot be one: a second import would not know which
            // story to update.
            return Err(at(format!(
                "the task's uuid “{}” is also the uuid of the task at line {first}",
                truncate(&task.uuid, 60)
            )));
        }
        let description = squash(&task.description);
        if description.is_empty() {
            return Err(at("the task has no description".to_string()));
        }
        let project = task
            .project
            .as_deref()
            .map(squash)
            .filter(|p| !p.is_empty());
        let epic_ref = match (epic, &project) {
            (Some(k), None) => Ref::Existing(k),
            (_, p) => {
                let title = p.clone().unwrap_or_else(|| default_title.clone());
                match epics.get(&title) {
                    Some(r) => *r,
                    None => {
                        let ini = *initiative.get_or_insert_with(|| {
                            let item =
                                Item::new(Key::new(Kind::Initiative, 1), IMPORTED, None, now)
                                    .expect("a valid title");
                            let mut p = Planned::new(item, None, None);
                            p.reuse = true;
                            plan.push(p)
                        });
                        let item = Item::new(
                            Key::new(Kind::Epic, 1),
                            &title,
                            Some(Key::new(Kind::Initiative, 1)),
                            now,
                        )
                        .map_err(|e| at(e.to_string()))?;
                        let mut p = Planned::new(item, Some(Ref::New(ini)), None);
                        p.reuse = true;
                        let r = Ref::New(plan.push(p));
                        epics.insert(title, r);
                        r
                    }
                }
            }
        };
        let mut item = story_from_text(&description, now).map_err(at)?.item;
        let (status, slot) = match task.status.as_str() {
            "completed" => (Status::Done, 1),
            "deleted" => (Status::Dropped, 2),
            "waiting" | "recurring" => (Status::Draft, 3),
            _ if task.start.is_some() => (Status::InProgress, 4),
            _ => (Status::Draft, 0),
        };
        counts[slot] += 1;
        item.status = status;
        for t in &task.tags {
            let t = t.trim();
            if !t.is_empty() && !item.labels.iter().any(|l| l == t) {
                item.labels.push(t.to_string());
            }
        }
        let notes: Vec<String> = task
            .annotations
            .iter()
            .map(|a| a.description.trim().to_string())
            .filter(|a| !a.is_empty())
            .collect();
        item.description = notes.join("\n");
        if !task.uuid.is_empty() {
            item.external_key = Some(task.uuid.clone());
            item.source = Some("taskwarrior".to_string());
        }
        let mut p = Planned::new(item, Some(epic_ref), Some(line));
        p.origin = p.item.external_key.clone();
        let idx = plan.push(p);
        if !task.uuid.is_empty() {
            by_uuid.insert(task.uuid.as_str(), (idx, line));
        }
        if let Some(d) = &task.depends {
            deps.push((idx, d.uuids(), line));
        }
    }
    for (idx, uuids, _line) in deps {
        for u in uuids.into_iter().filter(|u| !u.is_empty()) {
            match by_uuid.get(u) {
                Some(&(to, _)) if to == idx => self_deps += 1,
                Some(&(to, _)) => plan.items[idx].depends_on.push(Ref::New(to)),
                None => unknown_deps += 1,
            }
        }
    }
    let [pending, done, deleted, waiting, started] = counts;
    plan.note(format!(
        "statuses: pending → draft ({pending}), started → in-progress ({started}), waiting or recurring → draft ({waiting}), completed → done ({done}), deleted → dropped ({deleted})"
    ));
    if self_deps > 0 {
        plan.note(format!(
            "not imported: {} of a task on itself",
            count(self_deps, "dependency", "dependencies")
        ));
    }
    if unknown_deps > 0 {
        plan.note(format!(
            "not imported: {} on tasks that are not in the file",
            count(unknown_deps, "dependency", "dependencies")
        ));
    }
    Ok(plan)
}
