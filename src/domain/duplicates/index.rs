//! Everything the matching reads, built once per search: each text's
//! distinct words with their weights (rarest first, and by id), identical
//! texts grouped, and the posting lists of the prefix filter.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use super::spell::{Spelt, WordHasher, spell};
use super::{MIN_LEN, STOP, Similar, THRESHOLD};

/// A word of a text, with its weight beside it.
#[derive(Clone, Copy)]
pub(super) struct Word {
    pub id: u32,
    pub weight: f64,
}

/// Where a text's words are (`start..end` of [`Index::ranked`] and
/// [`Index::by_id`]), the sum of their weights, and which bits of
/// [`bit`] its words have: what a candidate is first checked on, side by
/// side in one record.
#[derive(Clone, Copy)]
pub(super) struct Head {
    pub start: u32,
    pub end: u32,
    pub total: f64,
    pub bits: u64,
}

/// A word's bit among 64: a text's words set theirs. A bit a candidate
/// has and the text matched has not stands for at least one word of the
/// candidate's that the text lacks.
pub(super) fn bit(id: u32) -> u64 {
    1 << (id % 64)
}

impl Head {
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// One search's texts, ready to be matched: any range of texts can then
/// be matched on its own (see [`super::matching`]).
pub(super) struct Index {
    /// How many texts.
    pub n: usize,
    /// Texts the same word for word as an earlier one: similarity 1.
    pub identical: Vec<Similar>,
    /// Whether each text stands for itself and its identical copies (and
    /// is long enough to be compared).
    pub representative: Vec<bool>,
    /// Per text; a text that is no representative has no words.
    pub heads: Vec<Head>,
    /// Words, rarest first (the global order), without repeats.
    pub ranked: Vec<Word>,
    /// Per word of `ranked`, the weight of it and the words after it in
    /// its text (summed from the text's last word): the lightest words'
    /// weight, for the bound on what two texts can share.
    pub lightest: Vec<f64>,
    /// The same ids in increasing order, for the exact comparison.
    pub by_id: Vec<u32>,
    /// Per text, how many of its rarest words make its prefix.
    pub prefix_len: Vec<u32>,
    /// Per word of `ranked` in a prefix, where its text is in the word's
    /// posting list (an index into `postings`).
    pub slot: Vec<u32>,
    /// Per word id, where its posting list starts in `postings` (the
    /// representatives holding it in their prefix, in increasing order).
    pub posting_starts: Vec<u32>,
    pub postings: Vec<u32>,
    /// Per word id, its weight.
    pub weight: Vec<f64>,
    /// Per word id, its spelling.
    pub spelled: Vec<String>,
    /// The ids of the stop words the texts hold.
    pub stop: Vec<u32>,
}

/// A length as a position in the flat vectors: a search holds fewer
/// than 2³² words (that would take tens of gigabytes before this).
fn at(n: usize) -> u32 {
    u32::try_from(n).expect("fewer than 2^32 words in a search")
}

impl Index {
    /// The index of `texts`, each as its three parts joined by single
    /// spaces.
    pub fn new(texts: &[[&str; 3]]) -> Index {
        let spelt = spell(texts);
        let n = texts.len();
        let (identical, representative, copies) = identical(&spelt, n);
        // Each representative's distinct ids, sorted by id (none for the
        // others).
        let mut starts: Vec<usize> = Vec::with_capacity(n + 1);
        let mut by_id: Vec<u32> = Vec::new();
        for (t, &is_representative) in representative.iter().enumerate() {
            starts.push(by_id.len());
            if is_representative {
                let from = by_id.len();
                by_id.extend_from_slice(spelt.of(t));
                by_id[from..].sort_unstable();
                let mut kept = from;
                for k in from..by_id.len() {
                    if k == from || by_id[k] != by_id[kept - 1] {
                        by_id[kept] = by_id[k];
                        kept += 1;
                    }
                }
                by_id.truncate(kept);
            }
        }
        starts.push(by_id.len());
        let words = spelt.spelled.len();
        // In how many texts each word is: a representative counts for its
        // copies.
        let mut df = vec![0u32; words];
        for (t, &c) in copies.iter().enumerate() {
            for &id in &by_id[starts[t]..starts[t + 1]] {
                df[id as usize] += c;
            }
        }
        let weight: Vec<f64> = df
            .iter()
            .map(|&d| (1.0 + n as f64 / f64::from(d.max(1))).ln())
            .collect();
        // Rarest first; ties by id, so the order is one global order: each
        // id's place in it, then each text's ids sorted by their places.
        let mut order: Vec<u32> = (0..at(words)).collect();
        order.sort_unstable_by_key(|&id| (df[id as usize], id));
        let mut place = vec![0u32; words];
        for (p, &id) in order.iter().enumerate() {
            place[id as usize] = at(p);
        }
        let mut ranked: Vec<Word> = Vec::with_capacity(by_id.len());
        let mut places: Vec<u32> = Vec::new();
        let mut heads: Vec<Head> = Vec::with_capacity(n);
        let mut lightest: Vec<f64> = vec![0.0; by_id.len()];
        for t in 0..n {
            let (from, to) = (starts[t], starts[t + 1]);
            places.clear();
            places.extend(by_id[from..to].iter().map(|&id| place[id as usize]));
            places.sort_unstable();
            let (mut total, mut bits) = (0.0, 0);
            for &p in &places {
                let id = order[p as usize];
                let w = weight[id as usize];
                total += w;
                bits |= bit(id);
                ranked.push(Word { id, weight: w });
            }
            let mut light = 0.0;
            for k in (from..to).rev() {
                light += ranked[k].weight;
                lightest[k] = light;
            }
            heads.push(Head {
                start: at(from),
                end: at(to),
                total,
                bits,
            });
        }
        let stop: Vec<u32> = STOP
            .iter()
            .filter_map(|w| spelt.ids.get(*w).copied())
            .collect();
        let mut index = Index {
            n,
            identical,
            representative,
            heads,
            ranked,
            lightest,
            by_id,
            prefix_len: vec![0; n],
            slot: Vec::new(),
            posting_starts: Vec::new(),
            postings: Vec::new(),
            weight,
            spelled: spelt.spelled,
            stop,
        };
        index.post();
        index
    }

    /// The prefix filter's lists: a pair at the threshold shares a word
    /// among the rarest of each. With Dice ≥ t, the shared weight is at
    /// least t / (2 − t) of either side's, so the prefix holds more than
    /// the rest: (1 − t / (2 − t)) of the weight.
    fn post(&mut self) {
        let share = 1.0 - keep();
        let words = self.weight.len();
        let mut counts = vec![0u32; words + 1];
        for t in (0..self.n).filter(|&t| self.representative[t]) {
            let head = self.heads[t];
            let words = &self.ranked[head.range()];
            let len = prefix_len(words, head.total, share);
            self.prefix_len[t] = at(len);
            for w in &words[..len] {
                counts[w.id as usize + 1] += 1;
            }
        }
        for id in 0..words {
            counts[id + 1] += counts[id];
        }
        let mut next = counts.clone();
        self.postings = vec![0; counts[words] as usize];
        self.slot = vec![u32::MAX; self.ranked.len()];
        for t in (0..self.n).filter(|&t| self.representative[t]) {
            let start = self.heads[t].start as usize;
            for k in start..start + self.prefix_len[t] as usize {
                let id = self.ranked[k].id as usize;
                let s = next[id];
                self.postings[s as usize] = at(t);
                self.slot[k] = s;
                next[id] += 1;
            }
        }
        self.posting_starts = counts;
    }
}

/// The share of either side's weight a pair at the threshold shares.
pub(super) fn keep() -> f64 {
    THRESHOLD / (2.0 - THRESHOLD)
}

/// Identical texts: the pairs (each later copy with the first), which
/// texts are representatives, and per representative how many texts it
/// stands for (itself included). The same words in the same order make
/// the same text. Texts shorter than `MIN_LEN` are not compared.
fn identical(spelt: &Spelt, n: usize) -> (Vec<Similar>, Vec<bool>, Vec<u32>) {
    let mut out = Vec::new();
    let mut same: HashMap<&[u32], usize, BuildHasherDefault<WordHasher>> = HashMap::default();
    let mut representative = vec![false; n];
    let mut copies = vec![0u32; n];
    for i in 0..n {
        if spelt.joined_len[i] < MIN_LEN {
            continue;
        }
        match same.get(spelt.of(i)) {
            Some(&first) => {
                copies[first] += 1;
                out.push(Similar {
                    a: first,
                    b: i,
                    similarity: 1.0,
                });
            }
            None => {
                same.insert(spelt.of(i), i);
                representative[i] = true;
                copies[i] = 1;
            }
        }
    }
    (out, representative, copies)
}

/// How many of the rarest `words` (rarest first; `total` the sum of
/// their weights) hold more than `share` of the weight.
fn prefix_len(words: &[Word], total: f64, share: f64) -> usize {
    let mut held = 0.0;
    for (n, w) in words.iter().enumerate() {
        held += w.weight;
        if held > share * total {
            return n + 1;
        }
    }
    words.len()
}
