//! The shared value every importer produces: a plan of what to create
//! (items in creation order, their links by position in the plan or to
//! existing items), plus what was mapped or guessed on the way. The store
//! applies a plan in one transaction; a dry run only reports it.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::domain::{Backlog, Item, Key, Kind};

/// An import failure, located in the input: `file:line: reason`.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub struct ImportError {
    pub file: String,
    pub line: Option<usize>,
    pub reason: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(n) => write!(f, "{}:{n}: {}", self.file, self.reason),
            None => write!(f, "{}: {}", self.file, self.reason),
        }
    }
}

impl ImportError {
    pub fn at(file: &str, line: usize, reason: impl Into<String>) -> ImportError {
        ImportError {
            file: file.to_string(),
            line: Some(line),
            reason: reason.into(),
        }
    }

    pub fn whole(file: &str, reason: impl Into<String>) -> ImportError {
        ImportError {
            file: file.to_string(),
            line: None,
            reason: reason.into(),
        }
    }
}

/// The next key number per kind (a key sequence: keys are never reused).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NextKeys {
    #[serde(deserialize_with = "super::wire::bounds::next_key")]
    pub initiative: i64,
    #[serde(deserialize_with = "super::wire::bounds::next_key")]
    pub epic: i64,
    #[serde(deserialize_with = "super::wire::bounds::next_key")]
    pub story: i64,
    /// Left out while no insight was ever added (documents written before
    /// insights existed read the same).
    #[serde(
        default = "first_key",
        skip_serializing_if = "is_first_key",
        deserialize_with = "super::wire::bounds::next_key"
    )]
    pub insight: i64,
}

fn first_key() -> i64 {
    1
}

fn is_first_key(n: &i64) -> bool {
    *n == 1
}

impl Default for NextKeys {
    fn default() -> Self {
        NextKeys {
            initiative: 1,
            epic: 1,
            story: 1,
            insight: 1,
        }
    }
}

impl NextKeys {
    pub fn get(&self, kind: Kind) -> i64 {
        match kind {
            Kind::Initiative => self.initiative,
            Kind::Epic => self.epic,
            Kind::Story => self.story,
            Kind::Insight => self.insight,
        }
    }

    fn slot(&mut self, kind: Kind) -> &mut i64 {
        match kind {
            Kind::Initiative => &mut self.initiative,
            Kind::Epic => &mut self.epic,
            Kind::Story => &mut self.story,
            Kind::Insight => &mut self.insight,
        }
    }

    /// Hands out the next key of `kind`.
    pub fn take(&mut self, kind: Kind) -> Key {
        let slot = self.slot(kind);
        let key = Key::new(kind, *slot);
        *slot += 1;
        key
    }

    pub fn from_map(map: &HashMap<Kind, i64>) -> NextKeys {
        let get = |k| map.get(&k).copied().unwrap_or(1).max(1);
        NextKeys {
            initiative: get(Kind::Initiative),
            epic: get(Kind::Epic),
            story: get(Kind::Story),
            insight: get(Kind::Insight),
        }
    }
}

/// A link from a planned item: to another planned item (by position, which
/// must come earlier in the plan) or to an item already in the backlog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ref {
    New(usize),
    Existing(Key),
    /// The parent of an existing item (e.g. the initiative of `--epic E-3`).
    ParentOf(Key),
}

/// One item to create.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    /// The item's content. Its key only tells the kind (the number is
    /// allocated when the plan is applied); its parent is replaced.
    pub item: Item,
    pub parent: Option<Ref>,
    pub depends_on: Vec<Ref>,
    /// How the input names it (`GHS-1271`, `E-3`), for the key mapping.
    pub origin: Option<String>,
    /// The input line it comes from, for error messages.
    pub line: Option<usize>,
    /// Keep `item.rank` (a document merge) instead of appending after the
    /// existing siblings.
    pub keep_rank: bool,
    /// Use an existing, unarchived item of the same kind, title and parent
    /// instead of creating a second one (the catch-all `Imported`
    /// containers).
    pub reuse: bool,
    /// The item of the backlog this one updates (same external key):
    /// nothing is created, and links to this planned item go to it.
    pub matches: Option<Key>,
}

impl Planned {
    pub fn new(item: Item, parent: Option<Ref>, line: Option<usize>) -> Planned {
        Planned {
            item,
            parent,
            depends_on: Vec::new(),
            origin: None,
            line,
            keep_rank: false,
            reuse: false,
            matches: None,
        }
    }

    pub fn kind(&self) -> Kind {
        self.item.kind()
    }
}

/// What an importer decided to create, and what it mapped or guessed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    /// Parents before children.
    pub items: Vec<Planned>,
    /// One line each: columns mapped, statuses guessed, lines joined…
    pub notes: Vec<String>,
    /// Print the whole key mapping (document merges, keyed CSV rows).
    pub show_mapping: bool,
}

impl Plan {
    pub fn push(&mut self, p: Planned) -> usize {
        self.items.push(p);
        self.items.len() - 1
    }

    pub fn note(&mut self, s: impl Into<String>) {
        self.notes.push(s.into());
    }

    /// Existing keys the plan links to (they must exist when applied).
    pub fn existing_refs(&self) -> Vec<Key> {
        let mut v: Vec<Key> = self
            .items
            .iter()
            .flat_map(|p| p.parent.iter().chain(p.depends_on.iter()))
            .filter_map(|r| match r {
                Ref::Existing(k) | Ref::ParentOf(k) => Some(*k),
                Ref::New(_) => None,
            })
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// Stories in the plan, and how many got a persona and a goal, and a
    /// benefit.
    pub fn story_coverage(&self) -> StoryCoverage {
        let stories = self.items.iter().filter(|p| p.kind() == Kind::Story);
        let mut c = StoryCoverage::default();
        for p in stories {
            c.stories += 1;
            if p.item.persona.is_some() && p.item.goal.is_some() {
                c.persona_and_goal += 1;
            }
            if p.item.benefit.is_some() {
                c.benefit += 1;
            }
        }
        c
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StoryCoverage {
    pub stories: usize,
    pub persona_and_goal: usize,
    pub benefit: usize,
}

/// A plan resolved against a backlog: the items to insert (final keys,
/// parents, ranks) and what happened to each planned item.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    pub items: Vec<Item>,
    /// Final key of each planned item, in plan order.
    pub keys: Vec<Key>,
    /// Whether each planned item reused an existing one.
    pub reused: Vec<bool>,
    /// Whether each planned item was left out: a container the import made
    /// up (an epic named after the file) that nothing new goes into,
    /// because a re-import matched every item under it.
    pub skipped: Vec<bool>,
}

impl Applied {
    /// Created items per kind: initiatives, epics, stories.
    pub fn counts(&self) -> [usize; 3] {
        let mut c = [0; 3];
        for i in self.items.iter().filter(|i| i.kind().in_hierarchy()) {
            c[kind_index(i.kind())] += 1;
        }
        c
    }
}

pub fn kind_index(kind: Kind) -> usize {
    match kind {
        Kind::Initiative => 0,
        Kind::Epic => 1,
        Kind::Story | Kind::Insight => 2,
    }
}

/// Resolves `plan` against the backlog it goes into: allocates keys from
/// `next`, links parents and dependencies, appends ranks after existing
/// siblings, and reuses catch-all containers. Fails (naming the input)
/// when a link points at a missing item or one of the wrong kind.
pub fn apply(
    plan: &Plan,
    backlog: &Backlog,
    mut next: NextKeys,
    file: &str,
) -> Result<Applied, ImportError> {
    let mut keys: Vec<Key> = Vec::with_capacity(plan.items.len());
    let mut reused = Vec::with_capacity(plan.items.len());
    let mut skipped = vec![false; plan.items.len()];
    let wanted = wanted(plan);
    let mut items: Vec<Item> = Vec::with_capacity(plan.items.len());
    // Plan index of each created item.
    let mut from: Vec<usize> = Vec::with_capacity(plan.items.len());
    let fail = |p: &Planned, reason: String| match (p.line, &p.origin) {
        (Some(n), _) => ImportError::at(file, n, reason),
        (None, Some(o)) => ImportError::whole(file, format!("{o}: {reason}")),
        (None, None) => ImportError::whole(file, reason),
    };
    for (n, p) in plan.items.iter().enumerate() {
        let kind = p.kind();
        if let Some(k) = p.matches {
            keys.push(k);
            reused.push(true);
            continue;
        }
        let parent = match p.parent {
            None => None,
            Some(r) => Some(resolve(r, n, &keys, backlog).map_err(|e| fail(p, e))?),
        };
        kind.check_parent(parent)
            .map_err(|e| fail(p, e.to_string()))?;
        if p.reuse
            && let Some(found) = find_reusable(backlog, kind, &p.item.title, parent)
        {
            keys.push(found);
            reused.push(true);
            continue;
        }
        if !wanted[n] {
            // Nothing refers to it: its placeholder key is never resolved.
            keys.push(p.item.key);
            reused.push(false);
            skipped[n] = true;
            continue;
        }
        let key = next.take(kind);
        let mut item = p.item.clone();
        item.key = key;
        item.parent = parent;
        item.version = 0;
        item.depends_on.clear();
        keys.push(key);
        reused.push(false);
        items.push(item);
        from.push(n);
    }
    // Dependencies may point forward in the plan: resolve them once every
    // key is known.
    let all = plan.items.len();
    for (item, &n) in items.iter_mut().zip(&from) {
        let p = &plan.items[n];
        item.depends_on = p
            .depends_on
            .iter()
            .map(|r| resolve(*r, all, &keys, backlog))
            .collect::<Result<_, _>>()
            .map_err(|e| fail(p, e))?;
        item.depends_on.sort();
        item.depends_on.dedup();
    }
    // Ranks: appended after the existing siblings, in the order the items
    // had among themselves (their rank, then plan order).
    let mut groups: HashMap<Option<Key>, Vec<usize>> = HashMap::new();
    for (i, &n) in from.iter().enumerate() {
        if !plan.items[n].keep_rank {
            groups.entry(items[i].parent).or_default().push(i);
        }
    }
    for (parent, mut members) in groups {
        members.sort_by_key(|&i| (items[i].rank, i));
        let existing = match parent {
            Some(pk) => backlog.children(pk).map(|c| c.rank).max(),
            None => backlog.roots().map(|c| c.rank).max(),
        };
        let base = existing.map_or(1, |m| m + 1);
        for (offset, i) in members.into_iter().enumerate() {
            items[i].rank = base + offset as i64;
        }
    }
    Ok(Applied {
        items,
        keys,
        reused,
        skipped,
    })
}

/// Which planned items are to be created: every unmatched item of the
/// input, and a made-up container (`reuse`) only when something created
/// goes into it. Parents come before children, so one backward pass sees
/// every child first.
fn wanted(plan: &Plan) -> Vec<bool> {
    let mut wanted = vec![false; plan.items.len()];
    let mut referenced = vec![false; plan.items.len()];
    for (n, p) in plan.items.iter().enumerate().rev() {
        wanted[n] = p.matches.is_none() && (!p.reuse || referenced[n]);
        if wanted[n] {
            for r in p.parent.iter().chain(&p.depends_on) {
                if let Ref::New(i) = r
                    && *i < referenced.len()
                {
                    referenced[*i] = true;
                }
            }
        }
    }
    wanted
}

fn resolve(r: Ref, at: usize, keys: &[Key], backlog: &Backlog) -> Result<Key, String> {
    match r {
        Ref::New(i) if i < at => Ok(keys[i]),
        Ref::New(i) => Err(format!("internal: item {i} is planned after its children")),
        Ref::Existing(k) => backlog
            .get(k)
            .map(|i| i.key)
            .ok_or_else(|| format!("{k} does not exist in the backlog")),
        Ref::ParentOf(k) => {
            let item = backlog
                .get(k)
                .ok_or_else(|| format!("{k} does not exist in the backlog"))?;
            item.parent
                .ok_or_else(|| format!("{k} is an initiative: it has no parent"))
        }
    }
}

fn find_reusable(backlog: &Backlog, kind: Kind, title: &str, parent: Option<Key>) -> Option<Key> {
    backlog
        .items()
        .iter()
        .filter(|i| i.kind() == kind && i.parent == parent && i.title == title)
        .find(|i| !backlog.is_hidden(i))
        .map(|i| i.key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};

    fn item(kind: Kind, title: &str) -> Item {
        let parent = kind.parent_kind().map(|k| Key::new(k, 1));
        Item::new(
            Key::new(kind, 1),
            title,
            parent,
            DateTime::<Utc>::UNIX_EPOCH,
        )
        .unwrap()
    }

    #[test]
    fn allocates_keys_links_parents_and_appends_ranks() {
        let mut existing_epic = item(Kind::Epic, "Old");
        existing_epic.key = Key::new(Kind::Epic, 4);
        existing_epic.parent = Some(Key::new(Kind::Initiative, 1));
        let mut old_story = item(Kind::Story, "old");
        old_story.key = Key::new(Kind::Story, 9);
        old_story.parent = Some(existing_epic.key);
        old_story.rank = 7;
        let backlog = Backlog::new(vec![
            item(Kind::Initiative, "Imported"),
            existing_epic,
            old_story,
        ]);
        let mut plan = Plan::default();
        let mut ini = Planned::new(item(Kind::Initiative, "Imported"), None, None);
        ini.reuse = true;
        let i = plan.push(ini);
        let e = plan.push(Planned::new(
            item(Kind::Epic, "New"),
            Some(Ref::New(i)),
            None,
        ));
        plan.push(Planned::new(
            item(Kind::Story, "a"),
            Some(Ref::New(e)),
            Some(1),
        ));
        plan.push(Planned::new(
            item(Kind::Story, "b"),
            Some(Ref::Existing(Key::new(Kind::Epic, 4))),
            Some(2),
        ));
        let next = NextKeys {
            initiative: 2,
            epic: 5,
            story: 10,
            insight: 1,
        };
        let a = apply(&plan, &backlog, next, "f").unwrap();
        assert_eq!(a.reused, [true, false, false, false]);
        assert_eq!(a.counts(), [0, 1, 2]);
        let shown: Vec<String> = a.keys.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["I-1", "E-5", "S-10", "S-11"]);
        assert_eq!(a.items[0].parent, Some(Key::new(Kind::Initiative, 1)));
        assert_eq!(a.items[1].rank, 1);
        assert_eq!(a.items[2].rank, 8, "after the existing story");
    }

    #[test]
    fn missing_or_wrong_links_name_the_input() {
        let backlog = Backlog::new(vec![item(Kind::Initiative, "x")]);
        let mut plan = Plan::default();
        plan.push(Planned::new(
            item(Kind::Story, "a"),
            Some(Ref::Existing(Key::new(Kind::Epic, 3))),
            Some(4),
        ));
        let e = apply(&plan, &backlog, NextKeys::default(), "s.txt")
            .unwrap_err()
            .to_string();
        assert_eq!(e, "s.txt:4: E-3 does not exist in the backlog");
        plan.items[0].parent = Some(Ref::Existing(Key::new(Kind::Initiative, 1)));
        let e = apply(&plan, &backlog, NextKeys::default(), "s.txt")
            .unwrap_err()
            .to_string();
        assert!(e.contains("I-1 is not an epic"), "{e}");
    }
}
