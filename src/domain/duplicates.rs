//! Likely duplicates among texts (titles, user-story sentences), for the
//! health audit: near-linear at 100,000 stories, and weighted so that two
//! texts differing in one telling word are not taken for the same work.
//!
//! 1. Each text becomes a set of words: lower case, punctuation dropped,
//!    a plural `s` folded (`edits` = `edit`).
//! 2. A word weighs `ln(1 + N / df)` (N texts, df of them holding the
//!    word): rare words weigh more than common ones.
//! 3. Similarity is the weighted Dice coefficient of the two word sets
//!    (twice the weight they share over the weight of both). Texts at or
//!    above [`THRESHOLD`] are likely duplicates, unless they differ in
//!    what makes work distinct: a number (`round 2` / `round 3`), a
//!    negation (`non`, `not`, `without`, `un…`: `registered` /
//!    `unregistered`), or a content word swapped for another (`into
//!    Julia` / `into Excel`, `campers` / `parents`): when each side has a
//!    word the other lacks that is not a stop word, they are two pieces of
//!    work. Adding words to the same sentence stays a likely duplicate.
//! 4. Candidates come from prefix filtering, not from every pair: words
//!    are ordered rarest first, and two texts can only reach the threshold
//!    if they share a word among the rarest third (by weight) of each.
//!    Identical texts are grouped by hashing first. Each posting list is
//!    probed for its most recent `PROBES` entries, which bounds the work
//!    on backlogs made of a few repeated phrasings.
//! 5. The posting lists are built whole before any matching, each text
//!    remembering its place in them: each text's candidates are then
//!    known without matching the texts before it, and a large search is
//!    matched in ranges, on as many threads as there are cores (see
//!    [`similar_joined_many`]). The findings do not depend on how the
//!    work is cut.

use std::sync::atomic::{AtomicUsize, Ordering};

use index::Index;
use matching::{Scratch, match_range};

mod index;
mod matching;
mod spell;

/// Weighted Dice at or above which two texts are likely duplicates.
pub const THRESHOLD: f64 = 0.78;
/// At most this many earlier texts are compared per shared rare word.
const PROBES: usize = 48;
/// Texts shorter than this (normalised) are not compared.
const MIN_LEN: usize = 8;

/// Words that carry no meaning of their own: swapping one for another
/// (`when` / `if`, `a` / `the`) does not make a different piece of work.
const STOP: &[&str] = &[
    "a", "about", "all", "an", "and", "any", "are", "as", "at", "be", "by", "can", "for", "from",
    "i", "if", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or", "other", "our", "so",
    "some", "than", "that", "the", "their", "then", "there", "these", "they", "this", "those",
    "to", "we", "when", "whether", "which", "will", "with", "would", "should", "you", "your",
];

/// Words that turn a sentence into its opposite.
const NEGATIONS: &[&str] = &["no", "non", "not", "never", "without", "un"];

/// Prefixes that negate a word: `unregistered` is not `registered`.
const NEGATING_PREFIXES: &[&str] = &["un", "non", "in", "dis", "im", "ir", "il"];

/// Two texts that look like the same work: their positions in the input
/// and the weighted Dice similarity (0–1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Similar {
    pub a: usize,
    pub b: usize,
    pub similarity: f64,
}

/// The likely duplicates among `texts`, each pair once (`a < b`), in
/// input order of `a` then `b`.
pub fn similar_texts(texts: &[&str]) -> Vec<Similar> {
    let parts: Vec<[&str; 3]> = texts.iter().map(|t| [*t, "", ""]).collect();
    similar_joined(&parts)
}

/// [`similar_texts`] of texts given in three parts each, as if each were
/// its parts joined by single spaces (`persona goal benefit`), without
/// joining them.
pub fn similar_joined(texts: &[[&str; 3]]) -> Vec<Similar> {
    let index = Index::new(texts);
    let mut scratch = Scratch::new(&index);
    let found = match_range(&index, 0..index.n, &mut scratch);
    in_order(index.identical, vec![found])
}

/// From how many texts in all [`similar_joined_many`] works on more than
/// one thread: below it, starting threads costs more than it saves.
const PARALLEL_FROM: usize = 4_000;
/// At most this many threads match.
const MAX_THREADS: usize = 4;
/// Texts matched as one piece of work (the last piece of a search may be
/// shorter).
const RANGE: usize = 4_096;

/// [`similar_joined`] of each of `searches`, the work of all of them
/// shared by the machine's cores: each search is indexed on its own, then
/// its texts are matched in ranges, every range of every search taken by
/// whichever thread is free. The findings are those of
/// [`similar_joined`], whatever the number of threads.
pub fn similar_joined_many(searches: &[&[[&str; 3]]]) -> Vec<Vec<Similar>> {
    let texts: usize = searches.iter().map(|s| s.len()).sum();
    let threads = if texts < PARALLEL_FROM {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_THREADS))
    };
    many(searches, threads, RANGE)
}

/// [`similar_joined_many`] on `threads` threads, in pieces of `range`
/// texts.
fn many(searches: &[&[[&str; 3]]], threads: usize, range: usize) -> Vec<Vec<Similar>> {
    // The largest searches indexed first, so that no thread is left with
    // a large one at the end.
    let mut by_size: Vec<usize> = (0..searches.len()).collect();
    by_size.sort_by_key(|&s| std::cmp::Reverse(searches[s].len()));
    let mut indexes: Vec<(usize, Index)> = in_parallel(
        threads,
        searches.len(),
        || (),
        |(), k| (by_size[k], Index::new(searches[by_size[k]])),
    );
    indexes.sort_by_key(|(s, _)| *s);
    let indexes: Vec<Index> = indexes.into_iter().map(|(_, index)| index).collect();
    let ranges: Vec<(usize, std::ops::Range<usize>)> = indexes
        .iter()
        .enumerate()
        .flat_map(|(s, index)| {
            (0..index.n)
                .step_by(range)
                .map(move |from| (s, from..(from + range).min(index.n)))
        })
        .collect();
    let mut found = in_parallel(
        threads,
        ranges.len(),
        || -> Vec<Option<Scratch>> { indexes.iter().map(|_| None).collect() },
        |scratch, k| {
            let (s, range) = ranges[k].clone();
            let index = &indexes[s];
            let scratch = scratch[s].get_or_insert_with(|| Scratch::new(index));
            match_range(index, range, scratch)
        },
    )
    .into_iter();
    let mut out = Vec::with_capacity(searches.len());
    for (s, index) in indexes.into_iter().enumerate() {
        let pieces = ranges.iter().filter(|(r, _)| *r == s).count();
        out.push(in_order(
            index.identical,
            found.by_ref().take(pieces).collect(),
        ));
    }
    out
}

/// Runs pieces of work `0..pieces` on `threads` threads (this one among
/// them), each thread taking the next piece nobody took, with a state of
/// its own made by `state`; gives the results in the pieces' order. A
/// panic in `work` (a bug) is passed on as it is.
fn in_parallel<S, T: Send>(
    threads: usize,
    pieces: usize,
    state: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, usize) -> T + Sync,
) -> Vec<T> {
    let next = AtomicUsize::new(0);
    let run = || {
        let mut own = state();
        let mut done = Vec::new();
        loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            if k >= pieces {
                return done;
            }
            done.push((k, work(&mut own, k)));
        }
    };
    let mut done = if threads <= 1 || pieces <= 1 {
        run()
    } else {
        std::thread::scope(|scope| {
            let others: Vec<_> = (1..threads.min(pieces)).map(|_| scope.spawn(run)).collect();
            let mut done = run();
            for other in others {
                done.extend(
                    other
                        .join()
                        .unwrap_or_else(|e| std::panic::resume_unwind(e)),
                );
            }
            done
        })
    };
    done.sort_by_key(|(k, _)| *k);
    done.into_iter().map(|(_, t)| t).collect()
}

/// `identical` and the `found` pairs, ordered by `a` then `b`.
fn in_order(identical: Vec<Similar>, found: Vec<Vec<Similar>>) -> Vec<Similar> {
    let mut out = identical;
    for f in found {
        out.extend(f);
    }
    out.sort_by(|x, y| x.a.cmp(&y.a).then(x.b.cmp(&y.b)));
    out
}

#[cfg(test)]
#[path = "duplicates_tests.rs"]
mod tests;

#[cfg(test)]
mod reference;
