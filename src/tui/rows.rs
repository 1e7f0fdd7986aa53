//! The rows a list shows, derived from the backlog and the view's state.
//! Recomputed when the backlog, expansion, filter or sort change — never
//! per keypress of plain movement.

use std::collections::HashSet;

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::domain::{Backlog, Item, Key, Kind, Model};

/// One row of the Backlog tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeRow {
    pub key: Key,
    pub depth: u8,
    pub has_children: bool,
    pub expanded: bool,
}

/// A fuzzy filter on key and title.
pub struct Filter {
    pattern: Pattern,
    matcher: Matcher,
    buf: Vec<char>,
}

impl Filter {
    pub fn new(query: &str) -> Option<Filter> {
        let q = query.trim();
        if q.is_empty() {
            return None;
        }
        Some(Filter {
            pattern: Pattern::new(
                q,
                CaseMatching::Ignore,
                Normalization::Smart,
                AtomKind::Fuzzy,
            ),
            matcher: Matcher::new(Config::DEFAULT),
            buf: Vec::new(),
        })
    }

    pub fn score(&mut self, text: &str) -> Option<u32> {
        self.pattern
            .score(Utf32Str::new(text, &mut self.buf), &mut self.matcher)
    }

    pub fn matches(&mut self, item: &Item) -> bool {
        let text = format!("{} {}", item.key, item.title);
        self.score(&text).is_some()
    }
}

/// The visible tree: initiatives, their epics when expanded, their stories
/// when expanded. With a filter, matching items show with their ancestors,
/// all expanded.
pub fn tree_rows(backlog: &Backlog, expanded: &HashSet<Key>, filter: Option<&str>) -> Vec<TreeRow> {
    let mut rows = Vec::new();
    if let Some(mut f) = filter.and_then(Filter::new) {
        let mut keep: HashSet<Key> = HashSet::new();
        for item in backlog.items() {
            if !item.archived && f.matches(item) && !backlog.is_hidden(item) {
                let mut cur = Some(item);
                while let Some(i) = cur {
                    if !keep.insert(i.key) {
                        break;
                    }
                    cur = i.parent.and_then(|p| backlog.get(p));
                }
            }
        }
        push_rows(
            backlog,
            &mut rows,
            backlog.roots().collect(),
            0,
            &|k| keep.contains(&k),
            &|_| true,
        );
    } else {
        push_rows(
            backlog,
            &mut rows,
            backlog.roots().collect(),
            0,
            &|_| true,
            &|k| expanded.contains(&k),
        );
    }
    rows
}

fn push_rows(
    backlog: &Backlog,
    rows: &mut Vec<TreeRow>,
    items: Vec<&Item>,
    depth: u8,
    keep: &dyn Fn(Key) -> bool,
    open: &dyn Fn(Key) -> bool,
) {
    for item in items {
        if item.archived || !keep(item.key) {
            continue;
        }
        let kids: Vec<&Item> = backlog
            .children(item.key)
            .filter(|c| !c.archived && keep(c.key))
            .collect();
        let expanded = !kids.is_empty() && open(item.key);
        rows.push(TreeRow {
            key: item.key,
            depth,
            has_children: !kids.is_empty(),
            expanded,
        });
        if expanded {
            push_rows(backlog, rows, kids, depth + 1, keep, open);
        }
    }
}

/// Keys of the Ranked tab: every visible item of `kind`, by `model`.
pub fn ranked_rows(backlog: &Backlog, kind: Kind, model: Model, filter: Option<&str>) -> Vec<Key> {
    let mut f = filter.and_then(Filter::new);
    backlog
        .ranked(kind, model)
        .into_iter()
        .filter(|i| f.as_mut().is_none_or(|f| f.matches(i)))
        .map(|i| i.key)
        .collect()
}

/// Ranks `names` by fuzzy match against `query` (best first); all of them
/// in order when the query is empty.
pub fn fuzzy_rank<'a>(query: &str, names: impl Iterator<Item = (usize, &'a str)>) -> Vec<usize> {
    match Filter::new(query) {
        None => names.map(|(i, _)| i).collect(),
        Some(mut f) => {
            let mut scored: Vec<(u32, usize)> = names
                .filter_map(|(i, n)| f.score(n).map(|s| (s, i)))
                .collect();
            scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            scored.into_iter().map(|(_, i)| i).collect()
        }
    }
}
