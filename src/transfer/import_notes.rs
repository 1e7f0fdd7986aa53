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
