//! Texts → word ids: lower case, punctuation dropped (a word is a run of
//! letters and digits), a plural `s` folded (`edits` = `edit`), each
//! distinct word stored once and each distinct part of a text spelt once.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Every text's words in order (repeats kept), which make its identity,
/// each text's run at `starts[t]..starts[t + 1]` of `words`; the length
/// of each text as its words joined by single spaces; the words' spelling
/// by id (ids in order of first appearance).
pub(super) struct Spelt {
    pub starts: Vec<usize>,
    pub words: Vec<u32>,
    pub joined_len: Vec<usize>,
    pub spelled: Vec<String>,
    pub ids: HashMap<String, u32, BuildHasherDefault<WordHasher>>,
}

impl Spelt {
    pub fn of(&self, t: usize) -> &[u32] {
        &self.words[self.starts[t]..self.starts[t + 1]]
    }
}

/// Spells `texts`, each as its three parts joined by single spaces.
pub(super) fn spell(texts: &[[&str; 3]]) -> Spelt {
    let n = texts.len();
    let mut speller = Speller {
        vocabulary: Vocabulary::default(),
        word: String::new(),
        parts: HashMap::default(),
        part_ids: Vec::new(),
    };
    let mut starts: Vec<usize> = Vec::with_capacity(n + 1);
    let mut words: Vec<u32> = Vec::new();
    let mut joined_len: Vec<usize> = Vec::with_capacity(n);
    for text in texts {
        let from = words.len();
        starts.push(from);
        let mut letters = 0;
        for part in text {
            let spelt = speller.part(part);
            words.extend_from_slice(&speller.part_ids[spelt.start..spelt.end]);
            letters += spelt.letters;
        }
        let count = words.len() - from;
        joined_len.push(if count == 0 { 0 } else { letters + count - 1 });
    }
    starts.push(words.len());
    Spelt {
        starts,
        words,
        joined_len,
        spelled: speller.vocabulary.spelled,
        ids: speller.vocabulary.ids,
    }
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
pub(super) struct WordHasher(u64);

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
