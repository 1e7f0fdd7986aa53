//! The item: initiative, epic or story, with every field of the data model
//! (docs/ARCHITECTURE.md, "Data model").

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::error::DomainError;
use super::insight::InsightInfo;
use super::key::{Key, Kind};
use super::scoring::{Model, RiceInputs, WsjfInputs};
use super::status::{Lane, Status};
use super::text::clean_title;

/// One acceptance criterion of a story: text (Given/When/Then welcome) and
/// whether it has been met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptanceCriterion {
    pub text: String,
    #[serde(default)]
    pub done: bool,
}

/// A success metric of an initiative, with where it has stood over time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metric {
    pub name: String,
    #[serde(default)]
    pub baseline: String,
    #[serde(default)]
    pub target: String,
    /// Oldest first; absent from the stored state when there are none, so
    /// states written before check-ins existed read and write back as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checkins: Vec<CheckIn>,
}

/// Where a metric stood on a date: the value as typed (`33`, `7 min`, or
/// text on a metric without numbers) and an optional note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckIn {
    pub date: NaiveDate,
    pub value: String,
    #[serde(default)]
    pub note: String,
}

/// A dated entry in an item's decision log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub date: NaiveDate,
    pub decision: String,
    #[serde(default)]
    pub rationale: String,
}

/// An initiative, epic or story. Fields that do not apply to a kind stay
/// empty (an initiative has no points, a story no lane).
///
/// Its serde form is the item's full stored state (used for history, undo
/// and the lossless export); the CLI's `--json` view is built in `cli::json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub key: Key,
    pub parent: Option<Key>,
    pub title: String,
    pub description: String,
    pub status: Status,
    pub lane: Option<Lane>,
    pub owner: Option<String>,
    pub labels: Vec<String>,
    pub rank: i64,
    pub archived: bool,
    // initiative
    pub outcome: Option<String>,
    pub hypothesis: Option<String>,
    pub metrics: Vec<Metric>,
    // story
    pub persona: Option<String>,
    pub goal: Option<String>,
    pub benefit: Option<String>,
    pub points: Option<f64>,
    #[serde(rename = "acceptance_criteria")]
    pub criteria: Vec<AcceptanceCriterion>,
    // epic and story
    #[serde(rename = "rice_inputs")]
    pub rice: RiceInputs,
    #[serde(rename = "wsjf_inputs")]
    pub wsjf: WsjfInputs,
    pub depends_on: Vec<Key>,
    pub decisions: Vec<Decision>,
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    /// Bumped by every stored change; a write naming an older version is
    /// refused as stale.
    pub version: i64,
    /// The key of the item in the tool it was imported from (`ABC-123`, a
    /// Trello card's URL, a taskwarrior uuid): a second import of that
    /// tool's export updates this item instead of adding another.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_key: Option<String>,
    /// Where an insight came from (customer, segment, source, URL, date);
    /// `None` on every other kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insight: Option<InsightInfo>,
    /// The tool the item was imported from (`jira`, `azure-devops`,
    /// `linear`, `polarion`, `github`, `trello`, `taskwarrior`, `csv`,
    /// `text`), kept beside its external key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The place the PM put the card at by hand in its roadmap lane
    /// (1 = first), which wins over the score; `None`: ordered by score.
    /// Cleared when the item changes lane.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinned: Option<u32>,
}

impl Item {
    /// A fresh item with only key, title and parent set.
    pub fn new(
        key: Key,
        title: &str,
        parent: Option<Key>,
        now: DateTime<Utc>,
    ) -> Result<Item, DomainError> {
        key.kind.check_parent(parent)?;
        let mut item = Item::blank(key, parent, now);
        item.title = clean_title("title", title)?;
        Ok(item)
    }

    /// An item with only key and parent, every field empty and no title:
    /// the start of [`Item::new`], and a stand-in where only the key is
    /// known. Not valid to store until it has a title.
    pub fn blank(key: Key, parent: Option<Key>, now: DateTime<Utc>) -> Item {
        Item {
            key,
            parent,
            title: String::new(),
            description: String::new(),
            status: Status::Draft,
            lane: None,
            owner: None,
            labels: Vec::new(),
            rank: 0,
            archived: false,
            outcome: None,
            hypothesis: None,
            metrics: Vec::new(),
            persona: None,
            goal: None,
            benefit: None,
            points: None,
            criteria: Vec::new(),
            rice: RiceInputs::default(),
            wsjf: WsjfInputs::default(),
            depends_on: Vec::new(),
            decisions: Vec::new(),
            created: now,
            updated: now,
            version: 0,
            external_key: None,
            insight: None,
            source: None,
            pinned: None,
        }
    }

    pub fn kind(&self) -> Kind {
        self.key.kind
    }

    pub fn rice_score(&self) -> Option<f64> {
        self.rice.score()
    }

    pub fn wsjf_score(&self) -> Option<f64> {
        self.wsjf.score()
    }

    pub fn score(&self, model: Model) -> Option<f64> {
        match model {
            Model::Rice => self.rice_score(),
            Model::Wsjf => self.wsjf_score(),
        }
    }

    pub fn explain(&self, model: Model) -> String {
        match model {
            Model::Rice => self.rice.explain(),
            Model::Wsjf => self.wsjf.explain(),
        }
    }

    /// "As a dispatcher, I want …, so that …" when persona and goal are set.
    pub fn user_story_sentence(&self) -> Option<String> {
        let persona = self.persona.as_deref()?;
        let goal = self.goal.as_deref()?;
        let article = indefinite_article(persona);
        let mut s = format!("As {article} {persona}, I want {goal}");
        if let Some(b) = self.benefit.as_deref() {
            s.push_str(", so that ");
            s.push_str(b);
        }
        s.push('.');
        Some(s)
    }

    pub fn criteria_done(&self) -> usize {
        self.criteria.iter().filter(|c| c.done).count()
    }

    /// Sets the title, validated.
    pub fn set_title(&mut self, title: &str) -> Result<(), DomainError> {
        self.title = clean_title("title", title)?;
        Ok(())
    }

    /// Pins the card to a place in its roadmap lane (1 = first), over its
    /// score, or (`None`) puts it back in score order. Only initiatives
    /// and epics are on the roadmap.
    pub fn set_pinned(&mut self, place: Option<u32>) -> Result<(), DomainError> {
        if place.is_some() && !matches!(self.kind(), Kind::Initiative | Kind::Epic) {
            return Err(DomainError::rule(format!(
                "{} is not on the roadmap: only initiatives and epics can be pinned",
                self.key
            )));
        }
        if place == Some(0) {
            return Err(DomainError::invalid(
                "pinned place",
                "0",
                "1 for the first place, 2, … or none",
            ));
        }
        self.pinned = place;
        Ok(())
    }

    /// Sets the lane; stories have none. A new lane drops the place the
    /// card was pinned at in the old one.
    pub fn set_lane(&mut self, lane: Option<Lane>) -> Result<(), DomainError> {
        if self.kind() == Kind::Story && lane.is_some() {
            return Err(DomainError::rule(format!(
                "{} is a story: lanes belong to initiatives and epics",
                self.key
            )));
        }
        if self.lane != lane {
            self.pinned = None;
        }
        self.lane = lane;
        Ok(())
    }

    /// Places the item under `parent` at `rank` (last among its new
    /// siblings, as the caller counts them). The parent must be of the kind
    /// the item belongs under: an epic under an initiative, a story under
    /// an epic. Returns whether it moved (it may already be there, and then
    /// keeps its rank).
    pub fn place_under(&mut self, parent: Key, rank: i64) -> Result<bool, DomainError> {
        self.can_move_under(parent)?;
        if self.parent == Some(parent) {
            return Ok(false);
        }
        self.parent = Some(parent);
        self.rank = rank;
        Ok(true)
    }

    /// Refuses a parent of the wrong kind (see [`Item::place_under`]).
    pub fn can_move_under(&self, parent: Key) -> Result<(), DomainError> {
        let k = self.key;
        let expected = k
            .kind
            .parent_kind()
            .ok_or_else(|| DomainError::rule(format!("{k} is an initiative: it has no parent")))?;
        if parent.kind != expected {
            return Err(DomainError::rule(format!(
                "{k} can only move under {}, and {parent} is {}",
                super::text::with_article(expected),
                super::text::with_article(parent.kind)
            )));
        }
        Ok(())
    }

    /// Archives the item (hiding it and everything under it); refuses one
    /// already archived.
    pub fn archive(&mut self) -> Result<(), DomainError> {
        if self.archived {
            return Err(DomainError::rule(format!(
                "{} is already archived",
                self.key
            )));
        }
        self.archived = true;
        Ok(())
    }

    /// Sets the story-point estimate; stories only, ≥ 0.
    pub fn set_points(&mut self, points: Option<f64>) -> Result<(), DomainError> {
        self.require_kind(Kind::Story, "points")?;
        if let Some(p) = points
            && (!p.is_finite() || p < 0.0)
        {
            return Err(DomainError::invalid(
                "points",
                p,
                "a number ≥ 0 (e.g. 1, 2, 3, 5, 8, 13)",
            ));
        }
        if let Some(p) = points
            && p > super::parse::MAX_POINTS
        {
            return Err(DomainError::invalid(
                "points",
                p,
                super::parse::POINTS_AT_MOST,
            ));
        }
        self.points = points;
        Ok(())
    }

    /// Fails unless this item is of `kind`, naming the field being set.
    pub fn require_kind(&self, kind: Kind, field: &str) -> Result<(), DomainError> {
        if self.kind() != kind {
            return Err(DomainError::rule(format!(
                "{} is {}: {field} applies to {} only",
                self.key,
                super::text::with_article(self.kind()),
                kind.plural()
            )));
        }
        Ok(())
    }

    /// Fails for initiatives, which carry no scores.
    pub fn require_scorable(&self) -> Result<(), DomainError> {
        if self.kind() == Kind::Initiative {
            return Err(DomainError::rule(format!(
                "{} is an initiative: score its epics and stories instead",
                self.key
            )));
        }
        Ok(())
    }

    /// Index (0-based) of criterion number `n` (1-based), or an error.
    pub fn criterion_index(&self, n: usize) -> Result<usize, DomainError> {
        if n == 0 || n > self.criteria.len() {
            let expected = if self.criteria.is_empty() {
                format!("{} has no acceptance criteria yet", self.key)
            } else {
                format!("a number from 1 to {}", self.criteria.len())
            };
            return Err(DomainError::Invalid {
                field: "criterion".into(),
                value: n.to_string(),
                expected,
            });
        }
        Ok(n - 1)
    }

    pub fn add_criterion(&mut self, text: &str) -> Result<(), DomainError> {
        self.require_kind(Kind::Story, "acceptance criteria")?;
        let text = clean_title("criterion", text)?;
        self.criteria
            .push(AcceptanceCriterion { text, done: false });
        Ok(())
    }
}

/// "a" or "an" before `phrase`, by how its first word is spoken: "a user",
/// "an hour", "an HR manager", "a UI designer".
pub fn indefinite_article(phrase: &str) -> &'static str {
    let word: String = phrase
        .split_whitespace()
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    let Some(first) = word.chars().next() else {
        return "a";
    };
    // Short initialisms are spelled out: the letter's name decides.
    if word.chars().count() <= 3 && word.chars().all(|c| c.is_ascii_uppercase()) {
        return if "AEFHILMNORSX".contains(first) {
            "an"
        } else {
            "a"
        };
    }
    let lower = word.to_lowercase();
    const SOUNDS_CONSONANT: &[&str] = &[
        "uni", "use", "usa", "usu", "uti", "ure", "uro", "ubi", "eu", "ewe", "one", "once",
    ];
    const SOUNDS_VOWEL: &[&str] = &["hour", "honest", "honor", "honour", "heir"];
    if SOUNDS_CONSONANT.iter().any(|p| lower.starts_with(p)) {
        "a"
    } else if SOUNDS_VOWEL.iter().any(|p| lower.starts_with(p))
        || "aeiou".contains(lower.chars().next().unwrap_or('x'))
    {
        "an"
    } else {
        "a"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story() -> Item {
        let now = DateTime::<Utc>::UNIX_EPOCH;
        Item::new(
            Key::new(Kind::Story, 1),
            "Pay by card",
            Some(Key::new(Kind::Epic, 1)),
            now,
        )
        .unwrap()
    }

    /// One rule for moving and archiving, used by the CLI (through ops)
    /// and by the TUI alike.
    #[test]
    fn moving_keeps_the_hierarchy_and_archiving_refuses_twice() {
        let mut s = story();
        let err = s.place_under(Key::new(Kind::Initiative, 2), 1).unwrap_err();
        assert_eq!(
            err.to_string(),
            "S-1 can only move under an epic, and I-2 is an initiative"
        );
        assert_eq!(s.place_under(Key::new(Kind::Epic, 1), 9), Ok(false));
        assert_eq!(s.rank, 0, "already there: rank kept");
        assert_eq!(s.place_under(Key::new(Kind::Epic, 2), 4), Ok(true));
        assert_eq!((s.parent, s.rank), (Some(Key::new(Kind::Epic, 2)), 4));
        s.archive().unwrap();
        assert!(s.archived);
        assert_eq!(
            s.archive().unwrap_err().to_string(),
            "S-1 is already archived"
        );
    }

    #[test]
    fn parent_kinds_are_enforced() {
        let now = DateTime::<Utc>::UNIX_EPOCH;
        let s = Key::new(Kind::Story, 1);
        assert!(Item::new(s, "x", Some(Key::new(Kind::Initiative, 1)), now).is_err());
        assert!(Item::new(s, "x", None, now).is_err());
        assert!(Item::new(Key::new(Kind::Initiative, 1), "x", Some(s), now).is_err());
    }

    #[test]
    fn user_story_sentence_reads_right() {
        let mut s = story();
        assert_eq!(s.user_story_sentence(), None);
        s.persona = Some("admin".into());
        s.goal = Some("reset passwords".into());
        assert_eq!(
            s.user_story_sentence().unwrap(),
            "As an admin, I want reset passwords."
        );
        s.persona = Some("dispatcher".into());
        s.benefit = Some("techs stay busy".into());
        assert_eq!(
            s.user_story_sentence().unwrap(),
            "As a dispatcher, I want reset passwords, so that techs stay busy."
        );
    }

    #[test]
    fn articles_follow_the_sound() {
        for (persona, article) in [
            ("user", "a"),
            ("User", "a"),
            ("university librarian", "a"),
            ("undergraduate", "an"),
            ("OlderPerson", "an"),
            ("archivist", "an"),
            ("UI designer", "a"),
            ("HR manager", "an"),
            ("PI", "a"),
            ("FABS user", "a"),
            ("hourly worker", "an"),
            ("", "a"),
        ] {
            assert_eq!(indefinite_article(persona), article, "{persona}");
        }
    }

    #[test]
    fn criteria_numbers_count_from_one() {
        let mut s = story();
        assert!(
            s.criterion_index(1)
                .unwrap_err()
                .to_string()
                .contains("no acceptance criteria")
        );
        s.add_criterion("Given x, when y, then z").unwrap();
        assert_eq!(s.criterion_index(1).unwrap(), 0);
        assert!(s.criterion_index(0).is_err());
        assert!(
            s.criterion_index(2)
                .unwrap_err()
                .to_string()
                .contains("1 to 1")
        );
    }

    #[test]
    fn points_and_lanes_apply_to_their_kinds() {
        let mut s = story();
        assert!(s.set_points(Some(-1.0)).is_err());
        assert!(s.set_points(Some(f64::NAN)).is_err());
        // Found by the second hostile pass: 1.7e308 points made the
        // roadmap's totals `inf`.
        assert!(s.set_points(Some(1.7e308)).is_err());
        assert!(s.set_points(Some(1_000_001.0)).is_err());
        s.set_points(Some(1_000_000.0)).unwrap();
        s.set_points(Some(5.0)).unwrap();
        assert!(s.set_lane(Some(Lane::Now)).is_err());
        assert!(s.require_scorable().is_ok());
    }
}
