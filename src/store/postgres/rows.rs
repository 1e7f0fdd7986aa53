//! Mapping between item rows and [`Item`] values, and the loads (full,
//! outline, roadmap) as the SQLite backend defines them.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use postgres::fallible_iterator::FallibleIterator;
use postgres::{GenericClient, Row};

use super::fail::{Fail, Pg};
use crate::domain::backlog::{Facts, StoryFacts};
use crate::domain::{
    AcceptanceCriterion, Decision, Item, Key, Kind, Lane, RiceInputs, Status, WsjfInputs,
};
use crate::store::format::item_v1::{CriterionV1, MetricV1};

pub fn kind_letter(kind: Kind) -> &'static str {
    match kind {
        Kind::Initiative => "I",
        Kind::Epic => "E",
        Kind::Story => "S",
        Kind::Insight => "F",
    }
}

pub(super) fn kind_of(letter: &str) -> Pg<Kind> {
    letter
        .chars()
        .next()
        .and_then(Kind::from_letter)
        .ok_or_else(|| Fail::bad(format!("unknown kind “{letter}”")))
}

/// Times are stored in whole seconds, as in the SQLite file.
pub fn seconds(t: DateTime<Utc>) -> DateTime<Utc> {
    t.trunc_subsecs(0)
}

/// The columns every item query reads, in [`item_from_row`] order.
pub const ITEM_COLUMNS: &str = "id, kind, num, parent_id, title, description, status, lane, \
     owner, labels::text, rank, archived, outcome, hypothesis, metrics::text, persona, goal, benefit, \
     points, criteria::text, reach, impact, confidence, effort, wsjf_value, wsjf_time, wsjf_risk, \
     wsjf_size, created, updated, version, external_key, insight::text, source, pinned";

/// [`ITEM_COLUMNS`] as an item is read: a description of [`BIG_TEXT`]
/// bytes or more left out (NULL, where the column never is), to be read
/// on its own ([`big_description`]).
static READ_COLUMNS: LazyLock<String> = LazyLock::new(|| {
    ITEM_COLUMNS.replacen(
        " description,",
        &format!(" CASE WHEN octet_length(description) < {BIG_TEXT} THEN description END,"),
        1,
    )
});

/// From this many bytes on, a description is read on its own.
const BIG_TEXT: usize = 1 << 20;

/// Whether the row (of [`READ_COLUMNS`]) left its description out.
fn description_left_out(row: &Row) -> Pg<bool> {
    Ok(row.try_get::<_, Option<&str>>(5)?.is_none())
}

/// The description of row `id`, read on its own, with what the driver
/// frees while receiving it given back at once: the buffer it receives a
/// row into grows by doubling, and each smaller one, freed, stayed
/// resident (the CLI keeps freed memory), so that a 200 MB text was held
/// 2.75 times.
fn big_description(c: &mut impl GenericClient, id: i64) -> Pg<String> {
    crate::store::memory::purging(|| {
        let row = c.query_one("SELECT description FROM items WHERE id = $1", &[&id])?;
        Ok(row.try_get(0)?)
    })
}

fn json_list<T: serde::de::DeserializeOwned>(row: &Row, col: usize) -> Pg<Vec<T>> {
    let s: &str = row.try_get(col)?;
    if s == "[]" {
        return Ok(Vec::new());
    }
    serde_json::from_str(s).map_err(Fail::bad)
}

fn status(s: &str) -> Pg<Status> {
    s.parse().map_err(Fail::bad)
}

/// A pinned place (`NULL`: none); the schema keeps it within 1..=u32::MAX.
fn place_at(row: &Row, col: usize) -> Pg<Option<u32>> {
    row.try_get::<_, Option<i64>>(col)?
        .map(|n| u32::try_from(n).map_err(|_| Fail::bad(format!("pinned place {n}"))))
        .transpose()
}

fn lane(s: Option<&str>) -> Pg<Option<Lane>> {
    s.map(|s| s.parse::<Lane>().map_err(Fail::bad)).transpose()
}

/// The column after [`ITEM_COLUMNS`], where a query that adds the
/// parent's key has it.
const PARENT_KEY_COLUMN: usize = 35;

/// An item from a row starting with [`READ_COLUMNS`] (no parent,
/// dependencies or decisions), with its row id and its parent's; a big
/// description left out is empty (see [`description_left_out`]).
pub fn item_from_row(row: &Row) -> Pg<(i64, Option<i64>, Item)> {
    let item = Item {
        key: Key::new(kind_of(row.try_get(1)?)?, row.try_get(2)?),
        parent: None,
        title: row.try_get(4)?,
        description: row.try_get::<_, Option<String>>(5)?.unwrap_or_default(),
        status: status(row.try_get(6)?)?,
        lane: lane(row.try_get(7)?)?,
        owner: row.try_get(8)?,
        labels: json_list(row, 9)?,
        rank: row.try_get(10)?,
        archived: row.try_get(11)?,
        outcome: row.try_get(12)?,
        hypothesis: row.try_get(13)?,
        metrics: json_list::<MetricV1>(row, 14)?
            .into_iter()
            .map(Into::into)
            .collect(),
        persona: row.try_get(15)?,
        goal: row.try_get(16)?,
        benefit: row.try_get(17)?,
        points: row.try_get(18)?,
        criteria: json_list::<CriterionV1>(row, 19)?
            .into_iter()
            .map(Into::into)
            .collect(),
        rice: RiceInputs {
            reach: row.try_get(20)?,
            impact: row.try_get(21)?,
            confidence: row.try_get(22)?,
            effort: row.try_get(23)?,
        },
        wsjf: WsjfInputs {
            value: row.try_get(24)?,
            time_criticality: row.try_get(25)?,
            risk_reduction: row.try_get(26)?,
            job_size: row.try_get(27)?,
        },
        depends_on: Vec::new(),
        decisions: Vec::new(),
        created: row.try_get(28)?,
        updated: row.try_get(29)?,
        version: row.try_get(30)?,
        external_key: row.try_get(31)?,
        insight: crate::store::format::insight_from_json(row.try_get(32)?).map_err(Fail::bad)?,
        source: row.try_get(33)?,
        pinned: place_at(row, 34)?,
    };
    Ok((row.try_get(0)?, row.try_get(3)?, item))
}

fn decision_from_row(row: &Row, col: usize) -> Pg<Decision> {
    let date: NaiveDate = row.try_get(col)?;
    Ok(Decision {
        date,
        decision: row.try_get(col + 1)?,
        rationale: row.try_get(col + 2)?,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    All,
    Roadmap,
    Outline,
}

/// Every item with its dependencies and decisions, in key order.
pub fn load_all(c: &mut impl GenericClient) -> Pg<Vec<Item>> {
    load_scope(c, Scope::All).map(|(items, _)| items)
}

/// See `Store::load_for_roadmap`.
pub fn load_for_roadmap(c: &mut impl GenericClient) -> Pg<(Vec<Item>, Vec<StoryFacts>)> {
    load_scope(c, Scope::Roadmap)
}

/// See `Store::load_outline`: the items and the number of live stories.
pub fn load_outline(c: &mut impl GenericClient) -> Pg<(Vec<Item>, usize)> {
    let items = load_scope(c, Scope::Outline)?.0;
    let stories: i64 = c
        .query_one(
            // The stories the tree shows: not archived, nor their epic or
            // its initiative.
            "SELECT count(*) FROM items WHERE kind = 'S' AND NOT archived \
             AND parent_id IN (SELECT e.id FROM items e JOIN items i ON i.id = e.parent_id \
             WHERE e.kind = 'E' AND NOT e.archived AND NOT i.archived)",
            &[],
        )?
        .try_get(0)?;
    Ok((items, usize::try_from(stories).unwrap_or(0)))
}

/// A story known only by key and archived flag.
fn stub(key: Key, archived: bool) -> Item {
    let mut item = Item::blank(key, None, DateTime::<Utc>::UNIX_EPOCH);
    item.archived = archived;
    item
}

/// What `load_scope` builds: items, their parents' row ids, row id → position.
struct Loaded {
    items: Vec<Item>,
    parent_ids: Vec<Option<i64>>,
    by_id: HashMap<i64, usize>,
}

impl Loaded {
    fn push(&mut self, id: Option<i64>, parent: Option<i64>, item: Item) -> usize {
        let n = self.items.len();
        if let Some(id) = id {
            self.by_id.insert(id, n);
        }
        self.parent_ids.push(parent);
        self.items.push(item);
        n
    }
}

fn load_scope(c: &mut impl GenericClient, scope: Scope) -> Pg<(Vec<Item>, Vec<StoryFacts>)> {
    let columns = &*READ_COLUMNS;
    let sql = if scope == Scope::All {
        format!("SELECT {columns} FROM items")
    } else {
        format!("SELECT {columns} FROM items WHERE kind IN ('I', 'E')")
    };
    let mut l = Loaded {
        items: Vec::new(),
        parent_ids: Vec::new(),
        by_id: HashMap::new(),
    };
    // Rows are decoded as they arrive, while the server still sends the
    // rest (not after the last one, as `query` would): the server's work
    // and the client's overlap, and the rows are never all held at once.
    let mut rows = c.query_raw(sql.as_str(), std::iter::empty::<i64>())?;
    let mut big = Vec::new();
    while let Some(row) = rows.next()? {
        let (id, parent, item) = item_from_row(&row)?;
        if description_left_out(&row)? {
            big.push((l.items.len(), id));
        }
        l.push(Some(id), parent, item);
    }
    drop(rows);
    for (n, id) in big {
        l.items[n].description = big_description(c, id)?;
    }
    let mut stories = Vec::new();
    match scope {
        Scope::Roadmap => roadmap_stories(c, &mut l, &mut stories)?,
        Scope::Outline => outline_stories(c, &mut l)?,
        Scope::All => {}
    }
    for n in 0..l.items.len() {
        if let Some(p) = l.parent_ids[n] {
            l.items[n].parent = l.by_id.get(&p).map(|&i| l.items[i].key);
        }
    }
    if scope != Scope::Outline {
        for row in c.query(
            "SELECT d.item_id, b.kind, b.num FROM dependencies d JOIN items b ON b.id = d.depends_on",
            &[],
        )? {
            let id: i64 = row.try_get(0)?;
            if let Some(&n) = l.by_id.get(&id) {
                let dep = Key::new(kind_of(row.try_get(1)?)?, row.try_get(2)?);
                l.items[n].depends_on.push(dep);
            }
        }
    }
    for row in c.query(
        "SELECT item_id, date, decision, rationale FROM decisions ORDER BY item_id, position",
        &[],
    )? {
        let id: i64 = row.try_get(0)?;
        if let Some(&n) = l.by_id.get(&id) {
            l.items[n].decisions.push(decision_from_row(&row, 1)?);
        }
    }
    let mut items = l.items;
    items.sort_by_key(|i| i.key);
    for i in &mut items {
        i.depends_on.sort();
    }
    Ok((items, stories))
}

#[derive(serde::Deserialize)]
struct DoneFlag {
    #[serde(default)]
    done: bool,
}

/// Per story what a roadmap counts, and stubs of the stories in
/// dependencies (as the SQLite backend's `roadmap_stories`).
fn roadmap_stories(
    c: &mut impl GenericClient,
    l: &mut Loaded,
    stories: &mut Vec<StoryFacts>,
) -> Pg<()> {
    let mut linked: HashSet<i64> = HashSet::new();
    for row in c.query("SELECT item_id, depends_on FROM dependencies", &[])? {
        linked.insert(row.try_get(0)?);
        linked.insert(row.try_get(1)?);
    }
    let rows = c.query(
        "SELECT id, num, parent_id, status, archived, points, criteria::text, rank, lane \
         FROM items WHERE kind = 'S' ORDER BY num",
        &[],
    )?;
    stories.reserve(rows.len());
    for row in &rows {
        let id: i64 = row.try_get(0)?;
        let key = Key::new(Kind::Story, row.try_get(1)?);
        let parent_id: Option<i64> = row.try_get(2)?;
        let flags: Vec<DoneFlag> = json_list(row, 6)?;
        let facts = Facts {
            kind: Kind::Story,
            status: status(row.try_get(3)?)?,
            lane: lane(row.try_get(8)?)?,
            archived: row.try_get(4)?,
            points: row.try_get(5)?,
            criteria_done: flags.iter().filter(|f| f.done).count(),
            criteria_total: flags.len(),
            has_deps: false,
        };
        stories.push(StoryFacts {
            key,
            parent: parent_id
                .and_then(|p| l.by_id.get(&p))
                .map(|&n| l.items[n].key),
            rank: row.try_get(7)?,
            facts,
        });
        if linked.contains(&id) {
            let mut story = stub(key, facts.archived);
            story.status = facts.status;
            story.lane = facts.lane;
            story.points = facts.points;
            story.criteria = flags
                .into_iter()
                .map(|f| AcceptanceCriterion {
                    text: String::new(),
                    done: f.done,
                })
                .collect();
            l.push(Some(id), parent_id, story);
        }
    }
    Ok(())
}

/// The stories an outline needs, as stubs (as the SQLite backend's
/// `outline_stories`): per epic its first live story, and the stories
/// that depend on an initiative or epic; with the dependencies of those.
fn outline_stories(c: &mut impl GenericClient, l: &mut Loaded) -> Pg<()> {
    let mut stubs: HashMap<i64, usize> = HashMap::new();
    for row in c.query(
        "SELECT e.id, (SELECT s.num FROM items s WHERE s.kind = 'S' AND s.parent_id = e.id \
         AND NOT s.archived ORDER BY s.num LIMIT 1) FROM items e WHERE e.kind = 'E'",
        &[],
    )? {
        let epic: i64 = row.try_get(0)?;
        if let Some(num) = row.try_get::<_, Option<i64>>(1)? {
            let n = l.push(None, Some(epic), stub(Key::new(Kind::Story, num), false));
            stubs.insert(num, n);
        }
    }
    let pairs: Vec<(i64, i64)> = c
        .query(
            "SELECT item_id, depends_on FROM dependencies ORDER BY item_id, depends_on",
            &[],
        )?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect::<Pg<_>>()?;
    let mut keys: HashMap<i64, Key> = l
        .by_id
        .iter()
        .map(|(&id, &n)| (id, l.items[n].key))
        .collect();
    for (item_id, on) in pairs {
        let known_item = l.by_id.get(&item_id).copied();
        if known_item.is_none() && !l.by_id.contains_key(&on) {
            continue;
        }
        let on_key = match keys.get(&on) {
            Some(&k) => k,
            None => {
                let Some(row) = c.query_opt("SELECT kind, num FROM items WHERE id = $1", &[&on])?
                else {
                    continue;
                };
                let k = Key::new(kind_of(row.try_get(0)?)?, row.try_get(1)?);
                keys.insert(on, k);
                k
            }
        };
        let n = match known_item {
            Some(n) => n,
            None => {
                let Some(row) = c.query_opt(
                    "SELECT kind, num, parent_id, archived FROM items WHERE id = $1",
                    &[&item_id],
                )?
                else {
                    continue;
                };
                let key = Key::new(kind_of(row.try_get(0)?)?, row.try_get(1)?);
                let archived: bool = row.try_get(3)?;
                let n = match stubs.get(&key.num).filter(|_| key.kind == Kind::Story) {
                    Some(&n) => {
                        l.items[n].archived = archived;
                        n
                    }
                    None => l.push(None, row.try_get(2)?, stub(key, archived)),
                };
                l.by_id.insert(item_id, n);
                keys.insert(item_id, key);
                n
            }
        };
        l.items[n].depends_on.push(on_key);
    }
    Ok(())
}

/// Row id of `key`, if the item exists.
pub fn id_of(c: &mut impl GenericClient, key: Key) -> Pg<Option<i64>> {
    Ok(c.query_opt(
        "SELECT id FROM items WHERE kind = $1 AND num = $2",
        &[&kind_letter(key.kind), &key.num],
    )?
    .map(|r| r.try_get(0))
    .transpose()?)
}

/// One item with its dependencies and decisions.
pub fn get(c: &mut impl GenericClient, key: Key) -> Pg<Option<Item>> {
    let columns = &*READ_COLUMNS;
    let Some(row) = c.query_opt(
        format!(
            "SELECT {columns}, (SELECT p.kind || '-' || p.num FROM items p \
             WHERE p.id = items.parent_id) FROM items WHERE kind = $1 AND num = $2"
        )
        .as_str(),
        &[&kind_letter(key.kind), &key.num],
    )?
    else {
        return Ok(None);
    };
    let (id, _, mut item) = item_from_row(&row)?;
    if description_left_out(&row)? {
        item.description = big_description(c, id)?;
    }
    let parent: Option<String> = row.try_get(PARENT_KEY_COLUMN)?;
    item.parent = parent
        .map(|p| p.parse::<Key>().map_err(Fail::bad))
        .transpose()?;
    for row in c.query(
        "SELECT b.kind, b.num FROM dependencies d JOIN items b ON b.id = d.depends_on \
         WHERE d.item_id = $1",
        &[&id],
    )? {
        item.depends_on
            .push(Key::new(kind_of(row.try_get(0)?)?, row.try_get(1)?));
    }
    item.depends_on.sort();
    for row in c.query(
        "SELECT date, decision, rationale FROM decisions WHERE item_id = $1 ORDER BY position",
        &[&id],
    )? {
        item.decisions.push(decision_from_row(&row, 0)?);
    }
    Ok(Some(item))
}

pub fn count(c: &mut impl GenericClient) -> Pg<i64> {
    Ok(c.query_one("SELECT count(*) FROM items", &[])?.try_get(0)?)
}

/// The next key number of each kind.
pub fn key_sequence(c: &mut impl GenericClient) -> Pg<HashMap<Kind, i64>> {
    let mut next = HashMap::new();
    for row in c.query("SELECT kind, next FROM key_seq", &[])? {
        next.insert(kind_of(row.try_get(0)?)?, row.try_get(1)?);
    }
    for kind in Kind::KEYED {
        if !next.contains_key(&kind) {
            return Err(Fail::bad(format!("no key sequence for {kind:?}")));
        }
    }
    Ok(next)
}
