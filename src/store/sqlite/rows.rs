//! Mapping between item rows and [`Item`] values.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::Type;
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::domain::backlog::{Facts, StoryFacts};
use crate::domain::{Item, Key, Kind, RiceInputs, WsjfInputs};
use crate::store::format::item_v1::{CriterionV1, MetricV1};

pub(super) fn kind_letter(kind: Kind) -> &'static str {
    match kind {
        Kind::Initiative => "I",
        Kind::Epic => "E",
        Kind::Story => "S",
        Kind::Insight => "F",
    }
}

pub(super) fn conversion<E: std::error::Error + Send + Sync + 'static>(
    col: usize,
    e: E,
) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(col, Type::Text, Box::new(e))
}

pub(super) fn key_at(row: &Row, kind_col: usize) -> rusqlite::Result<Option<Key>> {
    let kind: Option<String> = row.get(kind_col)?;
    let Some(kind) = kind else { return Ok(None) };
    let num: i64 = row.get(kind_col + 1)?;
    let kind = kind
        .chars()
        .next()
        .and_then(Kind::from_letter)
        .ok_or_else(|| conversion(kind_col, crate::domain::DomainError::BadKey(kind.clone())))?;
    Ok(Some(Key::new(kind, num)))
}

pub(super) fn time(row: &Row, col: usize) -> rusqlite::Result<DateTime<Utc>> {
    let s: String = row.get(col)?;
    DateTime::parse_from_rfc3339(&s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| conversion(col, e))
}

pub(super) fn fmt_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The columns every item query reads, in [`item_from_row`] order: no
/// join (a load resolves parents from row ids in memory, which is cheaper
/// than one index lookup per row).
pub(super) const ITEM_COLUMNS: &str = "id, kind, num, parent_id, title, description, status, lane, \
     owner, labels, rank, archived, outcome, hypothesis, metrics, persona, goal, benefit, points, \
     criteria, reach, impact, confidence, effort, wsjf_value, wsjf_time, wsjf_risk, wsjf_size, \
     created, updated, version, external_key, insight, source, pinned";

/// The column after [`ITEM_COLUMNS`], where a query that adds the
/// parent's key has it.
const PARENT_KEY_COLUMN: usize = 35;

/// Builds an item from a row that starts with [`ITEM_COLUMNS`] (without its parent, which
/// the caller resolves from the row id returned beside it, and without
/// dependencies and decisions, which live in their own tables). Returns
/// the row id and the parent's row id too.
pub(super) fn item_from_row(row: &Row) -> rusqlite::Result<(i64, Option<i64>, Item)> {
    let id: i64 = row.get(0)?;
    let kind = text(row, 1)?;
    let kind = kind
        .chars()
        .next()
        .and_then(Kind::from_letter)
        .ok_or_else(|| conversion(1, crate::domain::DomainError::BadKey(kind.to_string())))?;
    let item = Item {
        key: Key::new(kind, row.get(2)?),
        parent: None,
        title: row.get(4)?,
        description: row.get(5)?,
        status: status_at(row, 6)?,
        lane: lane_at(row, 7)?,
        owner: row.get(8)?,
        labels: json_list(row, 9)?,
        rank: row.get(10)?,
        archived: row.get(11)?,
        outcome: row.get(12)?,
        hypothesis: row.get(13)?,
        metrics: json_list::<MetricV1>(row, 14)?
            .into_iter()
            .map(Into::into)
            .collect(),
        persona: row.get(15)?,
        goal: row.get(16)?,
        benefit: row.get(17)?,
        points: row.get(18)?,
        criteria: json_list::<CriterionV1>(row, 19)?
            .into_iter()
            .map(Into::into)
            .collect(),
        rice: RiceInputs {
            reach: row.get(20)?,
            impact: row.get(21)?,
            confidence: row.get(22)?,
            effort: row.get(23)?,
        },
        wsjf: WsjfInputs {
            value: row.get(24)?,
            time_criticality: row.get(25)?,
            risk_reduction: row.get(26)?,
            job_size: row.get(27)?,
        },
        depends_on: Vec::new(),
        decisions: Vec::new(),
        created: time_fast(row, 28)?,
        updated: time_fast(row, 29)?,
        version: row.get(30)?,
        external_key: row.get(31)?,
        insight: insight_at(row, 32)?,
        source: row.get(33)?,
        pinned: place_at(row, 34)?,
    };
    Ok((id, row.get(3)?, item))
}

/// Text of column `col`, borrowed from the row (no copy).
pub(super) fn text<'r>(row: &'r Row, col: usize) -> rusqlite::Result<&'r str> {
    row.get_ref(col)?.as_str().map_err(|e| conversion(col, e))
}

/// A JSON list column; `[]` (the common case) without parsing.
/// An insight's information from its JSON column (`NULL`: not an insight).
fn insight_at(row: &Row, col: usize) -> rusqlite::Result<Option<crate::domain::InsightInfo>> {
    let text: Option<String> = row.get(col)?;
    crate::store::format::insight_from_json(text.as_deref()).map_err(|e| conversion(col, e))
}

pub(super) fn json_list<T: serde::de::DeserializeOwned>(
    row: &Row,
    col: usize,
) -> rusqlite::Result<Vec<T>> {
    let s = text(row, col)?;
    if s == "[]" {
        return Ok(Vec::new());
    }
    serde_json::from_str(s).map_err(|e| conversion(col, e))
}

/// A stored time. The store writes `YYYY-MM-DDTHH:MM:SSZ`; that form is
/// read directly, anything else through chrono's RFC 3339 parser.
pub(super) fn time_fast(row: &Row, col: usize) -> rusqlite::Result<DateTime<Utc>> {
    let s = text(row, col)?;
    if let Some(t) = parse_utc_seconds(s) {
        return Ok(t);
    }
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| conversion(col, e))
}

/// `YYYY-MM-DDTHH:MM:SSZ` exactly, else `None`.
pub(super) fn parse_utc_seconds(s: &str) -> Option<DateTime<Utc>> {
    let b = s.as_bytes();
    if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return None;
    }
    if b[16] != b':' || b[19] != b'Z' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let date = NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)?;
    let t = date.and_hms_opt(num(11..13)?, num(14..16)?, num(17..19)?)?;
    Some(t.and_utc())
}

pub(super) fn status_at(row: &Row, col: usize) -> rusqlite::Result<crate::domain::Status> {
    use crate::domain::Status;
    let s = text(row, col)?;
    Ok(match s {
        "draft" => Status::Draft,
        "ready" => Status::Ready,
        "in-progress" => Status::InProgress,
        "done" => Status::Done,
        "dropped" => Status::Dropped,
        other => other.parse().map_err(|e| conversion(col, e))?,
    })
}

/// A pinned place (`NULL`: none), at least 1 by the schema's check.
pub(super) fn place_at(row: &Row, col: usize) -> rusqlite::Result<Option<u32>> {
    row.get::<_, Option<i64>>(col)?
        .map(|n| u32::try_from(n).map_err(|e| conversion(col, e)))
        .transpose()
}

pub(super) fn lane_at(row: &Row, col: usize) -> rusqlite::Result<Option<crate::domain::Lane>> {
    use crate::domain::Lane;
    let v = row.get_ref(col)?;
    if v == rusqlite::types::ValueRef::Null {
        return Ok(None);
    }
    let s = v.as_str().map_err(|e| conversion(col, e))?;
    Ok(Some(match s {
        "now" => Lane::Now,
        "next" => Lane::Next,
        "later" => Lane::Later,
        other => other.parse().map_err(|e| conversion(col, e))?,
    }))
}

/// Every item with its dependencies and decisions, in key order.
pub(super) fn load_all(conn: &Connection) -> rusqlite::Result<Vec<Item>> {
    load(conn, Scope::All)
}

/// Initiatives and epics in full, with their decisions and dependencies;
/// of every story what a roadmap counts ([`StoryFacts`]), and stubs of the
/// stories in dependencies (key, parent, status, archived flag, estimate,
/// dependencies, criteria as done flags). No title or other text, no
/// scores (see [`roadmap_stories`]).
pub(super) fn load_for_roadmap(
    conn: &Connection,
) -> rusqlite::Result<(Vec<Item>, Vec<StoryFacts>)> {
    load_scope(conn, Scope::Roadmap)
}

/// How much of the stories a load reads.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    All,
    Roadmap,
    Outline,
}

/// An acceptance criterion's done flag (its text skipped unread): the
/// `done` of [`CriterionV1`].
#[derive(serde::Deserialize)]
pub(super) struct DoneFlag {
    #[serde(default)]
    pub(super) done: bool,
}

/// Initiatives and epics in full, with their decisions and dependencies;
/// of the stories only stubs (key, parent, archived flag, dependencies;
/// no title, text, criteria or scores): one not archived per epic that has
/// any (what tells whether the epic folds), and those that depend on
/// something. Also the number of stories the tree shows. Read from indexes
/// without visiting the stories' rows: enough to draw a first frame of
/// the tree (stories folded), never to write from.
pub(super) fn load_outline(conn: &Connection) -> rusqlite::Result<(Vec<Item>, usize)> {
    let items = load(conn, Scope::Outline)?;
    let stories: i64 = conn
        .prepare_cached(VISIBLE_STORIES)?
        .query_row([], |r| r.get(0))?;
    Ok((items, usize::try_from(stories).unwrap_or(0)))
}

/// The stories the tree shows: they, their epic and its initiative not
/// archived. Counted from the outline index.
const VISIBLE_STORIES: &str = "SELECT count(*) FROM items WHERE kind = 'S' AND archived = 0 \
     AND parent_id IN (SELECT e.id FROM items e JOIN items i ON i.id = e.parent_id \
     WHERE e.kind = 'E' AND e.archived = 0 AND i.archived = 0)";

/// A story known only by key, parent and archived flag.
fn stub(key: Key, archived: bool) -> Item {
    let mut item = Item::blank(key, None, DateTime::<Utc>::UNIX_EPOCH);
    item.archived = archived;
    item
}

fn load(conn: &Connection, scope: Scope) -> rusqlite::Result<Vec<Item>> {
    load_scope(conn, scope).map(|(items, _)| items)
}

/// The items a scope reads, and (for a roadmap) what it counts of every
/// story.
fn load_scope(conn: &Connection, scope: Scope) -> rusqlite::Result<(Vec<Item>, Vec<StoryFacts>)> {
    let mut stories: Vec<StoryFacts> = Vec::new();
    // Sized up front: growing a vector of 100,000 items copies it over
    // and over.
    let n = if scope == Scope::Outline {
        0 // initiatives and epics only: a few, however many stories
    } else {
        usize::try_from(count(conn)?).unwrap_or(0)
    };
    let sql = if scope == Scope::All {
        format!("SELECT {ITEM_COLUMNS} FROM items")
    } else {
        // The unique (kind, num) index finds them without a table scan;
        // in key order (I before E), so that the stories appended after
        // them leave nothing to sort (moving 100,000 items is not cheap).
        format!(
            "SELECT {ITEM_COLUMNS} FROM items WHERE kind IN ('I', 'E') ORDER BY kind = 'E', num"
        )
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([])?;
    let mut items: Vec<Item> = Vec::with_capacity(n);
    let mut parent_ids: Vec<Option<i64>> = Vec::with_capacity(n);
    let mut by_id: HashMap<i64, usize> = HashMap::with_capacity(n);
    while let Some(row) = rows.next()? {
        let (id, parent_id, item) = item_from_row(row)?;
        by_id.insert(id, items.len());
        parent_ids.push(parent_id);
        items.push(item);
    }
    drop(rows);
    if scope == Scope::Roadmap {
        roadmap_stories(conn, &mut items, &mut parent_ids, &mut by_id, &mut stories)?;
    }
    if scope == Scope::Outline {
        outline_stories(conn, &mut items, &mut parent_ids, &mut by_id)?;
    }
    for n in 0..items.len() {
        if let Some(p) = parent_ids[n] {
            items[n].parent = by_id.get(&p).map(|&i| items[i].key);
        }
    }
    if scope != Scope::Outline {
        // (The outline has read the dependencies it needs.)
        let mut stmt = conn.prepare_cached(
            "SELECT d.item_id, b.kind, b.num FROM dependencies d JOIN items b ON b.id = d.depends_on \
             ORDER BY d.item_id, b.kind, b.num",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            if let (Some(&n), Some(dep)) = (by_id.get(&id), key_at(row, 1)?) {
                items[n].depends_on.push(dep);
            }
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT item_id, date, decision, rationale FROM decisions ORDER BY item_id, position",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        if let Some(&n) = by_id.get(&id) {
            items[n].decisions.push(decision_from_row(row, 1)?);
        }
    }
    // Key order as the domain defines it (I < E < S), not the letters' order.
    items.sort_by_key(|i| i.key);
    for i in &mut items {
        if i.depends_on.len() > 1 {
            i.depends_on.sort();
        }
    }
    Ok((items, stories))
}

/// What a roadmap reads of the stories, in one pass over the table: per
/// story its [`StoryFacts`] (status, lane, archived flag, estimate, the
/// done flags of its criteria), which the epics' totals are made from;
/// and stubs (the same, as items) of the stories that take part in
/// dependencies, which the warnings read. No title, text or scores, and
/// no item for most stories: what costs a roadmap time at 100,000 stories
/// is fresh memory, not the reading.
fn roadmap_stories(
    conn: &Connection,
    items: &mut Vec<Item>,
    parent_ids: &mut Vec<Option<i64>>,
    by_id: &mut HashMap<i64, usize>,
    stories: &mut Vec<StoryFacts>,
) -> rusqlite::Result<()> {
    let mut linked: std::collections::HashSet<i64> = std::collections::HashSet::new();
    let mut stmt = conn.prepare_cached("SELECT item_id, depends_on FROM dependencies")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        linked.insert(row.get(0)?);
        linked.insert(row.get(1)?);
    }
    drop(rows);
    let count: i64 = conn
        .prepare_cached("SELECT count(*) FROM items WHERE kind = 'S'")?
        .query_row([], |r| r.get(0))?;
    stories.reserve(usize::try_from(count).unwrap_or(0));
    let mut stmt = conn.prepare_cached(
        // NOT INDEXED: one pass over the table in row order (which is
        // key order for generated and imported files), not a walk of
        // the outline index with a table lookup per story.
        "SELECT id, num, parent_id, status, archived, points, criteria, rank, lane FROM items \
         NOT INDEXED WHERE kind = 'S'",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let key = Key::new(Kind::Story, row.get(1)?);
        let parent_id: Option<i64> = row.get(2)?;
        let flags: Vec<DoneFlag> = json_list(row, 6)?;
        let facts = Facts {
            kind: Kind::Story,
            status: status_at(row, 3)?,
            lane: lane_at(row, 8)?,
            archived: row.get(4)?,
            points: row.get(5)?,
            criteria_done: flags.iter().filter(|f| f.done).count(),
            criteria_total: flags.len(),
            has_deps: false, // not read from here: the stubs carry them
        };
        stories.push(StoryFacts {
            key,
            parent: parent_id.and_then(|p| by_id.get(&p)).map(|&n| items[n].key),
            rank: row.get(7)?,
            facts,
        });
        if linked.contains(&id) {
            let mut story = stub(key, facts.archived);
            story.status = facts.status;
            story.lane = facts.lane;
            story.points = facts.points;
            story.criteria = flags
                .into_iter()
                .map(|f| crate::domain::AcceptanceCriterion {
                    text: String::new(),
                    done: f.done,
                })
                .collect();
            by_id.insert(id, items.len());
            parent_ids.push(parent_id);
            items.push(story);
        }
    }
    Ok(())
}

/// The stories an outline needs, as stubs, with the dependencies of the
/// initiatives and epics (`items`, whose row ids `by_id` maps): per epic,
/// its first live story (whether it folds), and the stories that depend on
/// an initiative or epic (who depends on them). Read from the outline index
/// and the small dependencies table; only the few rows a dependency names
/// beyond those are looked up by row id.
fn outline_stories(
    conn: &Connection,
    items: &mut Vec<Item>,
    parent_ids: &mut Vec<Option<i64>>,
    by_id: &mut HashMap<i64, usize>,
) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.id, (SELECT s.num FROM items s WHERE s.kind = 'S' AND s.parent_id = e.id \
         AND s.archived = 0 ORDER BY s.num LIMIT 1) FROM items e WHERE e.kind = 'E'",
    )?;
    let mut stubs: HashMap<i64, usize> = HashMap::new(); // story number → position
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let epic: i64 = row.get(0)?;
        if let Some(num) = row.get::<_, Option<i64>>(1)? {
            stubs.insert(num, items.len());
            parent_ids.push(Some(epic));
            items.push(stub(Key::new(Kind::Story, num), false));
        }
    }
    drop(rows);
    let pairs: Vec<(i64, i64)> = conn
        .prepare_cached(
            "SELECT item_id, depends_on FROM dependencies ORDER BY item_id, depends_on",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut by_row =
        conn.prepare_cached("SELECT kind, num, parent_id, archived FROM items WHERE id = ?1")?;
    let mut keys: HashMap<i64, Key> = by_id.iter().map(|(&id, &n)| (id, items[n].key)).collect();
    for (item_id, on) in pairs {
        let (known_item, known_on) = (by_id.get(&item_id).copied(), by_id.contains_key(&on));
        if known_item.is_none() && !known_on {
            continue; // between stories: not the outline's business
        }
        let on_key = match keys.get(&on) {
            Some(&k) => k,
            None => {
                let found = by_row
                    .query_row([on], |r| key_at(r, 0))
                    .optional()?
                    .flatten();
                let Some(k) = found else { continue };
                keys.insert(on, k);
                k
            }
        };
        let n = match known_item {
            Some(n) => n,
            None => {
                // A story depending on an initiative or epic: its stub.
                let found = by_row
                    .query_row([item_id], |r| {
                        Ok((
                            key_at(r, 0)?,
                            r.get::<_, Option<i64>>(2)?,
                            r.get::<_, bool>(3)?,
                        ))
                    })
                    .optional()?;
                let Some((Some(key), parent, archived)) = found else {
                    continue;
                };
                let n = match stubs.get(&key.num).filter(|_| key.kind == Kind::Story) {
                    Some(&n) => {
                        items[n].archived = archived;
                        n
                    }
                    None => {
                        items.push(stub(key, archived));
                        parent_ids.push(parent);
                        items.len() - 1
                    }
                };
                by_id.insert(item_id, n);
                keys.insert(item_id, key);
                n
            }
        };
        items[n].depends_on.push(on_key);
    }
    Ok(())
}

pub(super) fn decision_from_row(
    row: &Row,
    col: usize,
) -> rusqlite::Result<crate::domain::Decision> {
    let date: String = row.get(col)?;
    Ok(crate::domain::Decision {
        date: NaiveDate::parse_from_str(&date, "%Y-%m-%d").map_err(|e| conversion(col, e))?,
        decision: row.get(col + 1)?,
        rationale: row.get(col + 2)?,
    })
}

/// Row id of `key`, if the item exists.
pub(super) fn id_of(conn: &Connection, key: Key) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM items WHERE kind = ?1 AND num = ?2")?
        .query_row(params![kind_letter(key.kind), key.num], |r| r.get(0))
        .optional()
}

/// One item with its dependencies and decisions.
pub(super) fn get(conn: &Connection, key: Key) -> rusqlite::Result<Option<Item>> {
    // The parent's key beside the columns: one query (undo reads items
    // one by one).
    let found = conn
        .prepare_cached(&format!(
            "SELECT {ITEM_COLUMNS}, (SELECT p.kind || '-' || p.num FROM items p \
             WHERE p.id = items.parent_id) FROM items WHERE kind = ?1 AND num = ?2"
        ))?
        .query_row(params![kind_letter(key.kind), key.num], |r| {
            let (id, _, item) = item_from_row(r)?;
            let parent: Option<String> = r.get(PARENT_KEY_COLUMN)?;
            Ok((id, parent, item))
        })
        .optional()?;
    let Some((id, parent, mut item)) = found else {
        return Ok(None);
    };
    item.parent = parent
        .map(|p| {
            p.parse::<Key>()
                .map_err(|e| conversion(PARENT_KEY_COLUMN, e))
        })
        .transpose()?;
    let mut stmt = conn.prepare_cached(
        "SELECT b.kind, b.num FROM dependencies d JOIN items b ON b.id = d.depends_on \
         WHERE d.item_id = ?1",
    )?;
    let mut rows = stmt.query([id])?;
    while let Some(row) = rows.next()? {
        if let Some(k) = key_at(row, 0)? {
            item.depends_on.push(k);
        }
    }
    item.depends_on.sort();
    let mut stmt = conn.prepare_cached(
        "SELECT date, decision, rationale FROM decisions WHERE item_id = ?1 ORDER BY position",
    )?;
    let mut rows = stmt.query([id])?;
    while let Some(row) = rows.next()? {
        item.decisions.push(decision_from_row(row, 0)?);
    }
    Ok(Some(item))
}

pub(super) fn count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT count(*) FROM items", [], |r| r.get(0))
}

/// The next key number of each kind.
pub(super) fn key_sequence(conn: &Connection) -> rusqlite::Result<HashMap<Kind, i64>> {
    let mut next = HashMap::new();
    for kind in Kind::KEYED {
        let n: i64 = conn
            .prepare_cached("SELECT next FROM key_seq WHERE kind = ?1")?
            .query_row([kind_letter(kind)], |r| r.get(0))?;
        next.insert(kind, n);
    }
    Ok(next)
}
