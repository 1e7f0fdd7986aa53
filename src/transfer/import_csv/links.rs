//! Placing the rows: each row's parent found by issue id, key or epic
//! name (in the file) or as a key of this backlog; stories under epics,
//! sub-tasks under their parent story's epic, epics under initiatives, and
//! what finds no parent under an `Imported` initiative and epic.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::super::import_plan::{ImportError, Plan, Planned, Ref};
use super::super::import_stories::IMPORTED;
use super::layouts::{self, Tool};
use super::report::{Report, Unplaced, Why};
use super::rows::{Links, Row};
use crate::domain::{Item, Key, Kind};

/// What a parent reference names.
enum Target {
    /// A row of the file, by index.
    Row(usize),
    /// An item of the backlog.
    Existing(Key),
    Missing,
}

/// The rows by issue id, by key (upper case), for epics by epic name and
/// title, and every row by title (lower case: parents named by summary).
struct Lookup {
    by_id: HashMap<String, usize>,
    by_key: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
    by_title: HashMap<String, usize>,
}

impl Lookup {
    /// Refuses an issue id or key given to two rows.
    fn new(file: &str, rows: &[Links]) -> Result<Lookup, ImportError> {
        let mut l = Lookup {
            by_id: HashMap::new(),
            by_key: HashMap::new(),
            by_name: HashMap::new(),
            by_title: HashMap::new(),
        };
        for (i, r) in rows.iter().enumerate() {
            if let Some(id) = &r.id
                && let Some(prev) = l.by_id.insert(id.clone(), i)
            {
                return Err(ImportError::at(
                    file,
                    r.line,
                    format!("issue id {id} is also on line {}", rows[prev].line),
                ));
            }
            if let Some(k) = &r.key
                && let Some(prev) = l.by_key.insert(k.to_uppercase(), i)
            {
                return Err(ImportError::at(
                    file,
                    r.line,
                    format!("key {k} is also on line {}", rows[prev].line),
                ));
            }
            if r.kind == Kind::Epic {
                for n in r.epic_name.iter().chain(std::iter::once(&r.title)) {
                    l.by_name.entry(n.to_lowercase()).or_insert(i);
                }
            }
            l.by_title.entry(r.title.to_lowercase()).or_insert(i);
        }
        Ok(l)
    }

    /// A row by its title (`Parent summary`).
    fn titled(&self, s: &str) -> Target {
        match self.by_title.get(&s.trim().to_lowercase()) {
            Some(&i) => Target::Row(i),
            None => Target::Missing,
        }
    }

    fn find(&self, s: &str) -> Target {
        let t = s.trim();
        if let Some(&i) = self
            .by_id
            .get(t)
            .or_else(|| self.by_key.get(&t.to_uppercase()))
        {
            return Target::Row(i);
        }
        if let Some(&i) = self.by_name.get(&t.to_lowercase()) {
            return Target::Row(i);
        }
        if let Some(&i) =
            layouts::github_issue_url(t).and_then(|u| self.by_key.get(&u.to_uppercase()))
        {
            return Target::Row(i);
        }
        match t.parse::<Key>() {
            Ok(k) => Target::Existing(k),
            Err(_) => Target::Missing,
        }
    }
}

/// Builds the plan from the rows, parents first (initiatives, epics,
/// stories), counting sub-tasks and unplaced rows in the report.
pub(super) fn place(
    file: &str,
    rows: Vec<Row>,
    epic: Option<Key>,
    tool: Tool,
    now: DateTime<Utc>,
    report: &mut Report,
) -> Result<Plan, ImportError> {
    let (links, items): (Vec<Links>, Vec<Item>) =
        rows.into_iter().map(|r| (r.links, r.item)).unzip();
    let lookup = Lookup::new(file, &links)?;
    let mut placer = Placer {
        rows: &links,
        lookup,
        at: vec![None; links.len()],
        plan: Plan {
            show_mapping: links.iter().any(|r| r.key.is_some() || r.id.is_some()),
            ..Plan::default()
        },
        imported_initiative: None,
        imported_epic: epic.map(Ref::Existing),
        explicit_epic: epic.is_some(),
        projects: HashMap::new(),
        now,
        report,
    };
    let mut items: Vec<Option<Item>> = items.into_iter().map(Some).collect();
    for kind in Kind::ALL {
        for i in 0..links.len() {
            if links[i].kind != kind {
                continue;
            }
            let parent = match kind {
                Kind::Initiative | Kind::Insight => None,
                Kind::Epic => Some(placer.epic_parent(i)),
                Kind::Story => Some(placer.story_parent(i)),
            };
            let row = &links[i];
            let item = items[i].take().expect("each row planned once");
            let mut p = Planned::new(item, parent, Some(row.line));
            p.origin = row.key.clone().or_else(|| row.id.clone());
            p.item.external_key = p.origin.clone();
            p.item.source = Some(tool.name().to_string());
            placer.at[i] = Some(placer.plan.push(p));
        }
    }
    Ok(placer.plan)
}

/// The plan being built and where each row went in it.
struct Placer<'a> {
    rows: &'a [Links],
    lookup: Lookup,
    /// The plan index of each row placed so far.
    at: Vec<Option<usize>>,
    plan: Plan,
    imported_initiative: Option<usize>,
    imported_epic: Option<Ref>,
    /// `--epic` was given: it wins over a project column.
    explicit_epic: bool,
    /// The epic made for each project without one in the file.
    projects: HashMap<String, usize>,
    now: DateTime<Utc>,
    report: &'a mut Report,
}

impl Placer<'_> {
    /// An epic goes under the first initiative it names, else under the
    /// Imported initiative.
    fn epic_parent(&mut self, i: usize) -> Ref {
        let row = &self.rows[i];
        let named = row.parent_name.iter().map(|n| self.lookup.titled(n));
        let found = row
            .parents
            .iter()
            .map(|p| self.lookup.find(p))
            .chain(named)
            .find_map(|t| match t {
                Target::Row(j) if self.rows[j].kind == Kind::Initiative => self.at[j].map(Ref::New),
                Target::Existing(k) if k.kind == Kind::Initiative => Some(Ref::Existing(k)),
                _ => None,
            });
        match found {
            Some(r) => r,
            None => {
                self.unplaced(i);
                Ref::New(self.imported_initiative())
            }
        }
    }

    /// A story goes under the first epic it names, or its parent story's
    /// epic, else under `--epic`, its project's epic or the Imported epic.
    fn story_parent(&mut self, i: usize) -> Ref {
        let mut found = None;
        let row = &self.rows[i];
        let named = row.parent_name.iter().map(|n| self.lookup.titled(n));
        let targets: Vec<Target> = row
            .parents
            .iter()
            .map(|p| self.lookup.find(p))
            .chain(named)
            .collect();
        for t in targets {
            found = match t {
                Target::Row(j) => self.epic_of(j, 0).inspect(|_| {
                    if self.rows[j].kind == Kind::Story {
                        self.report.subtasks += 1;
                    }
                }),
                Target::Existing(k) if k.kind == Kind::Epic => Some(Ref::Existing(k)),
                Target::Existing(k) if k.kind == Kind::Story => Some(Ref::ParentOf(k)),
                _ => None,
            };
            if found.is_some() {
                break;
            }
        }
        if let Some(r) = found {
            return r;
        }
        if let Some(project) = &self.rows[i].project
            && !self.explicit_epic
        {
            return self.project_epic(project);
        }
        self.unplaced(i);
        let r = match self.imported_epic {
            Some(r) => r,
            None => {
                let ini = self.imported_initiative();
                Ref::New(self.imported(Kind::Epic, Some(Ref::New(ini))))
            }
        };
        self.imported_epic = Some(r);
        r
    }

    /// The epic a row belongs under, following sub-tasks to their parent
    /// story.
    fn epic_of(&self, j: usize, depth: usize) -> Option<Ref> {
        match self.rows[j].kind {
            Kind::Epic => self.at[j].map(Ref::New),
            Kind::Story if depth < 8 => {
                let row = &self.rows[j];
                row.parents
                    .iter()
                    .map(|p| self.lookup.find(p))
                    .chain(row.parent_name.iter().map(|n| self.lookup.titled(n)))
                    .find_map(|t| match t {
                        Target::Row(k) if k != j => self.epic_of(k, depth + 1),
                        Target::Existing(k) if k.kind == Kind::Epic => Some(Ref::Existing(k)),
                        _ => None,
                    })
            }
            _ => None,
        }
    }

    /// The epic of a project: an epic of that name in the file, else one
    /// made for it under the Imported initiative (merged with an existing
    /// one of that title there).
    fn project_epic(&mut self, project: &str) -> Ref {
        let name = project.trim().to_lowercase();
        if let Some(&j) = self.lookup.by_name.get(&name)
            && let Some(at) = self.at[j]
        {
            return Ref::New(at);
        }
        if let Some(&at) = self.projects.get(&name) {
            return Ref::New(at);
        }
        let ini = self.imported_initiative();
        let placeholder = Key::new(Kind::Initiative, 1);
        let item = Item::new(
            Key::new(Kind::Epic, 1),
            project.trim(),
            Some(placeholder),
            self.now,
        )
        .expect("a project name is not empty");
        let mut p = Planned::new(item, Some(Ref::New(ini)), None);
        p.reuse = true;
        let at = self.plan.push(p);
        self.projects.insert(name, at);
        Ref::New(at)
    }

    /// Counts a row that names a parent it cannot go under, and why.
    fn unplaced(&mut self, i: usize) {
        let row = &self.rows[i];
        let named = row
            .parents
            .iter()
            .map(|p| (p, self.lookup.find(p)))
            .chain(row.parent_name.iter().map(|n| (n, self.lookup.titled(n))))
            .next();
        if let Some((parent, target)) = named {
            let why = match target {
                Target::Missing => Why::NotInFile,
                Target::Row(_) | Target::Existing(_) => Why::CannotHold,
            };
            self.report.unplaced.push(Unplaced {
                line: row.line,
                parent: parent.clone(),
                why,
            });
        }
    }

    fn imported_initiative(&mut self) -> usize {
        match self.imported_initiative {
            Some(i) => i,
            None => {
                let i = self.imported(Kind::Initiative, None);
                self.imported_initiative = Some(i);
                i
            }
        }
    }

    /// A new `Imported` container, merged with one of that title already
    /// in the backlog.
    fn imported(&mut self, kind: Kind, parent: Option<Ref>) -> usize {
        let placeholder = kind.parent_kind().map(|k| Key::new(k, 1));
        let item =
            Item::new(Key::new(kind, 1), IMPORTED, placeholder, self.now).expect("a valid title");
        let mut p = Planned::new(item, parent, None);
        p.reuse = true;
        self.plan.push(p)
    }
}
