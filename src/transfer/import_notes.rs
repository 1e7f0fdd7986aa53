//! Wording shared by the importers' notes: line lists and counts, kept
//! short however large the file.

/// `line 3`, `lines 3, 7, 12` (the first ten, then `…`).
pub fn line_list(lines: &[usize]) -> String {
    let shown: Vec<String> = lines.iter().take(10).map(ToString::to_string).collect();
    let more = if lines.len() > 10 { ", …" } else { "" };
    let word = if lines.len() == 1 { "line" } else { "lines" };
    format!("{word} {}{more}", shown.join(", "))
}

pub use crate::domain::text::count;

/// How many names a note lists before it only counts the rest.
pub const LISTED_MAX: usize = 20;

/// Names joined by `, `: the first [`LISTED_MAX`], then `… and 99,990
/// more`, so that a file with a hundred thousand columns still gives a
/// note of one short line.
pub fn capped_list<S: AsRef<str>>(names: &[S]) -> String {
    let shown: Vec<&str> = names.iter().take(LISTED_MAX).map(AsRef::as_ref).collect();
    let mut out = shown.join(", ");
    if names.len() > LISTED_MAX {
        out.push_str(&format!(
            ", … and {} more",
            thousands(names.len() - LISTED_MAX)
        ));
    }
    out
}

/// The line (from 1) of the first `"needle"` in a JSON text: where an
/// importer's message about a record points (1 when not found).
pub fn line_of(text: &str, needle: &str) -> usize {
    let quoted = format!("\"{needle}\"");
    text.find(&quoted).map_or(1, |at| {
        memchr::memchr_iter(b'\n', &text.as_bytes()[..at]).count() + 1
    })
}

/// The lines of records found in file order, counted once: each search
/// starts where the last one was found, so a file of N records is read
/// once, not N times ([`line_of`] from the start for each record made an
/// import of 10,000 taskwarrior tasks take 4.7 s, quadratic in the file).
pub struct Lines<'a> {
    text: &'a str,
    at: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Lines<'a> {
        Lines {
            text,
            at: 0,
            line: 1,
        }
    }

    /// The line of the first `"field": "value"` at or after the one found
    /// last; of the first `"value"` anywhere when there is none after it
    /// (a record out of order); 1 when there is none at all.
    pub fn find(&mut self, field: &str, value: &str) -> usize {
        let quoted = format!("\"{value}\"");
        let key = format!("\"{field}\"");
        let mut from = self.at;
        while let Some(off) = self.text[from..].find(&quoted) {
            let p = from + off;
            let before = self.text[..p].trim_end();
            if before
                .strip_suffix(':')
                .is_some_and(|b| b.trim_end().ends_with(&key))
            {
                self.line += memchr::memchr_iter(b'\n', &self.text.as_bytes()[self.at..p]).count();
                self.at = p;
                return self.line;
            }
            from = p + quoted.len();
        }
        line_of(self.text, value)
    }
}

/// `99990` → `99,990`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_records_in_file_order_match_a_search_from_the_start() {
        let text =
            "[\n{\"uuid\":\"a\"},\n{\"uuid\":\"b\",\n\"depends\":\"a\"},\n\n{\"uuid\":\"c\"}\n]";
        let mut lines = Lines::new(text);
        assert_eq!(lines.find("uuid", "a"), 2);
        assert_eq!(lines.find("uuid", "b"), 3);
        // "a" after b's uuid is b's dependency, not a's record.
        assert_eq!(lines.find("uuid", "c"), 6);
        // Out of order: found from the start, as line_of does.
        assert_eq!(lines.find("uuid", "b"), line_of(text, "b"));
        assert_eq!(lines.find("uuid", "missing"), 1);
        let spaced = "[\n{\"uuid\": \"a\", \"depends\": [\"b\"]},\n{\"uuid\" : \"b\"}]";
        let mut lines = Lines::new(spaced);
        assert_eq!(lines.find("uuid", "a"), 2);
        assert_eq!(lines.find("uuid", "b"), 3);
        // Many records on one line (taskwarrior's own export).
        let one_line: String = (0..1_000)
            .map(|n| format!("{{\"uuid\":\"u{n}\"}},"))
            .collect();
        let mut lines = Lines::new(&one_line);
        assert!((0..1_000).all(|n| lines.find("uuid", &format!("u{n}")) == 1));
    }

    #[test]
    fn lists_stay_short() {
        assert_eq!(line_list(&[4]), "line 4");
        let many: Vec<usize> = (1..=12).collect();
        assert_eq!(line_list(&many), "lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, …");
        assert_eq!(capped_list(&["a", "b"]), "a, b");
        let names: Vec<String> = (0..100_010).map(|i| format!("c{i}")).collect();
        let shown = capped_list(&names);
        assert!(shown.starts_with("c0, c1, "), "{shown}");
        assert!(shown.ends_with("c19, … and 99,990 more"), "{shown}");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(count(1, "row", "rows"), "1 row");
        assert_eq!(count(0, "row", "rows"), "0 rows");
    }
}
