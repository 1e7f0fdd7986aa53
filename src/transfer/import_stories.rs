//! Plain-text user stories, one per line: "As a ROLE, I want GOAL, so that
//! BENEFIT." Tolerant of what real backlogs hold: project tags (`#G03#`),
//! missing so-that clauses, "I need", "I would like", "I don't want",
//! missing articles and commas, a so-that clause after a full stop, list
//! bullets, section headings, sentences broken over two lines.

use chrono::{DateTime, Utc};

use super::import_plan::{ImportError, Plan, Planned, Ref};
use super::input::numbered_lines;
use crate::domain::{Item, Key, Kind};

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
enum Verb {
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
    ("i could ", Verb::Able),
    ("would like ", Verb::Want),
    ("want ", Verb::Want),
];

/// Runs of whitespace become one space; ends trimmed.
fn squash(s: &str) -> String {
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
    let (pos, marker, verb) = lower
        .char_indices()
        .skip_while(|(p, _)| *p < role_start)
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
    let rest_start = pos + marker.len();
    // "so that …", or "so I/we/they … " without the "that".
    let benefit_at = std::iter::once(("so that", "so that".len()))
        .chain(
            ["so i ", "so we ", "so they ", "so you ", "so it "]
                .into_iter()
                .map(|m| (m, "so ".len())),
        )
        .filter_map(|(m, skip)| find_word(&lower, m, rest_start).map(|p| (p, skip)))
        .min();
    let (goal_part, benefit) = match benefit_at {
        Some((s, skip)) => {
            let b = t[s + skip..].trim().trim_start_matches([',', ':']).trim();
            // "so that that I can …" (a real typo) reads as "so that I can …".
            let b = if b.to_ascii_lowercase().starts_with("that ") {
                &b[5..]
            } else {
                b
            };
            (&t[rest_start..s], clean_clause(b))
        }
        None => (&t[rest_start..], None),
    };
    let goal = clean_clause(goal_part)?;
    let goal = match verb {
        Verb::Want => goal,
        Verb::Able => format!("to be able to {goal}"),
        Verb::Not => match goal.strip_prefix("to ") {
            Some(_) => format!("not {goal}"),
            None => format!("to avoid {goal}"),
        },
    };
    Some(Sentence {
        persona: (!persona.is_empty()).then(|| persona.to_string()),
        goal,
        benefit,
    })
}

/// A clause without the punctuation that joined it to its neighbours.
fn clean_clause(s: &str) -> Option<String> {
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

fn capitalise(s: &str) -> String {
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
}

/// Builds a story from a line: a user-story sentence fills persona, goal
/// and benefit and gives a title from the goal; any other line becomes the
/// title whole. When the sentence as this program writes it differs from
/// the line, the line is kept as the description, so nothing is lost.
pub fn story_from_text(text: &str, now: DateTime<Utc>) -> Result<StoryText, String> {
    let placeholder = Key::new(Kind::Story, 1);
    let epic = Some(Key::new(Kind::Epic, 1));
    let line = squash(text);
    match parse_sentence(&line) {
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
            })
        }
        None => {
            let item = Item::new(placeholder, &line, epic, now).map_err(|e| e.to_string())?;
            Ok(StoryText {
                item,
                sentence: false,
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

/// Where the stories go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// An existing epic (`--epic KEY`); else a new epic titled
    /// `epic_title` under an `Imported` initiative.
    pub epic: Option<Key>,
    pub epic_title: String,
}

impl Options {
    /// Stories go into a new epic named after the file, e.g.
    /// `discovery-and-delivery.csv` → "Discovery and delivery".
    pub fn for_file(path: &str, epic: Option<Key>) -> Options {
        let stem = std::path::Path::new(path)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let words = squash(&stem.replace(['-', '_', '.'], " "));
        let epic_title = if words.is_empty() {
            "Imported stories".to_string()
        } else {
            capitalise(&words)
        };
        Options { epic, epic_title }
    }
}

/// The title of the catch-all initiative (and epic) imports create.
pub const IMPORTED: &str = "Imported";

/// A project tag such as `#G03#` at the start of a line.
fn strip_tag(t: &str) -> (Option<&str>, &str) {
    if let Some(rest) = t.strip_prefix('#')
        && let Some(end) = rest.find('#')
        && end > 0
        && end <= 20
        && rest[..end]
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return (Some(&t[..end + 2]), rest[end + 1..].trim_start());
    }
    (None, t)
}

/// A list bullet: `- `, `* `, `• `, `1. `, `2) `.
fn strip_bullet(t: &str) -> Option<&str> {
    for b in ["- ", "* ", "• ", "+ "] {
        if let Some(rest) = t.strip_prefix(b) {
            return Some(rest.trim_start());
        }
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let rest = &t[digits..];
        if let Some(r) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some(r.trim_start());
        }
    }
    None
}

/// A section heading: `## Reporting`, `Reporting:`, or a short title-case
/// line such as `Auditing & Reporting.`; returns its text.
fn heading(t: &str) -> Option<String> {
    if let Some(rest) = t.strip_prefix('#') {
        let rest = rest.trim_start_matches('#');
        if rest.starts_with(' ') && !rest.trim().is_empty() {
            return Some(rest.trim().to_string());
        }
        return None;
    }
    if parse_sentence(t).is_some() {
        return None;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    if let Some(h) = t.strip_suffix(':')
        && words.len() <= 8
        && !h.trim().is_empty()
    {
        return Some(h.trim().to_string());
    }
    if t.ends_with(['?', '!', ',']) || !(2..=6).contains(&words.len()) {
        return None;
    }
    let title_case = words.iter().all(|w| {
        let letters: String = w.chars().filter(|c| c.is_alphabetic()).collect();
        letters.chars().count() < 4 || letters.starts_with(|c: char| c.is_uppercase())
    }) && words[0].starts_with(|c: char| c.is_uppercase());
    let has_word = words
        .iter()
        .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4);
    (title_case && has_word).then(|| t.trim_end_matches('.').trim().to_string())
}

enum Entry {
    Heading { line: usize, title: String },
    Story { line: usize, text: String },
}

/// Plans the stories of a text file.
pub fn plan(
    file: &str,
    text: &str,
    opts: &Options,
    now: DateTime<Utc>,
) -> Result<Plan, ImportError> {
    plan_lines(
        file,
        numbered_lines(text).map(|(n, l)| (n, l.to_string())),
        opts,
        now,
    )
}

/// Plans stories from numbered lines (a text file's lines, or the cells of
/// a one-column CSV file with their line numbers).
pub fn plan_lines(
    file: &str,
    lines: impl IntoIterator<Item = (usize, String)>,
    opts: &Options,
    now: DateTime<Utc>,
) -> Result<Plan, ImportError> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut tags: Vec<(String, usize)> = Vec::new();
    let mut bullets = 0;
    let mut joined: Vec<(usize, usize)> = Vec::new();
    let mut last_story_line = 0;
    for (n, raw) in lines {
        let t = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        let (tag, t) = strip_tag(t);
        if let Some(tag) = tag {
            match tags.iter_mut().find(|(g, _)| g == tag) {
                Some((_, count)) => *count += 1,
                None => tags.push((tag.to_string(), 1)),
            }
        }
        let t = match strip_bullet(t) {
            Some(r) => {
                bullets += 1;
                r
            }
            None => t,
        };
        let t = t.trim();
        if t.is_empty() {
            continue;
        }
        // A sentence broken over two lines: the first does not end a
        // sentence, the second starts in lower case and is no story.
        if let Some(Entry::Story { line, text }) = entries.last_mut()
            && last_story_line + 1 == n
            && !text.ends_with(['.', '!', '?', ';', ':', ')', '"'])
            && t.starts_with(|c: char| c.is_lowercase())
            && parse_sentence(t).is_none()
        {
            text.push(' ');
            text.push_str(t);
            joined.push((n, *line));
            last_story_line = n;
            continue;
        }
        match heading(t) {
            Some(title) => entries.push(Entry::Heading { line: n, title }),
            None => {
                entries.push(Entry::Story {
                    line: n,
                    text: t.to_string(),
                });
                last_story_line = n;
            }
        }
    }

    let mut plan = Plan::default();
    let mut initiative: Option<Ref> = None;
    let mut default_epic: Option<Ref> = opts.epic.map(Ref::Existing);
    let mut current: Option<Ref> = None;
    let mut not_sentences: Vec<usize> = Vec::new();
    let placeholder = |kind: Kind, title: &str| {
        let parent = kind.parent_kind().map(|k| Key::new(k, 1));
        Item::new(Key::new(kind, 1), title, parent, now)
    };
    let mut container_parent = |plan: &mut Plan| -> Ref {
        if let Some(k) = opts.epic {
            return Ref::ParentOf(k);
        }
        *initiative.get_or_insert_with(|| {
            let item = placeholder(Kind::Initiative, IMPORTED).expect("a valid title");
            let mut p = Planned::new(item, None, None);
            p.reuse = true;
            Ref::New(plan.push(p))
        })
    };
    for e in entries {
        match e {
            Entry::Heading { line, title } => {
                let parent = container_parent(&mut plan);
                let item = placeholder(Kind::Epic, &title)
                    .map_err(|e| ImportError::at(file, line, e.to_string()))?;
                let idx = plan.push(Planned::new(item, Some(parent), Some(line)));
                plan.note(format!(
                    "line {line}: the heading “{title}” became an epic for the stories after it"
                ));
                current = Some(Ref::New(idx));
            }
            Entry::Story { line, text } => {
                let epic = match current.or(default_epic) {
                    Some(r) => r,
                    None => {
                        let parent = container_parent(&mut plan);
                        let item = placeholder(Kind::Epic, &opts.epic_title)
                            .map_err(|e| ImportError::at(file, line, e.to_string()))?;
                        let r = Ref::New(plan.push(Planned::new(item, Some(parent), None)));
                        default_epic = Some(r);
                        r
                    }
                };
                let story =
                    story_from_text(&text, now).map_err(|e| ImportError::at(file, line, e))?;
                if !story.sentence {
                    not_sentences.push(line);
                }
                plan.push(Planned::new(story.item, Some(epic), Some(line)));
            }
        }
    }
    if plan.items.iter().all(|p| p.kind() != Kind::Story) {
        return Err(ImportError::whole(
            file,
            "no stories found: the file is empty",
        ));
    }
    for (tag, count) in tags {
        plan.note(format!(
            "removed the tag {tag} from the start of {count} line{}",
            if count == 1 { "" } else { "s" }
        ));
    }
    if bullets > 0 {
        plan.note(format!(
            "removed list bullets from {bullets} line{}",
            if bullets == 1 { "" } else { "s" }
        ));
    }
    for (n, into) in joined {
        plan.note(format!(
            "line {n} continues the sentence of line {into}: joined"
        ));
    }
    if !not_sentences.is_empty() {
        plan.note(format!(
            "{} not “As a …, I want …” (kept whole as the title): {}",
            lines_phrase(not_sentences.len()),
            line_list(&not_sentences)
        ));
    }
    Ok(plan)
}

fn lines_phrase(n: usize) -> String {
    if n == 1 {
        "1 line is".to_string()
    } else {
        format!("{n} lines are")
    }
}

/// `lines 3, 7, 12` (the first ten, then `…`).
pub fn line_list(lines: &[usize]) -> String {
    let shown: Vec<String> = lines.iter().take(10).map(ToString::to_string).collect();
    let more = if lines.len() > 10 { ", …" } else { "" };
    let word = if lines.len() == 1 { "line" } else { "lines" };
    format!("{word} {}{more}", shown.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(s: &str) -> (Option<String>, String, Option<String>) {
        let p = parse_sentence(s).unwrap_or_else(|| panic!("not parsed: {s}"));
        (p.persona, p.goal, p.benefit)
    }

    fn some(s: &str) -> Option<String> {
        Some(s.to_string())
    }

    #[test]
    fn the_classic_form() {
        assert_eq!(
            parts(
                "As a Public User, I want to Search for Information, so that I can obtain information."
            ),
            (
                some("Public User"),
                "to Search for Information".into(),
                some("I can obtain information")
            )
        );
    }

    #[test]
    fn real_variations() {
        // No so-that; "an"; trailing space.
        assert_eq!(
            parts("As an OlderPerson, I want to use only well-visible buttons. "),
            (
                some("OlderPerson"),
                "to use only well-visible buttons".into(),
                None
            )
        );
        // So-that after a full stop, capitalised.
        assert_eq!(
            parts(
                "As a staff member, I want to denote an application with a Final Action status. So that I can finish it."
            ),
            (
                some("staff member"),
                "to denote an application with a Final Action status".into(),
                some("I can finish it")
            )
        );
        // Glued role, no comma before "I want".
        assert_eq!(
            parts(
                "As a anonymoususer I want to view a list of sponsors, so that I can thank them."
            ),
            (
                some("anonymoususer"),
                "to view a list of sponsors".into(),
                some("I can thank them")
            )
        );
        // No article; "I need".
        assert_eq!(
            parts("As repository manager, I need details on the type of data."),
            (
                some("repository manager"),
                "details on the type of data".into(),
                None
            )
        );
        assert_eq!(parts("As the admin, I want x").0, some("admin"));
        assert_eq!(parts("As as archivist, I want x").0, some("archivist"));
        assert_eq!(
            parts("As a JIRA Administrator I would like to be able to change the trigger").1,
            "to be able to change the trigger"
        );
        assert_eq!(
            parts("As a ResearcherDeveloper, would like the ability import/export from MS-SQL").1,
            "the ability import/export from MS-SQL"
        );
        assert_eq!(
            parts("As a camp worker, I'm able to report a camper to the manager.").1,
            "to be able to report a camper to the manager"
        );
        assert_eq!(
            parts("As a UI designer,  I want to move on to round 2, So that I can get approvals.")
                .2,
            some("I can get approvals")
        );
        assert_eq!(
            parts("As a Publisher, I want to sign up, so that that I can publish.").2,
            some("I can publish")
        );
        assert_eq!(
            parts("As Patrick, I want to choose a colour so I can find it").1,
            "to choose a colour"
        );
        assert_eq!(
            parts("As Patrick, I want to choose a colour so I can find it").2,
            some("I can find it")
        );
    }

    #[test]
    fn negations_keep_their_meaning() {
        assert_eq!(
            parts("As a user, I don't want to see NASA grants displayed as contracts.").1,
            "not to see NASA grants displayed as contracts"
        );
        assert_eq!(
            parts("As a FABS user, I do not want  DABS banner messages, so that I see mine.").1,
            "to avoid DABS banner messages"
        );
    }

    #[test]
    fn not_stories() {
        for s in [
            "Auditing & Reporting.",
            "bidirectionally with the repository.",
            "As soon as possible",
            "As a user, I want",
            "",
        ] {
            assert_eq!(parse_sentence(s), None, "{s}");
        }
    }

    #[test]
    fn titles_come_from_goals_in_any_script() {
        // Regression: a multi-byte character right after "to " panicked
        // (found by tests/hostile_input.rs).
        assert_eq!(
            title_from_goal("to 予約をキャンセルしたい"),
            "予約をキャンセルしたい"
        );
        assert_eq!(title_from_goal("toé"), "Toé");
        assert_eq!(title_from_goal("t😀 x"), "T😀 x");
    }

    #[test]
    fn titles_come_from_goals() {
        assert_eq!(
            title_from_goal("to Search for Information"),
            "Search for Information"
        );
        assert_eq!(
            title_from_goal("to be able to view a list of sponsors"),
            "View a list of sponsors"
        );
        assert_eq!(
            title_from_goal("not to see NASA grants"),
            "Do not see NASA grants"
        );
        assert_eq!(
            title_from_goal("to avoid DABS banners"),
            "Avoid DABS banners"
        );
        let long = title_from_goal(
            "to view a dashboard statistics about collections size including a list of collections, the number of items",
        );
        assert!(long.chars().count() <= TITLE_MAX, "{long}");
        assert_eq!(
            long,
            "View a dashboard statistics about collections size including a list…"
        );
    }

    #[test]
    fn stories_keep_the_original_line_only_when_rewritten() {
        let now = DateTime::<Utc>::UNIX_EPOCH;
        let s = story_from_text(
            "As a user, I want to click on the address, so that it opens a map.",
            now,
        )
        .unwrap();
        assert!(s.sentence);
        assert_eq!(s.item.title, "Click on the address");
        assert_eq!(s.item.description, "");
        assert_eq!(
            s.item.user_story_sentence().unwrap(),
            "As a user, I want to click on the address, so that it opens a map."
        );
        let s = story_from_text("As a Staff member, I need to be notified.", now).unwrap();
        assert_eq!(
            s.item.description,
            "As a Staff member, I need to be notified."
        );
        let s = story_from_text("Export the report as CSV", now).unwrap();
        assert!(!s.sentence);
        assert_eq!(s.item.title, "Export the report as CSV");
    }

    #[test]
    fn a_file_with_tags_headings_and_broken_lines() {
        let text = "\u{feff}#G16# As a curator, I want to move items.\r\n\
                    #G16# \r\n\
                    #G16# Auditing & Reporting.\r\n\
                    #G16# As a repoadmin, I want to have Elements to communicate\r\n\
                    #G16# bidirectionally with the repository.\t\r\n\
                    \r\n\
                    - Export everything\n";
        let opts = Options::for_file("dir/g16-mis.txt", None);
        assert_eq!(opts.epic_title, "G16 mis");
        let plan = plan("g16-mis.txt", text, &opts, DateTime::<Utc>::UNIX_EPOCH).unwrap();
        let titles: Vec<(Kind, &str)> = plan
            .items
            .iter()
            .map(|p| (p.kind(), p.item.title.as_str()))
            .collect();
        assert_eq!(
            titles,
            [
                (Kind::Initiative, "Imported"),
                (Kind::Epic, "G16 mis"),
                (Kind::Story, "Move items"),
                (Kind::Epic, "Auditing & Reporting"),
                (
                    Kind::Story,
                    "Have Elements to communicate bidirectionally with the repository"
                ),
                (Kind::Story, "Export everything"),
            ]
        );
        assert_eq!(plan.items[4].line, Some(4));
        assert_eq!(plan.items[4].parent, Some(Ref::New(3)));
        let notes = plan.notes.join("\n");
        assert!(notes.contains("#G16# from the start of 5 lines"), "{notes}");
        assert!(
            notes.contains("line 5 continues the sentence of line 4"),
            "{notes}"
        );
        assert!(notes.contains("1 line is not"), "{notes}");
        let c = plan.story_coverage();
        assert_eq!((c.stories, c.persona_and_goal, c.benefit), (3, 2, 0));
    }

    #[test]
    fn an_existing_epic_takes_the_stories() {
        let e = Key::new(Kind::Epic, 7);
        let opts = Options::for_file("x.txt", Some(e));
        let plan = plan(
            "x.txt",
            "As a PM, I want x\nOther:\nAs a PM, I want y",
            &opts,
            DateTime::<Utc>::UNIX_EPOCH,
        )
        .unwrap();
        assert_eq!(plan.items[0].parent, Some(Ref::Existing(e)));
        assert_eq!(plan.items[1].parent, Some(Ref::ParentOf(e)));
        assert_eq!(plan.items[2].parent, Some(Ref::New(1)));
        assert_eq!(plan.existing_refs(), [e]);
    }

    #[test]
    fn empty_files_are_refused() {
        let e = plan(
            "e.txt",
            "\n \r\n#G01# \n",
            &Options::for_file("e.txt", None),
            DateTime::<Utc>::UNIX_EPOCH,
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("e.txt: no stories"), "{e}");
    }
}
