//! Plain-text user stories, one per line: "As a ROLE, I want GOAL, so that
//! BENEFIT." Tolerant of what real backlogs hold: project tags (`#G03#`),
//! list bullets, section headings, sentences broken over two lines (see
//! `lines`); the sentence itself is read by [`crate::domain::user_story`].

mod lines;
#[cfg(test)]
mod tests;

use chrono::{DateTime, Utc};

use super::import_notes::{count, line_list};
use super::import_plan::{ImportError, Plan, Planned, Ref};
use super::input::numbered_lines;
use crate::domain::user_story::{LINE_TITLE_MAX, capitalise, squash, story_from_list_line};
use crate::domain::{Item, Key, Kind};
use lines::{Entry, Joined, TagCount};

/// Where the stories go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// An existing epic (`--epic KEY`); else a new epic titled
    /// `epic_title` under an `Imported` initiative.
    pub epic: Option<Key>,
    pub epic_title: String,
    /// The tool kept on each story (`text`; `csv` for a one-column CSV).
    pub source: &'static str,
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
        Options {
            epic,
            epic_title,
            source: "text",
        }
    }
}

/// The title of the catch-all initiative (and epic) imports create.
pub const IMPORTED: &str = "Imported";

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
    let read = lines::read(lines);

    let mut plan = Plan::default();
    let mut initiative: Option<Ref> = None;
    let mut default_epic: Option<Ref> = opts.epic.map(Ref::Existing);
    let mut current: Option<Ref> = None;
    let mut not_sentences: Vec<usize> = Vec::new();
    let mut capped: Vec<usize> = Vec::new();
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
    for e in read.entries {
        match e {
            Entry::Heading { line, title, .. } => {
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
                let mut story =
                    story_from_list_line(&text, now).map_err(|e| ImportError::at(file, line, e))?;
                story.item.source = Some(opts.source.to_string());
                if !story.sentence {
                    not_sentences.push(line);
                }
                if story.capped {
                    capped.push(line);
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
    for TagCount { tag, lines } in read.tags {
        plan.note(format!(
            "removed the tag {tag} from the start of {}",
            count(lines, "line", "lines")
        ));
    }
    if read.bullets > 0 {
        plan.note(format!(
            "removed list bullets from {}",
            count(read.bullets, "line", "lines")
        ));
    }
    for Joined { line, into } in read.joined {
        plan.note(format!(
            "line {line} continues the sentence of line {into}: joined"
        ));
    }
    if !read.empty_headings.is_empty() {
        plan.note(format!(
            "{} with no story under {}: left out ({})",
            count(read.empty_headings.len(), "heading", "headings"),
            if read.empty_headings.len() == 1 {
                "it"
            } else {
                "them"
            },
            line_list(&read.empty_headings)
        ));
    }
    if !capped.is_empty() {
        plan.note(format!(
            "{} longer than {LINE_TITLE_MAX} characters cut at a word, the whole text kept in the description ({})",
            count(capped.len(), "title", "titles"),
            line_list(&capped)
        ));
    }
    if !not_sentences.is_empty() {
        plan.note(format!(
            "{} not “As a …, I want …” (kept whole as the title): {}",
            count(not_sentences.len(), "line is", "lines are"),
            line_list(&not_sentences)
        ));
    }
    Ok(plan)
}
