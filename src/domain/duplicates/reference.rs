//! The matching as it was before the posting lists were built whole and
//! texts matched in ranges (`5b82951`), kept word for word as the
//! reference the new one must agree with, pair for pair and bit for bit.
#![allow(clippy::all)]

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::{MIN_LEN, NEGATING_PREFIXES, NEGATIONS, PROBES, STOP, Similar, THRESHOLD};

/// Every text's words, each text's run at `starts[t]..starts[t + 1]` of
/// the flat vectors: one allocation for all, and the candidates' words
/// next to each other in memory.
struct Texts {
    starts: Vec<usize>,
    /// Words, rarest first (the global order), without repeats.
    ranked: Vec<Word>,
    /// The same ids in increasing order, for the exact comparison.
    by_id: Vec<u32>,
    /// Per text, the sum of its words' weights.
    total: Vec<f64>,
}

impl Texts {
    fn range(&self, t: usize) -> std::ops::Range<usize> {
        self.starts[t]..self.starts[t + 1]
    }
}

/// A word of a text, with its weight beside it.
#[derive(Clone, Copy)]
struct Word {
    id: u32,
    weight: f64,
}

/// Words → ids: each distinct word is stored once.
#[derive(Default)]
struct Vocabulary {
    ids: HashMap<String, u32, BuildHasherDefault<WordHasher>>,
    spelled: Vec<String>,
}

/// Where the words of one part of a text were spelt (in
/// [`Speller::part_ids`]), and their total length.
#[derive(Clone, Copy)]
struct PartWords {
    start: usize,
    end: usize,
    letters: usize,
}

/// Spells parts of texts into word ids, each distinct part once: a
/// backlog repeats its personas, benefits and many titles word for word.
struct Speller<'t> {
    vocabulary: Vocabulary,
    word: String,
    parts: HashMap<&'t str, PartWords, BuildHasherDefault<WordHasher>>,
    part_ids: Vec<u32>,
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
}

impl<'t> Speller<'t> {
    /// The words of `part`: lower case, punctuation dropped (a word is a
    /// run of letters and digits), a plural `s` folded (`edits` = `edit`).
    fn part(&mut self, part: &'t str) -> PartWords {
        if let Some(&spelt) = self.parts.get(part) {
            return spelt;
        }
        let start = self.part_ids.len();
        let mut letters = 0;
        self.word.clear();
        if part.is_ascii() {
            // The same rules, byte by byte: for ASCII, a letter or digit
            // is `is_ascii_alphanumeric` and lower case is one byte.
            for &b in part.as_bytes() {
                if b.is_ascii_alphanumeric() {
                    self.word.push(char::from(b.to_ascii_lowercase()));
                } else {
                    letters += self.end_word();
                }
            }
        } else {
            for c in part.chars() {
                if c.is_alphanumeric() {
                    self.word.push(c.to_lowercase().next().unwrap_or(c));
                } else {
                    letters += self.end_word();
                }
            }
        }
        letters += self.end_word();
        let spelt = PartWords {
            start,
            end: self.part_ids.len(),
            letters,
        };
        self.parts.insert(part, spelt);
        spelt
    }

    /// Ends the word being read, if any: its id goes on the part's list.
    /// Returns its length.
    fn end_word(&mut self) -> usize {
        if self.word.is_empty() {
            return 0;
        }
        let word = self.word.as_str();
        let w = if word.len() > 3 && word.ends_with('s') && !word.ends_with("ss") {
            &word[..word.len() - 1]
        } else {
            word
        };
        let len = w.len();
        let id = self.vocabulary.id(w);
        self.part_ids.push(id);
        self.word.clear();
        len
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
#[allow(dead_code)]
pub fn similar_texts(texts: &[&str]) -> Vec<Similar> {
    let parts: Vec<[&str; 3]> = texts.iter().map(|t| [*t, "", ""]).collect();
    similar_joined(&parts)
}

/// [`similar_texts`] of texts given in three parts each, as if each were
/// its parts joined by single spaces (`persona goal benefit`), without
/// joining them.
pub fn similar_joined(texts: &[[&str; 3]]) -> Vec<Similar> {
    // Words → ids; each text's words in order (repeats kept), which make
    // its identity, and the length of the text they make when joined by
    // single spaces.
    let n = texts.len();
    let mut speller = Speller {
        vocabulary: Vocabulary::default(),
        word: String::new(),
        parts: HashMap::default(),
        part_ids: Vec::new(),
    };
    let mut seq_starts: Vec<usize> = Vec::with_capacity(n + 1);
    let mut seqs: Vec<u32> = Vec::new();
    let mut joined_len: Vec<usize> = Vec::with_capacity(n);
    for text in texts {
        seq_starts.push(seqs.len());
        let mut letters = 0;
        for part in text {
            let spelt = speller.part(part);
            seqs.extend_from_slice(&speller.part_ids[spelt.start..spelt.end]);
            letters += spelt.letters;
        }
        let words = seqs.len() - seq_starts[seq_starts.len() - 1];
        joined_len.push(if words == 0 { 0 } else { letters + words - 1 });
    }
    seq_starts.push(seqs.len());
    let vocabulary = speller.vocabulary;
    let seq = |t: usize| &seqs[seq_starts[t]..seq_starts[t + 1]];

    // Identical texts first: one representative each goes on to matching.
    // The same words in the same order make the same text. Texts shorter
    // than `MIN_LEN` are not compared.
    let mut out = Vec::new();
    let mut same: HashMap<&[u32], usize, BuildHasherDefault<WordHasher>> = HashMap::default();
    let mut representative = vec![false; n];
    // Per representative, how many texts it stands for (itself included).
    let mut copies = vec![0u32; n];
    for i in 0..n {
        if joined_len[i] < MIN_LEN {
            continue;
        }
        match same.get(seq(i)) {
            Some(&first) => {
                copies[first] += 1;
                out.push(Similar {
                    a: first,
                    b: i,
                    similarity: 1.0,
                });
            }
            None => {
                same.insert(seq(i), i);
                representative[i] = true;
                copies[i] = 1;
            }
        }
    }
    // Each representative's distinct ids, sorted by id (none for the
    // others).
    let mut set_starts: Vec<usize> = Vec::with_capacity(n + 1);
    let mut sets: Vec<u32> = Vec::new();
    for (i, &is_representative) in representative.iter().enumerate() {
        set_starts.push(sets.len());
        if is_representative {
            let from = sets.len();
            sets.extend_from_slice(seq(i));
            sets[from..].sort_unstable();
            let mut kept = from;
            for k in from..sets.len() {
                if k == from || sets[k] != sets[kept - 1] {
                    sets[kept] = sets[k];
                    kept += 1;
                }
            }
            sets.truncate(kept);
        }
    }
    set_starts.push(sets.len());
    let spelled = vocabulary.spelled;
    let vocabulary = vocabulary.ids;
    // In how many texts each word is: a representative counts for its
    // copies.
    let mut df = vec![0u32; spelled.len()];
    for (t, &c) in copies.iter().enumerate() {
        for &id in &sets[set_starts[t]..set_starts[t + 1]] {
            df[id as usize] += c;
        }
    }
    let weight: Vec<f64> = df
        .iter()
        .map(|&d| (1.0 + n as f64 / f64::from(d.max(1))).ln())
        .collect();
    // Rarest first; ties by id, so the order is one global order.
    let rank = |id: u32| (df[id as usize], id);
    let mut ranked = sets.clone();
    for t in 0..n {
        ranked[set_starts[t]..set_starts[t + 1]].sort_unstable_by_key(|&id| rank(id));
    }
    let texts_words = Texts {
        total: (0..n)
            .map(|t| {
                ranked[set_starts[t]..set_starts[t + 1]]
                    .iter()
                    .map(|&id| weight[id as usize])
                    .sum()
            })
            .collect(),
        ranked: ranked
            .iter()
            .map(|&id| Word {
                id,
                weight: weight[id as usize],
            })
            .collect(),
        by_id: sets,
        starts: set_starts,
    };
    let stop: Vec<Option<u32>> = STOP.iter().map(|w| vocabulary.get(*w).copied()).collect();
    let is_stop = |id: u32| stop.contains(&Some(id));

    // Prefix filtering: a pair at the threshold shares a word among the
    // rarest of each. With Dice ≥ t, the shared weight is at least
    // t / (2 − t) of either side's, so the prefix holds more than the
    // rest: (1 − t / (2 − t)) of the weight.
    let keep = THRESHOLD / (2.0 - THRESHOLD);
    // Per text, `keep` times its weight: the length filter's bound.
    let kept: Vec<f64> = texts_words.total.iter().map(|&w| keep * w).collect();
    // Per word id, the texts holding it in their prefix.
    let mut postings: Vec<Vec<u32>> = vec![Vec::new(); spelled.len()];
    let mut seen_at = vec![u32::MAX; n];
    // The words of the text being matched, marked with its position: a
    // candidate's words are looked up in constant time.
    let mut marked = vec![u32::MAX; spelled.len()];
    for i in (0..n).filter(|&i| representative[i]) {
        let at = i as u32;
        let words_i = &texts_words.ranked[texts_words.range(i)];
        for w in words_i {
            marked[w.id as usize] = at;
        }
        let (wi, ki) = (texts_words.total[i], kept[i]);
        let prefix = &words_i[..prefix_len(words_i, wi, 1.0 - keep)];
        for w in prefix {
            for &j in postings[w.id as usize].iter().rev().take(PROBES) {
                let j = j as usize;
                if seen_at[j] == at {
                    continue;
                }
                seen_at[j] = at;
                // Length filter: the lighter side must hold enough
                // (`min < keep × max`, one side at a time).
                let wj = texts_words.total[j];
                if wj < ki || wi < kept[j] {
                    continue;
                }
                if !may_reach(&texts_words, j, wi, at, &marked) {
                    continue;
                }
                if let Some(similarity) =
                    compare(&texts_words, j, i, &marked, &weight, &spelled, &is_stop)
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
        for w in prefix {
            postings[w.id as usize].push(at);
        }
    }
    out.sort_by(|x, y| x.a.cmp(&y.a).then(x.b.cmp(&y.b)));
    out
}

/// Whether text `a` and the text `b_at` (of total weight `b_weight`, its
/// words marked with `b_at`) may share enough weight to reach the
/// threshold, decided cheaply: `a`'s words, rarest (heaviest) first, are
/// looked up among `b`'s, and the answer is no as soon as what is shared
/// plus what is left of `a` falls short. A safety margin keeps rounding
/// from ever turning away a pair that [`compare`] (which sums in another
/// order) would take, so the findings are the same; it only spares most
/// candidates the full comparison.
fn may_reach(texts: &Texts, a: usize, b_weight: f64, b_at: u32, marked: &[u32]) -> bool {
    let a_weight = texts.total[a];
    let needed = THRESHOLD * (a_weight + b_weight) / 2.0 * (1.0 - 1e-9);
    let mut shared = 0.0;
    let mut left = a_weight;
    for word in &texts.ranked[texts.range(a)] {
        let w = word.weight;
        left -= w;
        if marked[word.id as usize] == b_at {
            shared += w;
        } else if shared + left < needed {
            return false;
        }
    }
    true
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

/// The weighted Dice similarity of texts `a` and `b` (whose words are
/// those marked with `b`), or `None` when they differ in what makes work
/// distinct (see the module docs).
fn compare(
    texts: &Texts,
    a: usize,
    b: usize,
    marked: &[u32],
    weight: &[f64],
    spelled: &[String],
    is_stop: &dyn Fn(u32) -> bool,
) -> Option<f64> {
    let (a_words, b_words) = (&texts.by_id[texts.range(a)], &texts.by_id[texts.range(b)]);
    let in_b = |id: &u32| marked[*id as usize] == b as u32;
    // The shared weight first, summed in word-id order, without
    // allocating: most candidates stop here. Only a pair at the threshold
    // has its differing words listed.
    let shared: f64 = a_words
        .iter()
        .filter(|id| in_b(id))
        .map(|&id| weight[id as usize])
        .sum();
    let similarity = 2.0 * shared / (texts.total[a] + texts.total[b]);
    if similarity < THRESHOLD {
        return Some(similarity);
    }
    let only_a: Vec<u32> = a_words.iter().copied().filter(|id| !in_b(id)).collect();
    let only_b: Vec<u32> = b_words
        .iter()
        .copied()
        .filter(|id| a_words.binary_search(id).is_err())
        .collect();
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
