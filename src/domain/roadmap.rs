//! The now/next/later roadmap as one value (docs/ARCHITECTURE.md, "Data model").
//!
//! [`Roadmap::build`] groups the visible epics (or initiatives) of a
//! backlog into the lanes Now, Next and Later, plus the unplanned ones, and
//! orders each lane by the chosen model: scored first (highest first), then
//! unscored, ties by manual rank and then key; a card the PM pinned to a
//! place in its lane takes that place whatever its score. Every export format, the TUI
//! and snapshots start from this value.
//!
//! Rules:
//! - an epic without a lane of its own shows under its initiative's lane;
//!   items with no lane at all are *unplanned*;
//! - archived and dropped items (and everything below them) are not on
//!   the roadmap;
//! - an initiative has no scores of its own: on the initiative-level
//!   roadmap it scores as its highest-scoring epic;
//! - counts (stories, points, acceptance criteria) cover the visible,
//!   non-dropped stories below the card;
//! - a card warns when it (or an item below it) depends on something that
//!   sits in a later lane, or that is not on the roadmap. Finished
//!   dependencies never warn.

#[cfg(test)]
pub(crate) mod fixture;
mod moves;
mod order;
#[cfg(test)]
mod tests;

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use moves::{Step, move_lane, shift_rank, unpin};
pub use order::order_lane;

use super::backlog::{Backlog, DepLink};
use super::depmap::DepMap;
use super::error::DomainError;
use super::item::{Item, Metric};
use super::key::{Key, Kind};
use super::planning::{Planning, RoadmapPlanning};
use super::scoring::Model;
use super::status::{Lane, Status};

/// What the roadmap's cards are: epics (the default) or initiatives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Level {
    #[default]
    Epic,
    Initiative,
}

impl Level {
    pub const ALL: [Level; 2] = [Level::Epic, Level::Initiative];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Epic => "epic",
            Level::Initiative => "initiative",
        }
    }

    /// The kind of item on a card.
    pub fn kind(self) -> Kind {
        match self {
            Level::Epic => Kind::Epic,
            Level::Initiative => Kind::Initiative,
        }
    }

    /// `epics` or `initiatives`.
    pub fn plural(self) -> &'static str {
        match self {
            Level::Epic => "epics",
            Level::Initiative => "initiatives",
        }
    }

    pub fn toggled(self) -> Level {
        match self {
            Level::Epic => Level::Initiative,
            Level::Initiative => Level::Epic,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Level {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "epic" | "epics" => Ok(Level::Epic),
            "initiative" | "initiatives" => Ok(Level::Initiative),
            _ => Err(DomainError::invalid("level", s, "epic or initiative")),
        }
    }
}

impl Serialize for Level {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Level {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A key and a title: how a card names its initiative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemRef {
    pub key: Key,
    pub title: String,
}

/// Why a dependency warning was raised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningReason {
    /// The dependency sits in a later lane than the card.
    LaterLane,
    /// The dependency is unplanned, dropped, archived or missing.
    NotOnRoadmap,
}

/// A dependency that does not fit the roadmap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    /// The item that has the dependency: the card itself or an item below it.
    pub item: Key,
    /// What it depends on.
    pub on: Key,
    pub reason: WarningReason,
    /// The lane the dependency shows in, if any.
    pub on_lane: Option<Lane>,
    /// One line for people: `depends on E-7 (later)`. Holds no user text.
    pub message: String,
}

/// One epic (or initiative) on the roadmap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Card {
    pub key: Key,
    pub title: String,
    /// The initiative the card belongs to (itself on the initiative level).
    pub initiative: Option<ItemRef>,
    pub status: Status,
    pub owner: Option<String>,
    /// The lane the card shows in; `null` when unplanned.
    pub lane: Option<Lane>,
    /// True when the lane is the initiative's (the epic has none of its own).
    pub lane_inherited: bool,
    /// Manual rank: breaks ties between equal scores.
    pub rank: i64,
    /// The place the PM pinned the card at in its lane (1 = first), which
    /// wins over the score; `None`: placed by score.
    pub pinned: Option<u32>,
    /// The score of the roadmap's model, full precision; `null` when unscored.
    pub score: Option<f64>,
    pub rice: Option<f64>,
    pub wsjf: Option<f64>,
    /// Epics below an initiative card; `null` on epic cards.
    pub epics: Option<usize>,
    pub stories: usize,
    pub stories_done: usize,
    /// Stories without an estimate (not counted in the points).
    pub stories_unestimated: usize,
    pub points_done: f64,
    pub points_total: f64,
    pub criteria_met: usize,
    pub criteria_total: usize,
    /// The initiative's outcome and success metrics.
    pub outcome: Option<String>,
    pub metrics: Vec<Metric>,
    pub warnings: Vec<Warning>,
}

impl Card {
    /// The card's score under `model`.
    pub fn score_for(&self, model: Model) -> Option<f64> {
        match model {
            Model::Rice => self.rice,
            Model::Wsjf => self.wsjf,
        }
    }
}

/// One lane and its cards, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub lane: Lane,
    pub cards: Vec<Card>,
}

/// The roadmap: three lanes and the unplanned cards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Roadmap {
    /// When it was built (passed in, never read from a clock here).
    pub generated: DateTime<Utc>,
    pub model: Model,
    pub level: Level,
    /// Always Now, Next and Later, in that order.
    pub lanes: Vec<Column>,
    pub unplanned: Vec<Card>,
    /// Capacity and forecasts, on a live roadmap that has them attached
    /// ([`Roadmap::with_planning`]); `None` in snapshots.
    pub planning: Option<RoadmapPlanning>,
    /// The epic dependency map, on a live roadmap that has it attached
    /// ([`Roadmap::with_dependencies`]), for the Markdown and HTML exports.
    #[serde(skip)]
    pub dependencies: Option<DepMap>,
}

impl Roadmap {
    /// Builds the roadmap of `backlog` at `level`, ordered by `model`.
    pub fn build(
        backlog: &Backlog,
        model: Model,
        level: Level,
        generated: DateTime<Utc>,
    ) -> Roadmap {
        let mut lanes: Vec<Column> = Lane::ALL
            .iter()
            .map(|&lane| Column {
                lane,
                cards: Vec::new(),
            })
            .collect();
        let mut unplanned = Vec::new();
        for item in backlog.items_of(level.kind()) {
            if !on_roadmap(backlog, item) {
                continue;
            }
            let card = build_card(backlog, item, level, model);
            match card.lane {
                Some(l) => lanes[lane_index(l)].cards.push(card),
                None => unplanned.push(card),
            }
        }
        let mut roadmap = Roadmap {
            generated,
            model,
            level,
            lanes,
            unplanned,
            planning: None,
            dependencies: None,
        };
        roadmap.sort();
        roadmap
    }

    /// The roadmap with the planning figures attached: the capacity line
    /// and the Now and Next epics' 85 % dates.
    pub fn with_planning(mut self, planning: &Planning) -> Roadmap {
        self.planning = Some(RoadmapPlanning::of(planning));
        self
    }

    /// The roadmap with `map` (the epic dependency map) attached.
    pub fn with_dependencies(mut self, map: DepMap) -> Roadmap {
        self.dependencies = Some(map);
        self
    }

    /// The same roadmap ordered by another model. Cards carry both models'
    /// scores, so this equals building it with `model` in the first place.
    pub fn with_model(mut self, model: Model) -> Roadmap {
        self.model = model;
        for card in self.cards_mut() {
            card.score = card.score_for(model);
        }
        self.sort();
        self
    }

    fn sort(&mut self) {
        for c in &mut self.lanes {
            order::order_lane(&mut c.cards);
        }
        order::order_lane(&mut self.unplanned);
    }

    fn cards_mut(&mut self) -> impl Iterator<Item = &mut Card> {
        self.lanes
            .iter_mut()
            .flat_map(|c| c.cards.iter_mut())
            .chain(self.unplanned.iter_mut())
    }

    /// The cards of a lane (`None`: the unplanned ones), in order.
    pub fn cards_in(&self, lane: Option<Lane>) -> &[Card] {
        match lane {
            Some(l) => self.lanes.get(lane_index(l)).map_or(&[][..], |c| &c.cards),
            None => &self.unplanned,
        }
    }

    /// Now, Next, Later and unplanned (`None`), each with its cards.
    pub fn groups(&self) -> impl Iterator<Item = (Option<Lane>, &[Card])> {
        [Some(Lane::Now), Some(Lane::Next), Some(Lane::Later), None]
            .into_iter()
            .map(|l| (l, self.cards_in(l)))
    }

    /// Every card: lane by lane, then the unplanned ones.
    pub fn cards(&self) -> impl Iterator<Item = &Card> {
        self.groups().flat_map(|(_, cards)| cards.iter())
    }

    /// Where a card is: its lane and its 0-based position there.
    pub fn locate(&self, key: Key) -> Option<(Option<Lane>, usize, &Card)> {
        self.groups().find_map(|(lane, cards)| {
            cards
                .iter()
                .position(|c| c.key == key)
                .map(|p| (lane, p, &cards[p]))
        })
    }

    pub fn len(&self) -> usize {
        self.cards().count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn lane_index(lane: Lane) -> usize {
    match lane {
        Lane::Now => 0,
        Lane::Next => 1,
        Lane::Later => 2,
    }
}

/// Visible, and neither it nor anything above it dropped.
fn on_roadmap(backlog: &Backlog, item: &Item) -> bool {
    !backlog.is_hidden(item) && !backlog.is_dropped(item)
}

/// The lane an item shows in on the roadmap.
fn lane_of(backlog: &Backlog, item: &Item) -> Option<Lane> {
    backlog.effective_lane(item)
}

fn build_card(backlog: &Backlog, item: &Item, level: Level, model: Model) -> Card {
    let initiative = backlog.initiative_of(item);
    let items = backlog.items();
    // The card's epics: itself, or the live epics below the initiative.
    // Their stories are counted from the backlog's per-epic totals (kept
    // current as stories change), so no story is visited here.
    let epic_positions: Vec<usize> = if item.kind() == Kind::Epic {
        backlog.position(item.key).into_iter().collect()
    } else {
        backlog
            .child_positions(item.key)
            .iter()
            .copied()
            .filter(|&c| {
                let f = backlog.facts_at(c);
                f.kind == Kind::Epic && f.status != Status::Dropped && !f.archived
            })
            .collect()
    };
    let mut epics = 0;
    let mut best_epic = [None::<f64>; 2];
    let (mut stories, mut stories_done, mut stories_unestimated) = (0, 0, 0);
    let (mut points_done, mut points_total) = (0.0f64, 0.0f64);
    let (mut criteria_met, mut criteria_total) = (0, 0);
    // The dependencies of the card's members: only they can warn.
    let mut deps: Vec<DepLink> = Vec::new();
    let links = |deps: &mut Vec<DepLink>, member: &Item| {
        deps.extend(member.depends_on.iter().map(|&on| DepLink {
            from: member.key,
            on,
            at: backlog.position(on),
        }));
    };
    if item.kind() != Kind::Epic {
        links(&mut deps, item);
    }
    for &n in &epic_positions {
        let member = &items[n];
        epics += 1;
        for (slot, m) in [Model::Rice, Model::Wsjf].into_iter().enumerate() {
            if let Some(v) = member.score(m) {
                best_epic[slot] = Some(match best_epic[slot] {
                    // `max_by(total_cmp)`: the later of equals wins.
                    Some(b) if b.total_cmp(&v) == std::cmp::Ordering::Greater => b,
                    _ => v,
                });
            }
        }
        links(&mut deps, member);
        if let Some(t) = backlog.story_totals(member.key) {
            stories += t.stories;
            stories_done += t.done;
            stories_unestimated += t.unestimated;
            points_done += t.points_done;
            points_total += t.points_total;
            criteria_met += t.criteria_met;
            criteria_total += t.criteria_total;
            deps.extend_from_slice(&t.deps);
        }
    }
    let best = |m: Model| {
        if level == Level::Epic {
            item.score(m)
        } else {
            best_epic[usize::from(m == Model::Wsjf)]
        }
    };
    let (rice, wsjf) = (best(Model::Rice), best(Model::Wsjf));
    let lane = lane_of(backlog, item);
    Card {
        key: item.key,
        title: item.title.clone(),
        initiative: initiative.map(|i| ItemRef {
            key: i.key,
            title: i.title.clone(),
        }),
        status: item.status,
        owner: item.owner.clone(),
        lane,
        lane_inherited: item.lane.is_none() && lane.is_some(),
        rank: item.rank,
        pinned: item.pinned,
        score: match model {
            Model::Rice => rice,
            Model::Wsjf => wsjf,
        },
        rice,
        wsjf,
        epics: (level == Level::Initiative).then_some(epics),
        stories,
        stories_done,
        stories_unestimated,
        // `+ 0.0`: an empty float sum is -0.0, which would print as `-0`.
        points_done: points_done + 0.0,
        points_total: points_total + 0.0,
        criteria_met,
        criteria_total,
        outcome: initiative.and_then(|i| i.outcome.clone()),
        metrics: initiative.map(|i| i.metrics.clone()).unwrap_or_default(),
        warnings: warnings(backlog, item, lane, level, &deps),
    }
}

fn warnings(
    backlog: &Backlog,
    item: &Item,
    lane: Option<Lane>,
    level: Level,
    deps: &[DepLink],
) -> Vec<Warning> {
    let mut out: Vec<Warning> = deps
        .iter()
        .filter_map(|d| warning(backlog, item, lane, level, d))
        .collect();
    out.sort_by_key(|w| (w.item, w.on));
    out.dedup_by_key(|w| (w.item, w.on));
    out
}

fn warning(
    backlog: &Backlog,
    card: &Item,
    lane: Option<Lane>,
    level: Level,
    link: &DepLink,
) -> Option<Warning> {
    let DepLink { from, on, at } = *link;
    // Read from the backlog's compact per-item facts and parent positions:
    // dependencies point anywhere, and visiting whole items at random is
    // what a roadmap of a big backlog would spend its time on.
    let who = || {
        if from == card.key {
            String::new()
        } else {
            format!("{from} ")
        }
    };
    let not_on = |why: &str, on_lane: Option<Lane>| Warning {
        item: from,
        on,
        reason: WarningReason::NotOnRoadmap,
        on_lane,
        message: format!(
            "{}depends on {on}, which is not on the roadmap ({why})",
            who()
        ),
    };
    let Some(dep) = at else {
        return Some(not_on("missing", None));
    };
    if backlog.facts_at(dep).status.is_finished() {
        return None;
    }
    let target = backlog.key_at(card_position(backlog, dep, level));
    if target == card.key {
        return None; // inside the card
    }
    if backlog.is_hidden_at(dep) {
        return Some(not_on("archived", None));
    }
    let dep_lane = backlog.effective_lane_at(dep);
    if is_dropped_at(backlog, dep) {
        return Some(not_on("dropped", dep_lane));
    }
    let Some(dep_lane) = dep_lane else {
        return Some(not_on("no lane", None));
    };
    let lane = lane?;
    if dep_lane <= lane {
        return None;
    }
    let via = if target == on {
        String::new()
    } else {
        format!("{target}, ")
    };
    Some(Warning {
        item: from,
        on,
        reason: WarningReason::LaterLane,
        on_lane: Some(dep_lane),
        message: format!("{}depends on {on} ({via}{dep_lane})", who()),
    })
}

/// The position of the item that stands for the item at `n` on a roadmap
/// of `level`: the item itself, or its epic / initiative.
fn card_position(backlog: &Backlog, n: usize, level: Level) -> usize {
    let mut cur = n;
    while backlog.facts_at(cur).kind > level.kind() {
        match backlog.parent_at(cur) {
            Some(p) => cur = p,
            None => break,
        }
    }
    cur
}

/// [`Backlog::is_dropped`] by position.
fn is_dropped_at(backlog: &Backlog, n: usize) -> bool {
    let mut cur = Some(n);
    while let Some(c) = cur {
        if backlog.facts_at(c).status == Status::Dropped {
            return true;
        }
        cur = backlog.parent_at(c);
    }
    false
}
