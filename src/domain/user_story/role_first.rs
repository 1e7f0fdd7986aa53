//! The sentence forms of story lists that name the role first, without
//! "As a": "Admin can add a patient", "Patient wants to book a visit",
//! "A nurse should be able to print the chart". Read only in story lists
//! (a plain-text file, a one-column CSV): in a tracker's title column
//! "Search can time out" is a bug report, not a story.

use super::{Sentence, Verb, parse_sentence, sentence, squash};

/// What may follow the role, lower-case, each ending in a space; the
/// first that matches at the role's end wins (longer ones come first).
const VERBS: &[(&str, Verb)] = &[
    ("should be able to ", Verb::Able),
    ("must be able to ", Verb::Able),
    ("is able to ", Verb::Able),
    ("are able to ", Verb::Able),
    ("would like to ", Verb::Want),
    ("wants to ", Verb::Want),
    ("want to ", Verb::Want),
    ("needs to ", Verb::Want),
    ("need to ", Verb::Want),
    ("can ", Verb::Able),
];

/// Leading words that make the subject a determiner phrase: "An admin",
/// "Each patient".
const ARTICLES: &[&str] = &["a", "an", "the", "each", "every", "any"];

/// Subjects that are no role: a pronoun, the product itself.
const NOT_ROLES: &[&str] = &[
    "i",
    "we",
    "you",
    "he",
    "she",
    "it",
    "they",
    "this",
    "that",
    "there",
    "system",
    "app",
    "application",
    "software",
    "tool",
    "site",
    "website",
    "page",
    "server",
    "platform",
    "product",
    "api",
    "service",
];

/// The most words a role takes ("Care home manager").
const ROLE_WORDS: usize = 4;

/// A line of a story list: a user-story sentence ("As a …, I want …"), or
/// the role first ("Admin can add a patient" → persona Admin, goal "to be
/// able to add a patient"). `None` for any other line.
pub fn parse_list_line(text: &str) -> Option<Sentence> {
    parse_sentence(text).or_else(|| role_first(text))
}

fn role_first(text: &str) -> Option<Sentence> {
    let t = squash(text);
    // ASCII lower-casing keeps byte offsets valid for `t`.
    let lower = t.to_ascii_lowercase();
    // The role starts with a capital (or an article before it): a line
    // starting in lower case is a fragment more often than a story.
    if !t.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    let mut words_start = 0;
    let first = lower.split(' ').next()?;
    if ARTICLES.contains(&first) {
        words_start = first.len() + 1;
    }
    // The verb after one to ROLE_WORDS words of letters.
    let mut at = words_start;
    for _ in 0..ROLE_WORDS {
        // An article alone ("A") leaves nothing after it.
        let word_end = lower.get(at..)?.find(' ').map(|i| at + i)?;
        let word = &t[at..word_end];
        if word.is_empty()
            || !word
                .chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '/')
        {
            return None;
        }
        let after = word_end + 1;
        if let Some((verb, v)) = VERBS.iter().find(|(m, _)| lower[after..].starts_with(m)) {
            let role = t[words_start..word_end].trim();
            let role_lower = role.to_ascii_lowercase();
            if NOT_ROLES.contains(&role_lower.as_str())
                || role_lower
                    .rsplit(' ')
                    .next()
                    .is_some_and(|last| NOT_ROLES.contains(&last))
            {
                return None;
            }
            let rest = after + verb.len();
            // "wants to add" keeps its "to" ("to add"), as "I want to add" does.
            let rest = if *v == Verb::Want {
                rest - "to ".len()
            } else {
                rest
            };
            return sentence(&t, &lower, Some(role), rest, *v);
        }
        at = after;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the full hostile-input run (seed 1): a line that is only
    /// an article panicked (a slice past its end).
    #[test]
    fn an_article_alone_is_no_story() {
        for line in ["A", "An", "The", "A ", "The  "] {
            assert_eq!(parse_list_line(line), None, "{line:?}");
        }
    }

    fn parts(s: &str) -> (Option<String>, String, Option<String>) {
        let p = parse_list_line(s).unwrap_or_else(|| panic!("not parsed: {s}"));
        (p.persona, p.goal, p.benefit)
    }

    #[test]
    fn role_can_action() {
        assert_eq!(
            parts("Admin can add a patient"),
            (
                Some("Admin".into()),
                "to be able to add a patient".into(),
                None
            )
        );
        assert_eq!(
            parts("Patient can Ask A Question"),
            (
                Some("Patient".into()),
                "to be able to Ask A Question".into(),
                None
            )
        );
        assert_eq!(
            parts("A care home manager should be able to print the chart, so that the GP sees it."),
            (
                Some("care home manager".into()),
                "to be able to print the chart".into(),
                Some("the GP sees it".into())
            )
        );
    }

    #[test]
    fn role_wants_to() {
        assert_eq!(
            parts("Patient wants to book a visit so that I can skip the queue"),
            (
                Some("Patient".into()),
                "to book a visit".into(),
                Some("I can skip the queue".into())
            )
        );
        assert_eq!(
            parts("Nurses need to see the allergies"),
            (Some("Nurses".into()), "to see the allergies".into(), None)
        );
    }

    #[test]
    fn what_is_no_role_first_story() {
        for line in [
            "The system can send reminders",
            "It can take a while",
            "admin can add a patient",
            "Modifying the Care Plan",
            "Search results, sorted by date, can be exported",
            "A very long subject of many words here can do it",
        ] {
            assert_eq!(parse_list_line(line), None, "{line}");
        }
    }
}
