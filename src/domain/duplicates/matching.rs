//! Matching a range of texts against the earlier ones: the candidates of
//! each text come from its prefix's posting lists, each probed for the
//! `PROBES` texts before it, and are checked cheaply before the exact
//! comparison. Texts are matched independently of each other, so ranges
//! can be matched on different threads.

use std::ops::Range;

use super::index::{Head, Index, Word, keep};
use super::{NEGATING_PREFIXES, NEGATIONS, PROBES, Similar, THRESHOLD};

/// What one thread needs to match texts of one [`Index`]: which texts it
/// saw as candidates of the text being matched (marked with its
/// position), and per word id whether that text holds it, as a mask of
/// all ones or all zeros (a candidate's words are looked up in constant
/// time, and a weight is kept or dropped without a branch).
pub(super) struct Scratch {
    seen_at: Vec<u32>,
    marked: Vec<u64>,
}

impl Scratch {
    pub fn new(index: &Index) -> Scratch {
        Scratch {
            seen_at: vec![u32::MAX; index.n],
            marked: vec![0; index.weight.len()],
        }
    }
}

/// The likely duplicates `(j, i)` with `i` in `texts` and `j < i`
/// (identical texts aside), in no particular order.
pub(super) fn match_range(
    index: &Index,
    texts: Range<usize>,
    scratch: &mut Scratch,
) -> Vec<Similar> {
    let keep = keep();
    let Scratch { seen_at, marked } = scratch;
    let mut out = Vec::new();
    for i in texts.filter(|&i| index.representative[i]) {
        let at = i as u32;
        let head_i = index.heads[i];
        let words_i = &index.ranked[head_i.range()];
        for w in words_i {
            marked[w.id as usize] = u64::MAX;
        }
        let (wi, ki) = (head_i.total, keep * head_i.total);
        let bits_i = head_i.bits;
        let start = head_i.start as usize;
        for k in start..start + index.prefix_len[i] as usize {
            let id = index.ranked[k].id as usize;
            // The texts before this one in the word's list: its most
            // recent `PROBES`.
            let (first, slot) = (index.posting_starts[id] as usize, index.slot[k] as usize);
            let probed = &index.postings[slot.saturating_sub(PROBES).max(first)..slot];
            for &j in probed.iter().rev() {
                let j = j as usize;
                if seen_at[j] == at {
                    continue;
                }
                seen_at[j] = at;
                // Length filter: the lighter side must hold enough
                // (`min < keep × max`, one side at a time).
                let head_j = index.heads[j];
                let wj = head_j.total;
                if wj < ki || wi < keep * wj {
                    continue;
                }
                let needed = THRESHOLD * (wj + wi) / 2.0 * (1.0 - 1e-9);
                // Words of `j`'s this text certainly lacks, one per bit
                // only `j` has: at least the weight of as many of its
                // lightest words is not shared.
                let lacked = (head_j.bits & !bits_i).count_ones() as usize;
                if lacked > 0 && wj - index.lightest[head_j.end as usize - lacked] < needed {
                    continue;
                }
                if !may_reach(&index.ranked[head_j.range()], wj, needed, marked) {
                    continue;
                }
                if let Some(similarity) = compare(index, head_j, head_i, marked)
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
        for w in words_i {
            marked[w.id as usize] = 0;
        }
    }
    out
}

/// Whether text `a` (its `words` rarest first, of total weight
/// `a_weight`) and the text `b` (its words `marked`) may share the weight
/// `needed` to reach the threshold (`THRESHOLD` times the mean of their
/// weights, less a safety margin), decided cheaply: `a`'s words, rarest
/// (heaviest) first, are looked up among `b`'s, four at a time, and the
/// answer is no as soon as what is shared plus what is left of `a` falls
/// short (that sum only falls as words are read, and ends as the shared
/// weight). The safety margin keeps rounding from ever turning away a
/// pair that [`compare`] (which sums in another order) would take, so
/// the findings are the same; it only spares most candidates the full
/// comparison. Four words at a time without a branch between them:
/// whether a word is shared is a coin toss the processor cannot learn.
fn may_reach(words: &[Word], a_weight: f64, needed: f64, marked: &[u64]) -> bool {
    let mut shared = 0.0;
    let mut left = a_weight;
    for four in words.chunks(4) {
        for word in four {
            let w = word.weight;
            left -= w;
            // `w` if shared, else +0 (which leaves `shared` as it is).
            shared += f64::from_bits(w.to_bits() & marked[word.id as usize]);
        }
        if shared + left < needed {
            return false;
        }
    }
    true
}

/// The weighted Dice similarity of texts `a` and `b` (whose words are
/// those `marked`), or `None` when they differ in what makes
/// work distinct (see the module docs).
fn compare(index: &Index, a: Head, b: Head, marked: &[u64]) -> Option<f64> {
    let (a_words, b_words) = (&index.by_id[a.range()], &index.by_id[b.range()]);
    let in_b = |id: &u32| marked[*id as usize] != 0;
    // The shared weight first, summed in word-id order, without
    // allocating: most candidates stop here. Only a pair at the threshold
    // has its differing words listed.
    let shared: f64 = a_words
        .iter()
        .filter(|id| in_b(id))
        .map(|&id| index.weight[id as usize])
        .sum();
    let similarity = 2.0 * shared / (a.total + b.total);
    if similarity < THRESHOLD {
        return Some(similarity);
    }
    let only_a: Vec<u32> = a_words.iter().copied().filter(|id| !in_b(id)).collect();
    let only_b: Vec<u32> = b_words
        .iter()
        .copied()
        .filter(|id| a_words.binary_search(id).is_err())
        .collect();
    let word = |id: &u32| index.spelled[*id as usize].as_str();
    let is_stop = |id: u32| index.stop.contains(&id);
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
