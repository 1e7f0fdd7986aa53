//! Plain-text rendering for the terminal: aligned tables, safe text.

use super::cells::{Cells, lay_out};
use crate::domain::text::terminal_safe;

/// User text made safe for one terminal line.
pub fn safe(s: &str) -> String {
    terminal_safe(s, false)
}

/// User text made safe for a terminal, newlines kept.
pub fn safe_multiline(s: &str) -> String {
    terminal_safe(s, true)
}

/// Writes the lines of [`safe_multiline`]`(s)`, each after `indent` and
/// ending in a newline, without building the whole safe text first (a
/// description can be hundreds of megabytes): a line of `s` at a time.
/// Making text safe reads each line on its own (a newline ends the
/// character a variation selector may follow), and the safe text has no
/// carriage return, so this writes what `.lines()` of the whole would.
pub fn write_safe_lines(
    out: &mut dyn std::io::Write,
    s: &str,
    indent: &str,
) -> std::io::Result<()> {
    let mut pieces = s.split('\n').peekable();
    while let Some(piece) = pieces.next() {
        let last_piece = pieces.peek().is_none();
        let safe = safe_multiline(piece);
        let mut lines = safe.split('\n').peekable();
        while let Some(line) = lines.next() {
            // `.lines()` gives no line after a final newline.
            if last_piece && line.is_empty() && lines.peek().is_none() {
                break;
            }
            out.write_all(indent.as_bytes())?;
            out.write_all(line.as_bytes())?;
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}

pub use crate::domain::text::truncate;

/// From how many rows a table is laid out on two threads.
pub const SPLIT_FROM: usize = 2_000;

/// `f` of every item, in order. With `split`, the items are split in two
/// halves, the second done on another thread: a table of 10,000 rows is a
/// short command's largest piece of work after the read, and the machine
/// has more than one core.
pub fn map_split<T: Sync, R: Send>(items: &[T], split: bool, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    if !split || items.len() < 2 {
        return items.iter().map(&f).collect();
    }
    let (first, second) = items.split_at(items.len() / 2);
    let f = &f;
    std::thread::scope(|scope| {
        let later = scope.spawn(move || second.iter().map(f).collect::<Vec<R>>());
        let mut out: Vec<R> = Vec::with_capacity(items.len());
        out.extend(first.iter().map(f));
        match later.join() {
            Ok(rest) => out.extend(rest),
            // The other half panicked: carry the panic on here.
            Err(panic) => std::panic::resume_unwind(panic),
        }
        out
    })
}

/// A simple table: a header and rows of cells; `right` marks right-aligned
/// columns. The last column is not padded (see [`lay_out`]).
pub fn table(header: &[&str], rows: &[Vec<String>], right: &[bool]) -> String {
    let cols = header.len();
    let mut cells = Cells::new(cols, rows.len(), 32);
    for r in rows {
        // A short row's missing cells are empty: the line's trailing
        // whitespace is trimmed, so it is the line of the row's cells.
        for i in 0..cols {
            cells.push(r.get(i).map_or("", String::as_str));
        }
    }
    lay_out(header, &[cells], right)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_lines_are_written_as_the_lines_of_the_safe_text() {
        let texts = [
            "",
            "a",
            "a\n",
            "a\n\n",
            "\n",
            "\n\nb",
            "one\ntwo\r\nthree\u{2028}four\u{2029}\n",
            "x\u{FE0F}\u{FE0F}\n\u{FE0F}y\u{1b}[31m\tz\u{202E}\u{200B}",
            "é ü — \"quoted\"\n\u{2028}",
        ];
        for t in texts {
            let mut expected = String::new();
            for l in safe_multiline(t).lines() {
                expected.push_str(&format!("  {l}\n"));
            }
            let mut got = Vec::new();
            write_safe_lines(&mut got, t, "  ").unwrap();
            assert_eq!(String::from_utf8(got).unwrap(), expected, "{t:?}");
        }
    }

    #[test]
    fn truncates_by_display_width() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
        assert_eq!(truncate("日本語テキスト", 5), "日本…");
    }

    #[test]
    fn a_split_map_keeps_the_order() {
        let items: Vec<usize> = (0..5_001).collect();
        for split in [false, true] {
            assert_eq!(
                map_split(&items, split, |n| n * 2),
                (0..5_001).map(|n| n * 2).collect::<Vec<_>>()
            );
        }
        assert!(map_split(&[] as &[u8], true, |b| *b).is_empty());
        assert_eq!(map_split(&[7], true, |b| *b), vec![7]);
    }

    #[test]
    fn a_long_table_is_laid_out_as_a_short_one_would_be() {
        // Above SPLIT_FROM the rows are laid out in two halves: the text
        // is still the header and every row's line, in order.
        let n_rows = SPLIT_FROM * 2 + 1;
        let rows: Vec<Vec<String>> = (0..n_rows)
            .map(|n| vec![format!("S-{n}"), "x".repeat(n % 7), format!("{n}  ")])
            .collect();
        let t = table(&["KEY", "X", "N"], &rows, &[false, true, false]);
        let key_width = format!("S-{}", n_rows - 1).len();
        let line = |k: &str, x: &str, n: &str| {
            format!("{k:<key_width$}  {x:>6}  {n}")
                .trim_end()
                .to_string()
        };
        let mut expected = line("KEY", "X", "N") + "\n";
        for r in &rows {
            expected.push_str(&line(&r[0], &r[1], &r[2]));
            expected.push('\n');
        }
        assert_eq!(t, expected);
    }

    #[test]
    fn aligns_columns() {
        let t = table(
            &["A", "N"],
            &[vec!["x".into(), "10".into()], vec!["yy".into(), "2".into()]],
            &[false, true],
        );
        assert_eq!(t, "A    N\nx   10\nyy   2\n");
    }
}
