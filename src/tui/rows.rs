//! The rows a list shows, derived from the backlog and the view's state.
//! Recomputed when the backlog, expansion, filter or sort change — never
//! per keypress of plain movement.

use std::collections::HashSet;

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::domain::search::Query;
use crate::domain::{Backlog, Item, Key, Kind, Model};

/// One row of the Backlog tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeRow {
    pub key: Key,
    pub depth: u8,
    pub has_children: bool,
    pub expanded: bool,
}

pub use super::health_rows::health_rows;

/// A fuzzy matcher, for pickers and the palette (the `/` filter matches
/// words instead: see `domain::search`).
pub struct Filter {
    pattern: Pattern,
    matcher: Matcher,
    buf: Vec<char>,
    /// The query's words in lower case, when it is plain ASCII without
    /// escapes (see [`Filter::is_match`]).
    ascii_atoms: Option<Vec<Vec<u8>>>,
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
            ascii_atoms: (q.is_ascii() && !q.contains('\\')).then(|| {
                q.split(' ')
                    .filter(|w| !w.is_empty())
                    .map(|w| w.to_ascii_lowercase().into_bytes())
                    .collect()
            }),
        })
    }

    /// Whether `text` matches (the score not needed). Plain ASCII query
    /// and text take a fast path: a fuzzy atom matches exactly when its
    /// letters appear in order, ignoring case, which a scan decides.
    fn is_match(&mut self, text: &str) -> bool {
        if let Some(atoms) = &self.ascii_atoms
            && text.is_ascii()
        {
            let t = text.as_bytes();
            return atoms.iter().all(|a| is_subsequence(a, t));
        }
        self.score(text).is_some()
    }

    pub fn score(&mut self, text: &str) -> Option<u32> {
        self.pattern
            .score(Utf32Str::new(text, &mut self.buf), &mut self.matcher)
    }

    pub fn matches(&mut self, item: &Item) -> bool {
        let mut text = String::new();
        self.matches_with(item, &mut text)
    }

    /// [`Filter::matches`] reusing `text` as the buffer for "KEY title".
    fn matches_with(&mut self, item: &Item, text: &mut String) -> bool {
        text.clear();
        item.key.push_onto(text);
        text.push(' ');
        text.push_str(&item.title);
        self.is_match(text)
    }
}

/// Whether `needle` (lowercase ASCII) occurs in `hay` in order, ignoring
/// ASCII case: each letter found with `memchr` (both cases at once) after
/// the previous one.
fn is_subsequence(needle: &[u8], hay: &[u8]) -> bool {
    let mut rest = hay;
    for &c in needle {
        let upper = c.to_ascii_uppercase();
        let found = if upper == c {
            memchr::memchr(c, rest)
        } else {
            memchr::memchr2(c, upper, rest)
        };
        match found {
            Some(i) => rest = &rest[i + 1..],
            None => return false,
        }
    }
    true
}

/// The visible items that match a filter query: computed once per query
/// and backlog revision, and narrowed (not recomputed) while the query
/// grows by typing.
#[derive(Debug, Clone, Default)]
pub struct FilterMatches {
    query: String,
    revision: u64,
    /// Positions in the backlog's items of the matches, in key order.
    positions: Vec<usize>,
    /// By position: a match.
    mask: Vec<bool>,
}

impl FilterMatches {
    /// The matches of `query` in `backlog`; `prev`, the matches of an
    /// earlier query, narrows the search when `query` extends it.
    pub fn new(backlog: &Backlog, query: &str, prev: Option<&FilterMatches>) -> FilterMatches {
        let q = Query::new(query);
        // Whether each word occurs, not where it matches best (that is
        // worked out for the rows on screen only, when they are drawn):
        // the backlog's compact "KEY title" texts first, then the item's
        // other fields, each read up to the word's first occurrence.
        let items = backlog.items();
        let test = |n: usize| {
            q.as_ref()
                .is_none_or(|q| q.matches(backlog.search_text_at(n), &items[n]))
        };
        let positions: Vec<usize> = match prev.filter(|p| p.narrows_to(backlog, query)) {
            Some(p) => p.positions.iter().copied().filter(|&n| test(n)).collect(),
            None => (0..items.len())
                .filter(|&n| !backlog.is_hidden_at(n) && test(n))
                .collect(),
        };
        let mut mask = vec![false; items.len()];
        for &n in &positions {
            mask[n] = true;
        }
        FilterMatches {
            query: query.to_string(),
            revision: backlog.revision(),
            positions,
            mask,
        }
    }

    /// Whether these are the matches of `query` in `backlog`.
    pub fn is_for(&self, backlog: &Backlog, query: &str) -> bool {
        self.revision == backlog.revision() && self.query == query
    }

    /// Whether every match of `query` is among these: same backlog, and
    /// each word of this query is part of a word of `query` (typing on
    /// only ever matches less).
    fn narrows_to(&self, backlog: &Backlog, query: &str) -> bool {
        self.revision == backlog.revision()
            && match (Query::new(query), Query::new(&self.query)) {
                (Some(new), Some(old)) => new.narrows(&old),
                _ => false,
            }
    }

    /// Whether the item `key` of `backlog` (the one these were computed
    /// on) matches.
    pub fn contains(&self, backlog: &Backlog, key: Key) -> bool {
        backlog.position(key).is_some_and(|n| self.contains_at(n))
    }

    /// Whether the item at position `n` of the backlog matches.
    pub fn contains_at(&self, n: usize) -> bool {
        self.mask.get(n).copied().unwrap_or(false)
    }
}

/// The visible tree: initiatives, their epics when expanded, their stories
/// when expanded. With a filter, matching items show with their ancestors,
/// all expanded.
pub fn tree_rows(
    backlog: &Backlog,
    expanded: &HashSet<Key>,
    filter: Option<&FilterMatches>,
) -> Vec<TreeRow> {
    let mut rows = Vec::new();
    if let Some(m) = filter {
        // Each match with its ancestors, by position (from the backlog's
        // compact parent positions, not the items).
        let mut keep = vec![false; backlog.len()];
        let mut kept = 0;
        for &n in &m.positions {
            let mut cur = Some(n);
            while let Some(c) = cur {
                if keep[c] {
                    break;
                }
                keep[c] = true;
                kept += 1;
                cur = backlog.parent_at(c);
            }
        }
        rows.reserve(kept);
        push_kept(backlog, &mut rows, backlog.root_positions(), 0, &keep);
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

/// The filtered tree: every kept item (a match or an ancestor of one),
/// all expanded. Matches are visible items, and so are their ancestors:
/// `keep` alone decides, and stories (which have no children) are pushed
/// without a lookup.
fn push_kept(backlog: &Backlog, rows: &mut Vec<TreeRow>, list: &[usize], depth: u8, keep: &[bool]) {
    for &n in list {
        if !keep[n] {
            continue;
        }
        let key = backlog.key_at(n);
        if key.kind == Kind::Story {
            rows.push(TreeRow {
                key,
                depth,
                has_children: false,
                expanded: false,
            });
            continue;
        }
        let kids: Vec<usize> = backlog
            .child_positions(key)
            .iter()
            .copied()
            .filter(|&c| keep[c])
            .collect();
        let expanded = !kids.is_empty();
        rows.push(TreeRow {
            key,
            depth,
            has_children: expanded,
            expanded,
        });
        if expanded {
            push_kept(backlog, rows, &kids, depth + 1, keep);
        }
    }
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
        let shown = |c: &&Item| !c.archived && keep(c.key);
        if open(item.key) {
            let kids: Vec<&Item> = backlog.children(item.key).filter(shown).collect();
            let expanded = !kids.is_empty();
            rows.push(TreeRow {
                key: item.key,
                depth,
                has_children: expanded,
                expanded,
            });
            if expanded {
                push_rows(backlog, rows, kids, depth + 1, keep, open);
            }
        } else {
            // Closed: whether it has a child to show is enough (the first
            // one settles it, instead of a visit to every child).
            rows.push(TreeRow {
                key: item.key,
                depth,
                has_children: backlog.children(item.key).any(|c| shown(&c)),
                expanded: false,
            });
        }
    }
}

/// The Ranked tab's rows: keys in order, and how many have a score.
pub struct RankedRows {
    pub keys: Vec<Key>,
    pub scored: usize,
}

/// Keys of the Ranked tab: every visible item of `kind`, by `model`; and
/// how many of them have a score. Reads the backlog's kept ranking (sorted
/// once, then kept current), so switching models or tabs does not sort.
pub fn ranked_rows(
    backlog: &mut Backlog,
    kind: Kind,
    model: Model,
    filter: Option<&FilterMatches>,
) -> RankedRows {
    let positions = backlog.ranking(kind, model).to_vec();
    let backlog = &*backlog;
    let mut scored = 0;
    let keys = positions
        .into_iter()
        .filter(|&n| filter.is_none_or(|m| m.contains_at(n)))
        .inspect(|&n| scored += usize::from(backlog.score_at(n, model).is_some()))
        .map(|n| backlog.key_at(n))
        .collect();
    RankedRows { keys, scored }
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

/// The refinement queue: draft stories (not ready, not parked) in backlog
/// order, within `scope` (an epic or initiative) if given.
pub fn refine_queue(
    backlog: &Backlog,
    scope: Option<Key>,
    filter: Option<&FilterMatches>,
) -> Vec<Key> {
    let in_scope = |item: &Item| match scope {
        None => true,
        Some(s) => {
            let mut cur = item.parent;
            while let Some(p) = cur {
                if p == s {
                    return true;
                }
                cur = backlog.get(p).and_then(|i| i.parent);
            }
            false
        }
    };
    backlog
        .tree_order()
        .into_iter()
        .filter(|i| {
            i.kind() == Kind::Story
                && i.status == crate::domain::Status::Draft
                && !i.labels.iter().any(|l| l == crate::domain::session::PARKED)
                && in_scope(i)
        })
        .filter(|i| filter.is_none_or(|m| m.contains(backlog, i.key)))
        .map(|i| i.key)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The ASCII fast path agrees with nucleo's matcher.
        #[test]
        fn fast_match_agrees_with_nucleo(
            query in "[a-zA-Z0-9 -]{1,6}",
            text in "[a-zA-Z0-9 :-]{0,40}",
        ) {
            if let Some(mut f) = Filter::new(&query) {
                prop_assert!(f.ascii_atoms.is_some());
                let fast = f.is_match(&text);
                let slow = f.score(&text).is_some();
                prop_assert_eq!(fast, slow, "query {:?} text {:?}", query, text);
            }
        }
    }

    /// The filter asks whether an item matches, not where it matches best:
    /// it searches an item's fields only until one holds the word. (It
    /// used to score a full hit for every item whose title did not match:
    /// key, title, every criterion and the description, each to its end,
    /// which put a filter's first letter at 100,000 stories over its
    /// budget: docs/PERFORMANCE.md, "Sixth round".)
    #[test]
    fn the_filter_stops_at_the_first_field_that_matches() {
        use crate::domain::AcceptanceCriterion;
        let now = chrono::DateTime::UNIX_EPOCH;
        let item = |key: &str, title: &str| {
            let mut i = Item::blank(key.parse().unwrap(), None, now);
            i.title = title.to_string();
            i.description = "A long description that mentions the plan again. ".repeat(40);
            i
        };
        let in_title = item("I-1", "Plan the launch");
        let mut in_criterion = item("I-2", "Other work");
        in_criterion.criteria = ["Given a plan, then it ships", "two", "three", "four"]
            .into_iter()
            .map(|t| AcceptanceCriterion {
                text: t.to_string(),
                done: false,
            })
            .collect();
        let mut nowhere = item("I-3", "Nothing here");
        nowhere.description = "no match".to_string();
        let backlog = Backlog::new(vec![in_title, in_criterion, nowhere]);
        backlog.prepare_search();
        let (m, searched) =
            crate::domain::search::searched::by(|| FilterMatches::new(&backlog, "plan", None));
        assert_eq!(m.positions, vec![0, 1]);
        // I-1: its "KEY title"; I-2: that, then its first criterion; I-3:
        // that and its description.
        assert_eq!(searched, 1 + 2 + 2);
    }

    #[test]
    fn non_ascii_queries_take_nucleo() {
        let mut f = Filter::new("café").unwrap();
        assert!(f.ascii_atoms.is_none());
        assert!(f.is_match("S-1 Café au lait"));
        assert!(!f.is_match("S-2 Tea"));
    }
}
