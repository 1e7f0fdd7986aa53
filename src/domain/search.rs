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
        self.words.iter().all(|w| find(key_and_title, w).is_some())
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
    if text.is_ascii() {
        find_ascii(text.as_bytes(), word.as_bytes())
    } else {
        let folded = fold(text);
        find_folded(&folded, word)
    }
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

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;
