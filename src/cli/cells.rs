//! A table's cells held in one text, and the table laid out from them.
//!
//! A table of 10,000 rows as `Vec<Vec<String>>` is 80,000 allocations,
//! each cell measured into another vector, and all of it freed again: at
//! 10,000 stories that was a fifth of `list`'s work. Here the cells of a
//! block of rows are appended to one `String`, each with its end and its
//! width, and lines are written from there.

use std::ops::Range;

use unicode_width::UnicodeWidthStr;

use super::render::{SPLIT_FROM, map_split};

/// The cells of some rows of a table, each row `cols` cells.
pub struct Cells {
    cols: usize,
    text: String,
    /// Each cell's end in `text` and its width in terminal columns.
    cells: Vec<(usize, usize)>,
    /// The widest cell of each column so far.
    widths: Vec<usize>,
    /// The column of the next cell.
    col: usize,
}

/// The terminal columns `s` takes; printable ASCII, the usual cell, is
/// one column a byte.
pub fn cell_width(s: &str) -> usize {
    if crate::domain::text::is_printable_ascii(s) {
        s.len()
    } else {
        s.width()
    }
}

impl Cells {
    /// Room for `rows` rows of `cols` cells of about `bytes_per_row`.
    pub fn new(cols: usize, rows: usize, bytes_per_row: usize) -> Cells {
        Cells {
            cols: cols.max(1),
            text: String::with_capacity(rows * bytes_per_row),
            cells: Vec::with_capacity(rows * cols),
            widths: vec![0; cols.max(1)],
            col: 0,
        }
    }

    fn measured(&mut self, width: usize) {
        self.cells.push((self.text.len(), width));
        self.widths[self.col] = self.widths[self.col].max(width);
        self.col = if self.col + 1 == self.cols {
            0
        } else {
            self.col + 1
        };
    }

    /// Appends a cell (rows are filled cell after cell).
    pub fn push(&mut self, cell: &str) {
        self.text.push_str(cell);
        self.measured(cell_width(cell));
    }

    /// Appends a cell written by `write` onto the text.
    pub fn push_with(&mut self, write: impl FnOnce(&mut String)) {
        let start = self.text.len();
        write(&mut self.text);
        let width = cell_width(&self.text[start..]);
        self.measured(width);
    }

    /// How many whole rows it holds.
    pub fn rows(&self) -> usize {
        self.cells.len() / self.cols
    }

    /// The cells of row `r`: text and width.
    fn row(&self, r: usize) -> impl Iterator<Item = (&str, usize)> {
        let first = r * self.cols;
        let mut start = if first == 0 {
            0
        } else {
            self.cells[first - 1].0
        };
        self.cells[first..first + self.cols]
            .iter()
            .map(move |&(end, width)| {
                let cell = &self.text[start..end];
                start = end;
                (cell, width)
            })
    }
}

/// The table of `header` over the rows of every block in `blocks`, in
/// order: each cell padded to its column's width (right-aligned ones on
/// the left, the last column not at all), cells joined by two spaces,
/// trailing whitespace trimmed. `right` marks right-aligned columns.
pub fn lay_out(header: &[&str], blocks: &[Cells], right: &[bool]) -> String {
    let cols = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| cell_width(h)).collect();
    for b in blocks {
        for (width, &w) in widths.iter_mut().zip(&b.widths) {
            *width = (*width).max(w);
        }
    }
    let line = |cells: &mut dyn Iterator<Item = (&str, usize)>, out: &mut String| {
        let start = out.len();
        for (i, (c, w)) in cells.take(cols).enumerate() {
            if i > 0 {
                out.push_str("  ");
            }
            let fill = widths[i].saturating_sub(w);
            if right.get(i).copied().unwrap_or(false) {
                pad(out, fill);
                out.push_str(c);
            } else {
                out.push_str(c);
                if i + 1 != cols {
                    pad(out, fill);
                }
            }
        }
        let kept = out[start..].trim_end().len();
        out.truncate(start + kept);
        out.push('\n');
    };
    let mut out = String::new();
    line(&mut header.iter().map(|h| (*h, cell_width(h))), &mut out);
    // Long tables are laid out in two halves at once, then joined.
    let total: usize = blocks.iter().map(Cells::rows).sum();
    let jobs = halves(blocks, total);
    let texts = map_split(&jobs, total >= SPLIT_FROM, |parts| {
        let bytes: usize = parts
            .iter()
            .map(|(b, r)| b.text.len() * r.len() / b.rows().max(1) + r.len() * 2 * cols)
            .sum();
        let mut text = String::with_capacity(bytes + 64);
        for (b, rows) in parts {
            for r in rows.clone() {
                line(&mut b.row(r), &mut text);
            }
        }
        text
    });
    out.reserve(texts.iter().map(String::len).sum());
    for t in &texts {
        out.push_str(t);
    }
    out
}

/// The rows of `blocks` cut in two halves of about `total / 2` rows each,
/// as ranges of rows of blocks.
fn halves(blocks: &[Cells], total: usize) -> Vec<Vec<(&Cells, Range<usize>)>> {
    let half = total.div_ceil(2);
    let mut out = vec![Vec::new(), Vec::new()];
    let mut seen = 0;
    for b in blocks {
        let rows = b.rows();
        // The part of this block before the cut, and after it.
        let cut = half.saturating_sub(seen).min(rows);
        if cut > 0 {
            out[0].push((b, 0..cut));
        }
        if cut < rows {
            out[1].push((b, cut..rows));
        }
        seen += rows;
    }
    out
}

/// `n` spaces, pushed a slice at a time.
fn pad(out: &mut String, mut n: usize) {
    const SPACES: &str = "                                                                ";
    while n > 0 {
        let k = n.min(SPACES.len());
        out.push_str(&SPACES[..k]);
        n -= k;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_and_halves_give_the_table_of_one_block() {
        // However the rows are cut into blocks, the text is the same.
        let rows: Vec<[String; 3]> = (0..5_003)
            .map(|n| [format!("S-{n}"), "é".repeat(n % 5), format!("{n} ")])
            .collect();
        let block = |rows: &[[String; 3]]| {
            let mut c = Cells::new(3, rows.len(), 16);
            for r in rows {
                for cell in r {
                    c.push(cell);
                }
            }
            c
        };
        let one = lay_out(&["KEY", "X", "N"], &[block(&rows)], &[false, true, false]);
        for cut in [0, 1, 2_000, 2_502, 5_003] {
            let (a, b) = rows.split_at(cut);
            let two = lay_out(
                &["KEY", "X", "N"],
                &[block(a), block(b)],
                &[false, true, false],
            );
            assert_eq!(two, one, "cut at {cut}");
        }
        let short = lay_out(
            &["KEY", "X", "N"],
            &[block(&rows[..3])],
            &[false, true, false],
        );
        assert_eq!(short, "KEY   X  N\nS-0      0\nS-1   é  1\nS-2  éé  2\n");
    }

    #[test]
    fn a_formatted_cell_is_measured() {
        let mut c = Cells::new(2, 1, 8);
        c.push_with(|t| t.push_str("日本-7"));
        c.push("x");
        assert_eq!(c.rows(), 1);
        assert_eq!(c.row(0).collect::<Vec<_>>(), vec![("日本-7", 6), ("x", 1)]);
        assert_eq!(
            lay_out(&["A", "B"], &[c], &[false, false]),
            "A       B\n日本-7  x\n"
        );
    }
}
