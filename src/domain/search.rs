//! Text search over items: every word of the query must occur in the item
//! (as a whole word or inside one), ignoring case and accents — `map`
//! finds "Map view" and "roadmap", not "Manage API keys". Searched: key,
//! title, description, persona, goal, benefit, acceptance criteria,
//! labels. Shared by the TUI filter and `backlog search`.

use std::cmp::Ordering;

use super::Item;

/// Where in an item a query matched, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Key,
    Title,
    Label,
    Goal,
    Persona,
    Benefit,
    Criterion,
    Description,
}

impl Field {
    pub fn name(self) -> &'static str {
        match self {
            Field::Key => "key",
            Field::Title => "title",
            Field::Label => "label",
            Field::Goal => "goal",
            Field::Persona => "persona",
            Field::Benefit => "benefit",
            Field::Criterion => "criterion",
            Field::Description => "description",
        }
    }

    /// How much a match here counts.
    fn weight(self) -> u32 {
        match self {
            Field::Key => 60,
            Field::Title => 50,
            Field::Label => 30,
            Field::Goal | Field::Persona | Field::Benefit => 20,
            Field::Criterion => 15,
            Field::Description => 10,
        }
    }
}

/// A search query: its words, folded (lower case, accents removed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    words: Vec<String>,
}

/// An item that matches, how well, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub score: u32,
    /// The best field a word matched in.
    pub field: Field,
    /// The text of that field (for a criterion, that criterion).
    pub text: String,
}

impl Query {
    /// `None` for a query with no words.
    pub fn new(text: &str) -> Option<Query> {
        let words: Vec<String> = fold(text).split_whitespace().map(str::to_string).collect();
        (!words.is_empty()).then_some(Query { words })
    }

    /// The query's words, folded.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// Whether this query finds everything `wider` does not rule out:
    /// each of `wider`'s words is part of one of these words (typing on
    /// only ever narrows).
    pub fn narrows(&self, wider: &Query) -> bool {
        wider
            .words
            .iter()
            .all(|w| self.words.iter().any(|x| x.contains(w.as_str())))
    }

    /// Whether the key and title alone match (the quick test).
    pub fn matches_title(&self, key_and_title: &str) -> bool {
        self.words.iter().all(|w| contains(key_and_title, w))
    }

    /// Whether `item` matches: `self.hit(item).is_some()`, without working
    /// out where it matches best. Each word is looked for field by field
    /// and the search stops at its first occurrence (a hit reads every
    /// field to its end, to score the word and find a word start), so a
    /// filter over every item reads little more than it must.
    /// `key_and_title` is the item's "KEY title" (as
    /// [`Backlog::search_text_at`](super::Backlog::search_text_at) keeps
    /// it): a word has no space, so it occurs there exactly when it occurs
    /// in the key or in the title.
    pub fn matches(&self, key_and_title: &str, item: &Item) -> bool {
        self.words
            .iter()
            .all(|w| contains(key_and_title, w) || in_other_fields(item, w))
    }

    /// The item's match, if every word occurs in one of its fields.
    pub fn hit(&self, item: &Item) -> Option<Hit> {
        let key = item.key.to_string();
        let mut fields: Vec<(Field, &str)> = vec![(Field::Key, &key), (Field::Title, &item.title)];
        fields.extend(item.labels.iter().map(|l| (Field::Label, l.as_str())));
        for (f, v) in [
            (Field::Goal, &item.goal),
            (Field::Persona, &item.persona),
            (Field::Benefit, &item.benefit),
        ] {
            if let Some(v) = v {
                fields.push((f, v.as_str()));
            }
        }
        fields.extend(
            item.criteria
                .iter()
                .map(|c| (Field::Criterion, c.text.as_str())),
        );
        fields.push((Field::Description, &item.description));
        let mut score = 0;
        let mut best: Option<(Field, &str)> = None;
        for w in &self.words {
            let mut word_best: Option<(u32, Field, &str)> = None;
            for &(f, text) in &fields {
                if let Some(at_start) = find(text, w) {
                    let s = f.weight() + if at_start { 10 } else { 0 };
                    if word_best.is_none_or(|(b, _, _)| s > b) {
                        word_best = Some((s, f, text));
                    }
                }
            }
            let (s, f, text) = word_best?;
            score += s;
            if best.is_none_or(|(b, _)| f < b) {
                best = Some((f, text));
            }
        }
        let (field, text) = best?;
        Some(Hit {
            score,
            field,
            text: text.to_string(),
        })
    }
}

/// Whether `word` occurs in a field of `item` besides its key and title.
/// Kept out of line: most items match on their title, and the item itself
/// (a large struct, away from the compact titles) is then never read.
#[inline(never)]
fn in_other_fields(item: &Item, word: &str) -> bool {
    item.labels.iter().any(|l| contains(l, word))
        || [&item.goal, &item.persona, &item.benefit]
            .into_iter()
            .flatten()
            .any(|v| contains(v, word))
        || item.criteria.iter().any(|c| contains(&c.text, word))
        || contains(&item.description, word)
}

/// Lower case without accents: `Élan` → `elan`, `Straße` → `strasse`.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_folded(&mut out, c);
    }
    out
}

fn push_folded(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let base = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å'
        | 'Ā' | 'Ă' | 'Ą' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => "c",
        'ď' | 'đ' | 'Ď' | 'Đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę'
        | 'Ě' => "e",
        'ğ' | 'Ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'Į' | 'İ' => {
            "i"
        }
        'ł' | 'ľ' | 'Ł' | 'Ľ' => "l",
        'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' | 'Ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō'
        | 'Ő' => "o",
        'œ' | 'Œ' => "oe",
        'ř' | 'Ř' => "r",
        'ś' | 'š' | 'ş' | 'Ś' | 'Š' | 'Ş' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'Ť' | 'Ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű'
        | 'Ų' => "u",
        'ý' | 'ÿ' | 'Ý' | 'Ÿ' => "y",
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => "z",
        _ => {
            out.extend(c.to_lowercase());
            return;
        }
    };
    out.push_str(base);
}

/// Where folded `word` occurs in `text`: `Some(true)` when at the start
/// of a word of it, `Some(false)` inside one, `None` not at all. ASCII
/// text is searched in place; other text is folded first.
pub fn find(text: &str, word: &str) -> Option<bool> {
    #[cfg(test)]
    searched::one();
    if text.is_ascii() {
        find_ascii(text.as_bytes(), word.as_bytes())
    } else {
        let folded = fold(text);
        find_folded(&folded, word)
    }
}

/// Whether folded `word` occurs in `text`: `find(text, word).is_some()`,
/// stopping at the first occurrence. The word's ASCII letters are looked
/// for in place first (with `memchr`, both cases at once): ASCII
/// characters fold one to one, so a match there is a match in the folded
/// text; only text with other characters that has none is folded.
pub fn contains(text: &str, word: &str) -> bool {
    #[cfg(test)]
    searched::one();
    let needle = word.as_bytes();
    if needle.is_ascii() && contains_ascii(text.as_bytes(), needle) {
        return true;
    }
    if text.is_ascii() {
        // Folded, ASCII text is its lower case: no other match to find.
        return false;
    }
    fold(text).contains(word)
}

/// Whether `needle` (folded ASCII, not empty) occurs in `hay`, ignoring
/// ASCII case. Bytes of a multi-byte character are never ASCII, so `hay`
/// may be any UTF-8.
fn contains_ascii(hay: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return false;
    };
    let upper = first.to_ascii_uppercase();
    let mut at = 0;
    while at + needle.len() <= hay.len() {
        let found = if upper == first {
            memchr::memchr(first, &hay[at..])
        } else {
            memchr::memchr2(first, upper, &hay[at..])
        };
        let Some(i) = found else {
            return false;
        };
        let start = at + i;
        let end = start + needle.len();
        if end > hay.len() {
            return false;
        }
        if hay[start + 1..end].eq_ignore_ascii_case(rest) {
            return true;
        }
        at = start + 1;
    }
    false
}

fn find_folded(folded: &str, word: &str) -> Option<bool> {
    let mut found = None;
    for (i, _) in folded.match_indices(word) {
        let start = folded[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        if start {
            return Some(true);
        }
        found = Some(false);
    }
    found
}

/// [`find`] for ASCII `hay`, ignoring its case; `needle` is folded.
fn find_ascii(hay: &[u8], needle: &[u8]) -> Option<bool> {
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    if !needle.is_ascii() {
        return None;
    }
    let mut found = None;
    for i in 0..=hay.len() - needle.len() {
        if hay[i].eq_ignore_ascii_case(&needle[0])
            && hay[i..i + needle.len()].eq_ignore_ascii_case(needle)
        {
            if i == 0 || !hay[i - 1].is_ascii_alphanumeric() {
                return Some(true);
            }
            found = Some(false);
        }
    }
    found
}

/// Ranks hits: best score first, then by key.
pub fn rank<K: Ord>(a: (&Hit, K), b: (&Hit, K)) -> Ordering {
    b.0.score.cmp(&a.0.score).then(a.1.cmp(&b.1))
}

/// The byte ranges of `text` where the query's words occur (to
/// highlight them), sorted and not overlapping.
pub fn highlights(text: &str, query: &Query) -> Vec<(usize, usize)> {
    // Fold char by char, remembering where each folded byte came from.
    let mut folded = String::new();
    let mut origin = Vec::new();
    for (i, c) in text.char_indices() {
        let before = folded.len();
        push_folded(&mut folded, c);
        origin.extend(std::iter::repeat_n(
            (i, i + c.len_utf8()),
            folded.len() - before,
        ));
    }
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for w in &query.words {
        for (i, m) in folded.match_indices(w.as_str()) {
            let start = origin[i].0;
            let end = origin[i + m.len() - 1].1;
            ranges.push((start, end));
        }
    }
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.0 <= last.1 => last.1 = last.1.max(r.1),
            _ => merged.push(r),
        }
    }
    merged
}

/// How many texts this thread has searched (a test's measure of the
/// work a search does, as a count rather than a time).
#[cfg(test)]
pub(crate) mod searched {
    use std::cell::Cell;

    thread_local! {
        static TEXTS: Cell<usize> = const { Cell::new(0) };
    }

    pub(super) fn one() {
        TEXTS.with(|t| t.set(t.get() + 1));
    }

    /// The texts searched by `f`.
    pub(crate) fn by<R>(f: impl FnOnce() -> R) -> (R, usize) {
        let before = TEXTS.with(Cell::get);
        let r = f();
        (r, TEXTS.with(Cell::get) - before)
    }
}

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;
