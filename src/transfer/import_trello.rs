//! A Trello board's JSON export (board menu → Print, export and share →
//! Export as JSON): its cards become stories under one epic named after
//! the board (in the `Imported` initiative), or one per label
//! ([`EpicFrom::Label`]), or one per list in the lane the list's name says
//! ([`ListsAs::Lane`]); the list a card is in gives its status (a list
//! named like done → done, like doing → in progress, else draft,
//! reported); checklists become acceptance criteria with their
//! ticks; labels become labels; the first member becomes the owner; the
//! card's URL is kept as its external key. Archived cards, and cards in
//! archived lists, are skipped and counted.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::import_csv::status_word;
use super::import_notes::{LISTED_MAX, count, line_of, thousands};
use super::import_plan::{ImportError, Plan, Planned, Ref};
use super::import_stories::IMPORTED;
use crate::domain::user_story::{squash, story_from_text};
use crate::domain::{AcceptanceCriterion, Item, Key, Kind, Lane, Status};

/// What a board's lists mean (`--lists-as`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListsAs {
    /// The list a card is in gives its status (the default).
    #[default]
    Status,
    /// Each list becomes an epic, in the lane its name says (Now, Next,
    /// Later).
    Lane,
}

/// Which epic a card goes into (`--epic-from`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EpicFrom {
    /// One epic named after the board (the default).
    #[default]
    Board,
    /// An epic per label (the card's first); cards without one go into
    /// the board's epic.
    Label,
}

/// How a board is read.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// An existing epic for every card (`--epic KEY`).
    pub epic: Option<Key>,
    pub lists_as: ListsAs,
    pub epic_from: EpicFrom,
}

#[derive(Debug, Deserialize)]
struct Board {
    name: String,
    #[serde(default)]
    desc: String,
    #[serde(default)]
    lists: Vec<List>,
    cards: Vec<Card>,
    #[serde(default)]
    checklists: Vec<Checklist>,
    #[serde(default)]
    members: Vec<Member>,
}

#[derive(Debug, Deserialize)]
struct List {
    id: String,
    name: String,
    #[serde(default)]
    closed: bool,
}

#[derive(Debug, Deserialize)]
struct Card {
    id: String,
    name: String,
    #[serde(default)]
    desc: String,
    #[serde(default)]
    closed: bool,
    #[serde(rename = "idList", default)]
    id_list: String,
    #[serde(default)]
    labels: Vec<Label>,
    #[serde(rename = "idMembers", default)]
    id_members: Vec<String>,
    #[serde(rename = "shortUrl", default)]
    short_url: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    pos: f64,
}

#[derive(Debug, Deserialize)]
struct Label {
    #[serde(default)]
    name: String,
    #[serde(default)]
    color: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Checklist {
    #[serde(rename = "idCard")]
    id_card: String,
    #[serde(default)]
    pos: f64,
    #[serde(rename = "checkItems", default)]
    check_items: Vec<CheckItem>,
}

#[derive(Debug, Deserialize)]
struct CheckItem {
    name: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    pos: f64,
}

#[derive(Debug, Deserialize)]
struct Member {
    id: String,
    #[serde(rename = "fullName", default)]
    full_name: String,
    #[serde(default)]
    username: String,
}

/// How one list's cards were read.
struct ListSeen {
    name: String,
    status: Status,
    known: bool,
    cards: usize,
}

/// Plans the import of a Trello board export.
pub fn plan(
    file: &str,
    text: &str,
    opts: &Options,
    now: DateTime<Utc>,
) -> Result<Plan, ImportError> {
    let board: Board = serde_json::from_str(text).map_err(|e| {
        ImportError::at(
            file,
            e.line().max(1),
            format!("not a Trello board export as expected: {e}"),
        )
    })?;
    let lists: HashMap<&str, &List> = board.lists.iter().map(|l| (l.id.as_str(), l)).collect();
    let members: HashMap<&str, &Member> =
        board.members.iter().map(|m| (m.id.as_str(), m)).collect();
    let mut checklists: HashMap<&str, Vec<&Checklist>> = HashMap::new();
    for c in &board.checklists {
        checklists.entry(c.id_card.as_str()).or_default().push(c);
    }

    let mut plan = Plan {
        show_mapping: false,
        ..Plan::default()
    };
    let board_title = {
        let t = squash(&board.name);
        if t.is_empty() {
            "Trello board".to_string()
        } else {
            t
        }
    };
    let mut epics = Epics {
        file: file.to_string(),
        existing: opts.epic,
        initiative: None,
        made: HashMap::new(),
        now,
    };
    // Cards in board order: by list (as the board lists them), then by
    // their position in the list.
    let list_order: HashMap<&str, usize> = board
        .lists
        .iter()
        .enumerate()
        .map(|(i, l)| (l.id.as_str(), i))
        .collect();
    let mut cards: Vec<&Card> = board.cards.iter().collect();
    cards.sort_by(|a, b| {
        let la = list_order
            .get(a.id_list.as_str())
            .copied()
            .unwrap_or(usize::MAX);
        let lb = list_order
            .get(b.id_list.as_str())
            .copied()
            .unwrap_or(usize::MAX);
        la.cmp(&lb).then(a.pos.total_cmp(&b.pos))
    });

    let mut seen: Vec<ListSeen> = Vec::new();
    let mut archived = 0;
    let mut criteria = 0;
    for card in cards {
        let list = lists.get(card.id_list.as_str());
        if card.closed || list.is_some_and(|l| l.closed) {
            archived += 1;
            continue;
        }
        let list_name = list.map_or("(no list)", |l| l.name.as_str());
        // With lists as lanes a list named like a status still gives it
        // ("Done" → done); the others leave the card a draft.
        let (status, known) = list_status(list_name);
        match seen.iter_mut().find(|s| s.name == list_name) {
            Some(s) => s.cards += 1,
            None => seen.push(ListSeen {
                name: list_name.to_string(),
                status,
                known,
                cards: 1,
            }),
        }
        let at = |e: String| {
            let line = line_of(text, &card.id);
            ImportError::at(file, line, format!("card “{}”: {e}", squash(&card.name)))
        };
        let name = squash(&card.name);
        if name.is_empty() {
            return Err(at("the card has no name".to_string()));
        }
        let mut item = story_from_text(&name, now).map_err(at)?.item;
        item.description = card.desc.trim().to_string();
        item.status = status;
        item.labels = card
            .labels
            .iter()
            .filter_map(|l| {
                let n = l.name.trim();
                if n.is_empty() {
                    l.color.clone()
                } else {
                    Some(n.replace(char::is_whitespace, "-"))
                }
            })
            .collect();
        item.labels.dedup();
        item.owner = card
            .id_members
            .iter()
            .filter_map(|m| members.get(m.as_str()))
            .map(|m| {
                if m.full_name.trim().is_empty() {
                    m.username.clone()
                } else {
                    m.full_name.trim().to_string()
                }
            })
            .find(|s| !s.is_empty());
        let mut lists_of_card = checklists.remove(card.id.as_str()).unwrap_or_default();
        lists_of_card.sort_by(|a, b| a.pos.total_cmp(&b.pos));
        for c in lists_of_card {
            let mut items: Vec<&CheckItem> = c.check_items.iter().collect();
            items.sort_by(|a, b| a.pos.total_cmp(&b.pos));
            for ci in items {
                let text = squash(&ci.name);
                if !text.is_empty() {
                    item.criteria.push(AcceptanceCriterion {
                        text,
                        done: ci.state == "complete",
                    });
                    criteria += 1;
                }
            }
        }
        item.source = Some("trello".to_string());
        item.external_key = card
            .short_url
            .clone()
            .or_else(|| card.url.clone())
            .or_else(|| Some(card.id.clone()));
        let epic_ref = match (opts.lists_as, opts.epic_from) {
            (ListsAs::Lane, _) => epics.get(&mut plan, list_name, list_lane(list_name), "")?,
            (_, EpicFrom::Label) => match item.labels.first() {
                Some(l) => epics.get(&mut plan, &l.clone(), None, "")?,
                None => epics.get(&mut plan, &board_title, None, &board.desc)?,
            },
            (_, EpicFrom::Board) => epics.get(&mut plan, &board_title, None, &board.desc)?,
        };
        let mut p = Planned::new(item, Some(epic_ref), None);
        p.origin = p.item.external_key.clone();
        plan.push(p);
    }
    if plan.items.iter().all(|p| p.kind() != Kind::Story) {
        return Err(ImportError::whole(
            file,
            format!(
                "the Trello board “{}” has no open cards to import ({} archived)",
                board.name, archived
            ),
        ));
    }
    plan.note(lists_note(&seen, opts.lists_as));
    if criteria > 0 {
        plan.note(format!(
            "{} from checklists, with their ticks",
            count(criteria, "acceptance criterion", "acceptance criteria")
        ));
    }
    if archived > 0 {
        plan.note(format!(
            "skipped {} (archived, or in an archived list)",
            count(archived, "card", "cards")
        ));
    }
    Ok(plan)
}

/// A list's name as a lane: a word now, next or later in it, any case
/// ("Now", "Up next", "Later / icebox"), else none.
fn list_lane(name: &str) -> Option<Lane> {
    name.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .find_map(|w| w.parse::<Lane>().ok())
}

/// The epics cards go into, made as they are first needed (in the
/// `Imported` initiative, merged with an epic of that title there), or
/// `--epic`.
struct Epics {
    file: String,
    existing: Option<Key>,
    initiative: Option<usize>,
    made: HashMap<String, Ref>,
    now: DateTime<Utc>,
}

impl Epics {
    fn get(
        &mut self,
        plan: &mut Plan,
        title: &str,
        lane: Option<Lane>,
        description: &str,
    ) -> Result<Ref, ImportError> {
        if let Some(k) = self.existing {
            return Ok(Ref::Existing(k));
        }
        let title = match squash(title) {
            t if t.is_empty() => "Untitled".to_string(),
            t => t,
        };
        if let Some(r) = self.made.get(&title) {
            return Ok(*r);
        }
        let now = self.now;
        let ini = *self.initiative.get_or_insert_with(|| {
            let item = Item::new(Key::new(Kind::Initiative, 1), IMPORTED, None, now)
                .expect("a valid title");
            let mut p = Planned::new(item, None, None);
            p.reuse = true;
            plan.push(p)
        });
        let mut e = Item::new(
            Key::new(Kind::Epic, 1),
            &title,
            Some(Key::new(Kind::Initiative, 1)),
            now,
        )
        .map_err(|e| ImportError::whole(&self.file, format!("the epic “{title}”: {e}")))?;
        e.description = description.trim().to_string();
        e.lane = lane;
        let mut p = Planned::new(e, Some(Ref::New(ini)), None);
        p.reuse = true;
        let r = Ref::New(plan.push(p));
        self.made.insert(title, r);
        Ok(r)
    }
}

/// A list's name onto a status: done-like, doing-like, ready-like, else
/// draft (unknown).
fn list_status(name: &str) -> (Status, bool) {
    let (status, known) = status_word(name);
    if known {
        return (status, true);
    }
    let lower = name.to_lowercase();
    if ["done", "complete", "shipped", "released", "finished"]
        .iter()
        .any(|w| lower.contains(w))
    {
        (Status::Done, true)
    } else if ["doing", "progress", "review", "testing", "wip"]
        .iter()
        .any(|w| lower.contains(w))
    {
        (Status::InProgress, true)
    } else if lower.contains("ready") {
        (Status::Ready, true)
    } else {
        (Status::Draft, false)
    }
}

fn lists_note(seen: &[ListSeen], lists_as: ListsAs) -> String {
    let shown: Vec<String> = seen
        .iter()
        .take(LISTED_MAX)
        .map(|s| {
            let name = squash(&s.name);
            match lists_as {
                ListsAs::Status => {
                    let unknown = if s.known { "" } else { ", unknown list" };
                    format!("{name} → {}{unknown} ({})", s.status, s.cards)
                }
                ListsAs::Lane => {
                    let lane = match list_lane(&s.name) {
                        Some(l) => format!("in lane {l}"),
                        None => "without a lane".to_string(),
                    };
                    let status = if s.known {
                        format!(", cards {}", s.status)
                    } else {
                        String::new()
                    };
                    format!("{name} → an epic {lane}{status} ({})", s.cards)
                }
            }
        })
        .collect();
    let more = seen.len().saturating_sub(LISTED_MAX);
    let rest = if more > 0 {
        format!(", … and {} more", thousands(more))
    } else {
        String::new()
    };
    format!("lists: {}{rest}", shown.join(", "))
}
