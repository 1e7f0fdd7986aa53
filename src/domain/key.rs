//! Item keys: `I-3`, `E-12`, `S-104`, and `F-7` for a customer insight. A
//! kind letter and a number that is never reused.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::error::DomainError;

/// The three kinds of item, in hierarchy order, and the customer insight
/// (evidence linked to items, outside the hierarchy: no parent, no
/// children, never in a tree, ranking or roadmap).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Initiative,
    Epic,
    Story,
    Insight,
}

impl Kind {
    /// The kinds of the hierarchy (what lists, trees and rankings show).
    pub const ALL: [Kind; 3] = [Kind::Initiative, Kind::Epic, Kind::Story];
    /// Every kind with a key sequence: the hierarchy's and insights.
    pub const KEYED: [Kind; 4] = [Kind::Initiative, Kind::Epic, Kind::Story, Kind::Insight];

    /// The key letter: `I`, `E` or `S`.
    pub fn letter(self) -> char {
        match self {
            Kind::Initiative => 'I',
            Kind::Epic => 'E',
            Kind::Story => 'S',
            Kind::Insight => 'F',
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Initiative => "initiative",
            Kind::Epic => "epic",
            Kind::Story => "story",
            Kind::Insight => "insight",
        }
    }

    /// The plural: `initiatives`, `epics`, `stories`.
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Initiative => "initiatives",
            Kind::Epic => "epics",
            Kind::Story => "stories",
            Kind::Insight => "insights",
        }
    }

    /// The kind an item of this kind must have as parent, if any.
    pub fn parent_kind(self) -> Option<Kind> {
        match self {
            Kind::Initiative | Kind::Insight => None,
            Kind::Epic => Some(Kind::Initiative),
            Kind::Story => Some(Kind::Epic),
        }
    }

    /// Checks that an item of this kind may have `parent`: initiatives
    /// none, epics an initiative, stories an epic.
    pub fn check_parent(self, parent: Option<Key>) -> Result<(), DomainError> {
        match (self.parent_kind(), parent) {
            (None, None) => Ok(()),
            (Some(pk), Some(p)) if p.kind == pk => Ok(()),
            (Some(pk), Some(p)) => Err(DomainError::rule(format!(
                "{p} is not {} {pk}: {} {self} belongs under {} {pk}",
                article(pk),
                article(self),
                article(pk)
            ))),
            (Some(pk), None) => Err(DomainError::rule(format!(
                "{} {self} needs a parent {pk}",
                capitalised_article(self)
            ))),
            (None, Some(_)) => Err(DomainError::rule(format!(
                "{} {self} has no parent",
                article(self)
            ))),
        }
    }

    /// The kind of this kind's children, if any.
    pub fn child_kind(self) -> Option<Kind> {
        match self {
            Kind::Initiative => Some(Kind::Epic),
            Kind::Epic => Some(Kind::Story),
            Kind::Story | Kind::Insight => None,
        }
    }

    /// Whether this kind belongs to the hierarchy (not an insight).
    pub fn in_hierarchy(self) -> bool {
        self != Kind::Insight
    }

    pub fn from_letter(c: char) -> Option<Kind> {
        match c.to_ascii_uppercase() {
            'I' => Some(Kind::Initiative),
            'E' => Some(Kind::Epic),
            'S' => Some(Kind::Story),
            'F' => Some(Kind::Insight),
            _ => None,
        }
    }
}

/// `a` or `an` before a kind's name.
fn article(kind: Kind) -> &'static str {
    if kind == Kind::Story { "a" } else { "an" }
}

fn capitalised_article(kind: Kind) -> &'static str {
    if kind == Kind::Story { "A" } else { "An" }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "initiative" | "initiatives" | "i" => Ok(Kind::Initiative),
            "epic" | "epics" | "e" => Ok(Kind::Epic),
            "story" | "stories" | "s" => Ok(Kind::Story),
            "insight" | "insights" | "f" => Ok(Kind::Insight),
            _ => Err(DomainError::invalid(
                "kind",
                s,
                "one of initiative, epic, story",
            )),
        }
    }
}

impl Serialize for Kind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// An item key such as `S-104`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub kind: Kind,
    pub num: i64,
}

impl Key {
    /// The highest key number a backlog holds (15 digits: exact in every
    /// JSON reader, and its successor still fits the key sequence).
    pub const MAX_NUM: i64 = 999_999_999_999_999;

    pub fn new(kind: Kind, num: i64) -> Key {
        Key { kind, num }
    }
}

impl Key {
    /// The key as [`Display`](fmt::Display) writes it (`S-104`), pushed
    /// onto `out` without the formatter (a table of 10,000 keys).
    pub fn push_onto(self, out: &mut String) {
        out.push(self.kind.letter());
        out.push('-');
        super::number::push_int(out, self.num);
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.kind.letter(), self.num)
    }
}

impl FromStr for Key {
    type Err = DomainError;

    /// Accepts `S-104`, `s-104` and `S104`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let bad = || DomainError::BadKey(s.to_string());
        let mut chars = t.chars();
        let kind = chars.next().and_then(Kind::from_letter).ok_or_else(bad)?;
        let rest = chars.as_str();
        let digits = rest.strip_prefix('-').unwrap_or(rest);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let num: i64 = digits.parse().map_err(|_| bad())?;
        if num < 1 {
            return Err(bad());
        }
        Ok(Key { kind, num })
    }
}

impl Serialize for Key {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A fast hasher for maps keyed by [`Key`] (a kind and a number): the
/// standard SipHash guards against adversarial keys, which item keys are
/// not, and costs more than the lookups it serves. FxHash's multiply-rotate.
#[derive(Default, Clone, Copy)]
pub struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }
    fn write_isize(&mut self, n: isize) {
        self.write_u64(n as u64);
    }
    fn write_i64(&mut self, n: i64) {
        self.write_u64(n as u64);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// A `HashMap` keyed by item keys, with [`KeyHasher`].
pub type KeyMap<V> = std::collections::HashMap<Key, V, std::hash::BuildHasherDefault<KeyHasher>>;
/// A `HashSet` of item keys, with [`KeyHasher`].
pub type KeySet = std::collections::HashSet<Key, std::hash::BuildHasherDefault<KeyHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_pushed_is_the_key_displayed() {
        for kind in [Kind::Initiative, Kind::Epic, Kind::Story, Kind::Insight] {
            for num in [1, 9, 10, 104, 99_999, i64::MAX] {
                let key = Key::new(kind, num);
                let mut out = String::from("|");
                key.push_onto(&mut out);
                assert_eq!(out, format!("|{key}"));
            }
        }
    }

    #[test]
    fn parses_and_prints() {
        let k: Key = "S-104".parse().unwrap();
        assert_eq!(k, Key::new(Kind::Story, 104));
        assert_eq!(k.to_string(), "S-104");
        assert_eq!("e12".parse::<Key>().unwrap().to_string(), "E-12");
        assert_eq!(" i-3 ".parse::<Key>().unwrap().to_string(), "I-3");
    }

    #[test]
    fn rejects_garbage() {
        for s in [
            "",
            "S",
            "S-",
            "X-1",
            "S-0",
            "S--1",
            "S-1a",
            "S-99999999999999999999",
            "-1",
        ] {
            assert!(s.parse::<Key>().is_err(), "{s} should not parse");
        }
    }

    #[test]
    fn parents_are_checked_with_readable_messages() {
        let k = |s: &str| s.parse::<Key>().unwrap();
        assert!(Kind::Story.check_parent(Some(k("E-1"))).is_ok());
        assert!(Kind::Initiative.check_parent(None).is_ok());
        let e = Kind::Epic.check_parent(None).unwrap_err().to_string();
        assert_eq!(e, "An epic needs a parent initiative");
        let e = Kind::Story
            .check_parent(Some(k("I-2")))
            .unwrap_err()
            .to_string();
        assert_eq!(e, "I-2 is not an epic: a story belongs under an epic");
        assert!(Kind::Initiative.check_parent(Some(k("I-1"))).is_err());
    }

    #[test]
    fn orders_by_kind_then_number() {
        let mut keys: Vec<Key> = ["S-2", "E-10", "S-10", "I-1", "E-9"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        keys.sort();
        let shown: Vec<String> = keys.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["I-1", "E-9", "E-10", "S-2", "S-10"]);
    }
}
