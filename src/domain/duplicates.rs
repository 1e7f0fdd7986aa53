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
use std::hash::{BuildHasherDefault, Hasher};

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

/// A text's words as ids, in the order they appear (repeats kept), and
/// the length of the text they make when joined by single spaces.
struct Spelt {
    ids: Vec<u32>,
    joined_len: usize,
}

/// Words → ids: each distinct word is stored once.
#[derive(Default)]
struct Vocabulary {
    ids: HashMap<String, u32, BuildHasherDefault<WordHasher>>,
    spelled: Vec<String>,
}

impl Vocabulary {
    fn id(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = self.spelled.len() as u32;
        self.ids.insert(word.to_string(), id);
        self.spelled.push(word.to_string());
        id
    }

    /// The words of `text`: lower case, punctuation dropped (a word is a
    /// run of letters and digits), a plural `s` folded (`edits` = `edit`).
    fn spell(&mut self, text: &str, word: &mut String) -> Spelt {
        let mut spelt = Spelt {
            ids: Vec::new(),
            joined_len: 0,
        };
        let mut end_word = |word: &mut String, vocabulary: &mut Vocabulary| {
            if word.is_empty() {
                return;
            }
            let w = if word.len() > 3 && word.ends_with('s') && !word.ends_with("ss") {
                &word[..word.len() - 1]
            } else {
                word.as_str()
            };
            if !spelt.ids.is_empty() {
                spelt.joined_len += 1;
            }
            spelt.joined_len += w.len();
            spelt.ids.push(vocabulary.id(w));
            word.clear();
        };
        word.clear();
        for c in text.chars() {
            if c.is_alphanumeric() {
                word.push(c.to_lowercase().next().unwrap_or(c));
            } else {
                end_word(word, self);
            }
        }
        end_word(word, self);
        spelt
    }
}

/// FxHash's multiply-rotate over 8 bytes at a time, for the word table:
/// SipHash's guard against adversarial keys is not needed for a backlog's
/// own words, and would be most of the interning's time.
#[derive(Default, Clone, Copy)]
struct WordHasher(u64);

impl WordHasher {
    fn add(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut eight = [0u8; 8];
            eight.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(eight));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

/// The likely duplicates among `texts`, each pair once (`a < b`), in
/// input order of `a` then `b`.
pub fn similar_texts(texts: &[&str]) -> Vec<Similar> {
    // Words → ids, and each text's distinct ids; texts shorter than
    // `MIN_LEN` (their words joined by spaces) get none.
    let mut vocabulary = Vocabulary::default();
    let mut sets: Vec<Vec<u32>> = Vec::with_capacity(texts.len());
    let mut keys: Vec<Vec<u32>> = Vec::with_capacity(texts.len());
    let mut word = String::new();
    for text in texts {
        let spelt = vocabulary.spell(text, &mut word);
        let mut ids = spelt.ids.clone();
        ids.sort_unstable();
        ids.dedup();
        sets.push(if spelt.joined_len >= MIN_LEN {
            ids
        } else {
            Vec::new()
        });
        keys.push(spelt.ids);
    }
    let spelled = vocabulary.spelled;
    let vocabulary = vocabulary.ids;
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
    // The same words in the same order make the same text.
    let mut same: HashMap<&[u32], usize, BuildHasherDefault<WordHasher>> = HashMap::default();
    let mut representative = vec![true; n];
    for (i, w) in texts_words.iter().enumerate() {
        if w.ids.is_empty() {
            representative[i] = false;
            continue;
        }
        match same.get(keys[i].as_slice()) {
            Some(&first) => {
                representative[i] = false;
                out.push(Similar {
                    a: first,
                    b: i,
                    similarity: 1.0,
                });
            }
            None => {
                same.insert(keys[i].as_slice(), i);
            }
        }
    }

    // Prefix filtering: a pair at the threshold shares a word among the
    // rarest of each. With Dice ≥ t, the shared weight is at least
    // t / (2 − t) of either side's, so the prefix holds more than the
    // rest: (1 − t / (2 − t)) of the weight.
    let keep = THRESHOLD / (2.0 - THRESHOLD);
    // Per word id, the texts holding it in their prefix.
    let mut postings: Vec<Vec<usize>> = vec![Vec::new(); spelled.len()];
    let mut seen_at = vec![usize::MAX; n];
    // The words of the text being matched, marked with its position: a
    // candidate's words are looked up in constant time.
    let mut marked = vec![usize::MAX; spelled.len()];
    for i in (0..n).filter(|&i| representative[i]) {
        let wi = &texts_words[i];
        for &id in &wi.by_id {
            marked[id as usize] = i;
        }
        let prefix_len = prefix_len(wi, &weight, 1.0 - keep);
        for &id in &wi.ids[..prefix_len] {
            for &j in postings[id as usize].iter().rev().take(PROBES) {
                if seen_at[j] == i {
                    continue;
                }
                seen_at[j] = i;
                let wj = &texts_words[j];
                // Length filter: the lighter side must hold enough.
                if wi.weight.min(wj.weight) < keep * wi.weight.max(wj.weight) {
                    continue;
                }
                if !may_reach(wj, wi, i, &marked, &weight) {
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
        for &id in &wi.ids[..prefix_len] {
            postings[id as usize].push(i);
        }
    }
    out.sort_by(|x, y| x.a.cmp(&y.a).then(x.b.cmp(&y.b)));
    out
}

/// Whether `a` and `b` may share enough weight to reach the threshold,
/// decided cheaply: `a`'s words, rarest (heaviest) first, are looked up
/// among `b`'s (those marked with `b_at`), and the answer is no as soon as
/// what is shared plus what is left of `a` falls short. A safety margin
/// keeps rounding from ever turning away a pair that [`compare`] (which
/// sums in another order) would take, so the findings are the same; it
/// only spares most candidates the full comparison.
fn may_reach(a: &Words, b: &Words, b_at: usize, marked: &[usize], weight: &[f64]) -> bool {
    let needed = THRESHOLD * (a.weight + b.weight) / 2.0 * (1.0 - 1e-9);
    let mut shared = 0.0;
    let mut left = a.weight;
    for &id in &a.ids {
        let w = weight[id as usize];
        left -= w;
        if marked[id as usize] == b_at {
            shared += w;
        } else if shared + left < needed {
            return false;
        }
    }
    true
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
