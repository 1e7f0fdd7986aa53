//! The user-story sentence, "As a ROLE, I want GOAL, so that BENEFIT.":
//! read from free text ([`parse_sentence`], [`story_from_text`]), its parts
//! cleaned when each comes on its own (a CSV cell, a form field:
//! [`clean_persona`], [`clean_goal`], [`clean_benefit`]), and a short title
//! made from its goal ([`title_from_goal`]). Tolerant of what real backlogs
//! hold: "I need", "I would like", "I should", "I don't want", missing
//! articles and commas, a so-that clause after a full stop; in story lists
//! also "Admin can add a patient" and "Patient wants to …"
//! ([`parse_list_line`], `role_first`).

use chrono::{DateTime, Utc};

use super::{Item, Key, Kind};

mod role_first;
#[cfg(test)]
mod tests;

pub use role_first::parse_list_line;

/// The parts of a user-story sentence. `goal` is what follows "I want",
/// verbatim (a leading "to " included), so that "As a {persona}, I want
/// {goal}, so that {benefit}." reads like the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub persona: Option<String>,
    pub goal: String,
    pub benefit: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verb {
    /// want, need, would like…: the goal follows as written.
    Want,
    /// can, am able to…: the goal is "to be able to …".
    Able,
    /// don't want…: the goal is "not to …" or "to avoid …".
    Not,
}

/// What may follow the role, lower-case, each ending in a space. Found at
/// a word start; the earliest wins, the longest at one position.
const MARKERS: &[(&str, Verb)] = &[
    ("i do not want ", Verb::Not),
    ("i don't want ", Verb::Not),
    ("i don\u{2019}t want ", Verb::Not),
    ("i dont want ", Verb::Not),
    ("i never want ", Verb::Not),
    ("i would not want ", Verb::Not),
    ("i wouldn't want ", Verb::Not),
    ("i do not need ", Verb::Not),
    ("i don't need ", Verb::Not),
    ("i would really like ", Verb::Want),
    ("i would like ", Verb::Want),
    ("i'd like ", Verb::Want),
    ("i\u{2019}d like ", Verb::Want),
    ("i would love ", Verb::Want),
    ("i'd love ", Verb::Want),
    ("i would want ", Verb::Want),
    ("i only want ", Verb::Want),
    ("i also want ", Verb::Want),
    ("i really want ", Verb::Want),
    ("i just want ", Verb::Want),
    ("i want ", Verb::Want),
    ("i need ", Verb::Want),
    ("i wish ", Verb::Want),
    ("i require ", Verb::Want),
    ("i would be able to ", Verb::Able),
    ("i'm able to ", Verb::Able),
    ("i\u{2019}m able to ", Verb::Able),
    ("i am able to ", Verb::Able),
    ("i should be able to ", Verb::Able),
    ("i must be able to ", Verb::Able),
    ("i can ", Verb::Able),
    ("i should ", Verb::Want),
    ("i must ", Verb::Want),
    ("i could ", Verb::Able),
    ("would like ", Verb::Want),
    ("want ", Verb::Want),
];

/// Runs of whitespace become one space; ends trimmed.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn at_word_start(lower: &str, p: usize) -> bool {
    p == 0 || lower[..p].ends_with([' ', ',', ';', '\t'])
}

/// Finds `needle` (lower-case) in `lower` at a word start, from `from`.
fn find_word(lower: &str, needle: &str, from: usize) -> Option<usize> {
    let mut start = from;
    while let Some(off) = lower.get(start..)?.find(needle) {
        let p = start + off;
        if at_word_start(lower, p) {
            return Some(p);
        }
        start = p + needle.len();
    }
    None
}

/// Parses "As a/an/the ROLE, I want …[, so that …]". `None` when the text
/// is not a user-story sentence.
pub fn parse_sentence(text: &str) -> Option<Sentence> {
    let t = squash(text);
    // ASCII lower-casing keeps byte offsets valid for `t`.
    let lower = t.to_ascii_lowercase();
    let mut role_start = lower.strip_prefix("as ").map(|_| 3)?;
    // "As as archivist" is a real typo.
    for article in ["an ", "a ", "the ", "as "] {
        if lower[role_start..].starts_with(article) {
            role_start += article.len();
            break;
        }
    }
    // The want comes before the benefit: the "I can" of "so that I can …"
    // is never read as the want.
    let before_benefit = benefit_start(&lower, role_start).map_or(lower.len(), |b| b.at);
    let (pos, marker, verb) = lower
        .char_indices()
        .skip_while(|(p, _)| *p < role_start)
        .take_while(|(p, _)| *p < before_benefit)
        .filter(|(p, _)| at_word_start(&lower, *p))
        .find_map(|(p, _)| {
            MARKERS
                .iter()
                .find(|(m, _)| lower[p..].starts_with(m))
                .map(|(m, v)| (p, *m, *v))
        })?;
    let persona = t[role_start..pos]
        .trim()
        .trim_end_matches([',', ';', ':', '-'])
        .trim();
    sentence(&t, &lower, Some(persona), pos + marker.len(), verb)
}

/// Where the benefit starts: "so that …", or "so I/we/they … " without
/// the "that"; `skip` is the length of its lead-in.
struct BenefitAt {
    at: usize,
    skip: usize,
}

fn benefit_start(lower: &str, from: usize) -> Option<BenefitAt> {
    std::iter::once(("so that", "so that".len()))
        .chain(
            ["so i ", "so we ", "so they ", "so you ", "so it "]
                .into_iter()
                .map(|m| (m, "so ".len())),
        )
        .filter_map(|(m, skip)| find_word(lower, m, from).map(|at| BenefitAt { at, skip }))
        .min_by_key(|b| b.at)
}

/// The sentence whose want starts at `rest_start` of `t` (`lower` its
/// ASCII lower case), read with `verb`.
pub(crate) fn sentence(
    t: &str,
    lower: &str,
    persona: Option<&str>,
    rest_start: usize,
    verb: Verb,
) -> Option<Sentence> {
    let (goal_part, benefit) = match benefit_start(lower, rest_start) {
        Some(BenefitAt { at, skip }) => {
            let b = t[at + skip..].trim().trim_start_matches([',', ':']).trim();
            // "so that that I can …" (a real typo) reads as "so that I can …".
            let b = if b.to_ascii_lowercase().starts_with("that ") {
                &b[5..]
            } else {
                b
            };
            (&t[rest_start..at], joined_clause(b))
        }
        None => (&t[rest_start..], None),
    };
    let goal = joined_clause(goal_part)?;
    let goal = match verb {
        Verb::Want => goal,
        Verb::Able => format!("to be able to {goal}"),
        Verb::Not => match goal.strip_prefix("to ") {
            Some(_) => format!("not {goal}"),
            None => format!("to avoid {goal}"),
        },
    };
    let persona = persona.map(str::trim).filter(|p| !p.is_empty());
    Some(Sentence {
        persona: persona.map(str::to_string),
        goal,
        benefit,
    })
}

/// A clause of a sentence without the punctuation that joined it to its
/// neighbours (and a dangling " and").
fn joined_clause(s: &str) -> Option<String> {
    let c = s
        .trim()
        .trim_end_matches(|c: char| ".,;-–—".contains(c) || c.is_whitespace())
        .trim();
    let c = c.strip_suffix(" and").unwrap_or(c).trim();
    (!c.is_empty()).then(|| c.to_string())
}

/// The longest a derived title gets, in characters.
pub const TITLE_MAX: usize = 70;

/// A short title from a goal: "to be able to view a list of sponsors" →
/// "View a list of sponsors". Capitalised, at most [`TITLE_MAX`]
/// characters, cut at a word.
pub fn title_from_goal(goal: &str) -> String {
    let mut g = goal.trim();
    let mut prefix = "";
    if let Some(rest) = g.strip_prefix("not to ") {
        g = rest;
        prefix = "Do not ";
    } else if let Some(rest) = g.strip_prefix("to avoid ") {
        g = rest;
        prefix = "Avoid ";
    }
    loop {
        let before = g;
        for lead in [
            "to be able to ",
            "be able to ",
            "able to ",
            "to have the ability to ",
            "have the ability to ",
            "the ability to ",
            "to ",
        ] {
            // `get`: the byte after an ASCII lead may sit inside a
            // multi-byte character ("to 予約をキャンセル…").
            if g.len() > lead.len()
                && g.get(..lead.len())
                    .is_some_and(|h| h.eq_ignore_ascii_case(lead))
            {
                g = &g[lead.len()..];
            }
        }
        if g == before {
            break;
        }
    }
    let mut title = format!("{prefix}{g}");
    if prefix.is_empty() {
        title = capitalise(&title);
    }
    shorten(&title, TITLE_MAX)
}

/// The first letter in upper case.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Cuts `s` to at most `max` characters at a word, ending with `…` when
/// cut; trailing punctuation and joining words are dropped.
pub fn shorten(s: &str, max: usize) -> String {
    let s = s
        .trim()
        .trim_end_matches(|c: char| ".,;:".contains(c))
        .trim();
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut words: Vec<&str> = Vec::new();
    let mut len = 0;
    for w in s.split(' ') {
        let add = w.chars().count() + usize::from(!words.is_empty());
        if len + add + 1 > max {
            break;
        }
        words.push(w);
        len += add;
    }
    if words.is_empty() {
        let cut: String = s.chars().take(max - 1).collect();
        return format!("{cut}…");
    }
    const JOINERS: &[&str] = &[
        "a", "an", "the", "and", "or", "of", "to", "for", "in", "on", "with", "by", "at", "from",
        "that", "which", "as", "so", "if", "my", "their", "our", "is", "be",
    ];
    while words.len() > 1
        && words
            .last()
            .is_some_and(|w| JOINERS.contains(&w.to_ascii_lowercase().as_str()))
    {
        words.pop();
    }
    let joined = words.join(" ");
    let joined = joined.trim_end_matches(|c: char| ",;:-–(/&".contains(c) || c.is_whitespace());
    format!("{joined}…")
}

/// A story built from one line of text.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryText {
    pub item: Item,
    /// Whether the line was a user-story sentence.
    pub sentence: bool,
    /// Whether the line was longer than [`LINE_TITLE_MAX`] and its title
    /// cut (the whole line is the description).
    pub capped: bool,
}

/// The longest title a line that is no user-story sentence keeps, in
/// characters; a longer line is cut at a word and kept whole in the
/// description.
pub const LINE_TITLE_MAX: usize = 120;

/// Builds a story from a line: a user-story sentence fills persona, goal
/// and benefit and gives a title from the goal; any other line becomes the
/// title whole. When the sentence as this program writes it differs from
/// the line, the line is kept as the description, so nothing is lost.
pub fn story_from_text(text: &str, now: DateTime<Utc>) -> Result<StoryText, String> {
    story_read_with(text, now, parse_sentence)
}

/// [`story_from_text`] for a line of a story list, where "Admin can add a
/// patient" is a story too ([`parse_list_line`]).
pub fn story_from_list_line(text: &str, now: DateTime<Utc>) -> Result<StoryText, String> {
    story_read_with(text, now, parse_list_line)
}

fn story_read_with(
    text: &str,
    now: DateTime<Utc>,
    parse: fn(&str) -> Option<Sentence>,
) -> Result<StoryText, String> {
    let placeholder = Key::new(Kind::Story, 1);
    let epic = Some(Key::new(Kind::Epic, 1));
    let line = squash(text);
    match parse(&line) {
        Some(s) => {
            let mut item = Item::new(placeholder, &title_from_goal(&s.goal), epic, now)
                .map_err(|e| e.to_string())?;
            item.persona = s.persona;
            item.goal = Some(s.goal);
            item.benefit = s.benefit;
            if let Some(rendered) = item.user_story_sentence()
                && comparable(&rendered) != comparable(&line)
            {
                item.description = line;
            }
            Ok(StoryText {
                item,
                sentence: true,
                capped: false,
            })
        }
        None => {
            let capped = line.chars().count() > LINE_TITLE_MAX;
            let title = if capped {
                shorten(&line, LINE_TITLE_MAX)
            } else {
                line.clone()
            };
            let mut item = Item::new(placeholder, &title, epic, now).map_err(|e| e.to_string())?;
            if capped {
                item.description = line;
            }
            Ok(StoryText {
                item,
                sentence: false,
                capped,
            })
        }
    }
}

/// Letters and digits only, lower-case, without the opening "As a/an/the":
/// two sentences that differ only in punctuation, spacing, case or article
/// compare equal.
fn comparable(s: &str) -> String {
    let lower = s.trim().to_lowercase();
    let body = ["as an ", "as a ", "as the ", "as "]
        .iter()
        .find_map(|p| lower.strip_prefix(p))
        .unwrap_or(&lower);
    body.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A persona given on its own: "As a reference archivist," → "reference archivist".
pub fn clean_persona(s: &str) -> Option<String> {
    let t = squash(s);
    let lower = t.to_ascii_lowercase();
    let cut = ["as an ", "as a ", "as the ", "as "]
        .iter()
        .find(|p| lower.starts_with(*p))
        .map_or(0, |p| p.len());
    let t = t[cut..]
        .trim()
        .trim_end_matches([',', '.', ';', ':'])
        .trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// A goal given on its own: "I want to …" → "to …"; the trailing full stop dropped.
pub fn clean_goal(s: &str) -> Option<String> {
    part_without_lead(s, &["i want ", "i need ", "i would like "])
}

/// A benefit given on its own: "so that I …" → "I …"; the trailing full stop dropped.
pub fn clean_benefit(s: &str) -> Option<String> {
    part_without_lead(s, &["so that "])
}

/// One part of a user story given on its own, without its lead-in (the
/// first of `leads` it starts with, any case) and trailing punctuation.
fn part_without_lead(s: &str, leads: &[&str]) -> Option<String> {
    let t = squash(s);
    let lower = t.to_ascii_lowercase();
    let cut = leads
        .iter()
        .find(|p| lower.starts_with(*p))
        .map_or(0, |p| p.len());
    let t = t[cut..]
        .trim()
        .trim_end_matches(['.', ',', ';', '-', '–', '—'])
        .trim();
    (!t.is_empty()).then(|| t.to_string())
}
