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

use std::collections::HashMap;

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

/// One text as the matcher sees it.
struct Words {
    /// Word ids, rarest first (the global order), without repeats.
    ids: Vec<u32>,
    /// The same ids in increasing order, for merging.
    by_id: Vec<u32>,
    /// The sum of their weights.
    weight: f64,
}

/// Lower-case words without punctuation, a plural `s` folded.
fn words(text: &str) -> Vec<String> {
    let lower: String = text
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect();
    lower
        .split_whitespace()
        .map(|w| {
            if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") {
                w[..w.len() - 1].to_string()
            } else {
                w.to_string()
            }
        })
        .collect()
}

/// The likely duplicates among `texts`, each pair once (`a < b`), in
/// input order of `a` then `b`.
pub fn similar_texts(texts: &[&str]) -> Vec<Similar> {
    // Words → ids, and each text's distinct ids.
    let mut vocabulary: HashMap<String, u32> = HashMap::new();
    let mut spelled: Vec<String> = Vec::new();
    let mut sets: Vec<Vec<u32>> = Vec::with_capacity(texts.len());
    let mut keys: Vec<String> = Vec::with_capacity(texts.len());
    for text in texts {
        let ws = words(text);
        let key = ws.join(" ");
        let mut ids: Vec<u32> = ws
            .into_iter()
            .map(|w| match vocabulary.get(&w) {
                Some(&id) => id,
                None => {
                    let id = vocabulary.len() as u32;
                    vocabulary.insert(w.clone(), id);
                    spelled.push(w);
                    id
                }
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        sets.push(if key.len() >= MIN_LEN {
            ids
        } else {
            Vec::new()
        });
        keys.push(key);
    }
    let n = texts.len();
    let mut df = vec![0u32; spelled.len()];
    for set in &sets {
        for &id in set {
            df[id as usize] += 1;
        }
    }
    let weight: Vec<f64> = df
        .iter()
        .map(|&d| (1.0 + n as f64 / f64::from(d.max(1))).ln())
        .collect();
    // Rarest first; ties by id, so the order is one global order.
    let rank = |id: u32| (df[id as usize], id);
    let texts_words: Vec<Words> = sets
        .into_iter()
        .map(|by_id| {
            let mut ids = by_id.clone();
            ids.sort_unstable_by_key(|&id| rank(id));
            let weight = ids.iter().map(|&id| weight[id as usize]).sum();
            Words { ids, by_id, weight }
        })
        .collect();
    let stop: Vec<Option<u32>> = STOP.iter().map(|w| vocabulary.get(*w).copied()).collect();
    let is_stop = |id: u32| stop.contains(&Some(id));

    let mut out = Vec::new();
    // Identical texts first: one representative each goes on to matching.
    let mut same: HashMap<&str, usize> = HashMap::new();
    let mut representative = vec![true; n];
    for (i, w) in texts_words.iter().enumerate() {
        if w.ids.is_empty() {
            representative[i] = false;
            continue;
        }
        match same.get(keys[i].as_str()) {
            Some(&first) => {
                representative[i] = false;
                out.push(Similar {
                    a: first,
                    b: i,
                    similarity: 1.0,
                });
            }
            None => {
                same.insert(keys[i].as_str(), i);
            }
        }
    }

    // Prefix filtering: a pair at the threshold shares a word among the
    // rarest of each. With Dice ≥ t, the shared weight is at least
    // t / (2 − t) of either side's, so the prefix holds more than the
    // rest: (1 − t / (2 − t)) of the weight.
    let keep = THRESHOLD / (2.0 - THRESHOLD);
    let mut postings: HashMap<u32, Vec<usize>> = HashMap::new();
    let mut seen_at = vec![usize::MAX; n];
    for i in (0..n).filter(|&i| representative[i]) {
        let wi = &texts_words[i];
        let prefix_len = prefix_len(wi, &weight, 1.0 - keep);
        for &id in &wi.ids[..prefix_len] {
            if let Some(list) = postings.get(&id) {
                for &j in list.iter().rev().take(PROBES) {
                    if seen_at[j] == i {
                        continue;
                    }
                    seen_at[j] = i;
                    let wj = &texts_words[j];
                    // Length filter: the lighter side must hold enough.
                    if wi.weight.min(wj.weight) < keep * wi.weight.max(wj.weight) {
                        continue;
                    }
                    if let Some(similarity) = compare(wj, wi, &weight, &spelled, &is_stop)
                        && similarity >= THRESHOLD
                    {
                        out.push(Similar {
                            a: j,
                            b: i,
                            similarity,
                        });
                    }
                }
            }
        }
        for &id in &wi.ids[..prefix_len] {
            postings.entry(id).or_default().push(i);
        }
    }
    out.sort_by(|x, y| x.a.cmp(&y.a).then(x.b.cmp(&y.b)));
    out
}

/// How many of the rarest words hold more than `share` of the weight.
fn prefix_len(w: &Words, weight: &[f64], share: f64) -> usize {
    let mut held = 0.0;
    for (n, &id) in w.ids.iter().enumerate() {
        held += weight[id as usize];
        if held > share * w.weight {
            return n + 1;
        }
    }
    w.ids.len()
}

/// The weighted Dice similarity of two word sets, or `None` when they
/// differ in what makes work distinct (see the module docs).
fn compare(
    a: &Words,
    b: &Words,
    weight: &[f64],
    spelled: &[String],
    is_stop: &dyn Fn(u32) -> bool,
) -> Option<f64> {
    // The shared weight first, without allocating: most candidates stop
    // here. Only a pair at the threshold has its differing words listed.
    let shared: f64 = a
        .by_id
        .iter()
        .filter(|id| b.by_id.binary_search(id).is_ok())
        .map(|&id| weight[id as usize])
        .sum();
    let similarity = 2.0 * shared / (a.weight + b.weight);
    if similarity < THRESHOLD {
        return Some(similarity);
    }
    let only = |x: &Words, y: &Words| -> Vec<u32> {
        x.by_id
            .iter()
            .copied()
            .filter(|id| y.by_id.binary_search(id).is_err())
            .collect()
    };
    let (only_a, only_b) = (only(a, b), only(b, a));
    let word = |id: &u32| spelled[*id as usize].as_str();
    let differs = only_a.iter().chain(&only_b).any(|id| {
        let w = word(id);
        w.bytes().all(|b| b.is_ascii_digit()) || NEGATIONS.contains(&w)
    }) || only_a.iter().any(|x| {
        only_b.iter().any(|y| {
            let (x, y) = (word(x), word(y));
            NEGATING_PREFIXES.iter().any(|p| {
                x.strip_prefix(p).is_some_and(|rest| rest == y)
                    || y.strip_prefix(p).is_some_and(|rest| rest == x)
            })
        })
    }) || (only_a.iter().any(|&id| !is_stop(id))
        && only_b.iter().any(|&id| !is_stop(id)));
    (!differs).then_some(similarity)
}

#[cfg(test)]
#[path = "duplicates_tests.rs"]
mod tests;
