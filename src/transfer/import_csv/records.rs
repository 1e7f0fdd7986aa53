//! A CSV text into records, each with the line it starts on. One pass:
//! lines are counted as the records are read (quoted fields may span lines,
//! ends may be CRLF), so the cost is linear in the size of the file. The
//! records are read one at a time ([`Records`]), so an import holds the
//! text and what it makes of each row, never a second copy of every cell.

use super::super::import_plan::ImportError;

/// One record: its cells and the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    pub line: usize,
    pub cells: Vec<String>,
}

/// The records of a CSV text, read one at a time, with the line each
/// starts on; rows with only empty cells are left out.
pub(crate) struct Records<'a> {
    file: &'a str,
    bytes: &'a [u8],
    reader: csv::Reader<&'a [u8]>,
    lines: LineCounter<'a>,
    record: csv::StringRecord,
}

/// The records of a CSV text (see [`Records`]), once its quoting is
/// checked: a quoting fault is refused before any record is read.
pub(crate) fn read_records<'a>(file: &'a str, text: &'a str) -> Result<Records<'a>, ImportError> {
    let delim = sniff_delimiter(text);
    check_quotes(text, delim).map_err(|f| ImportError::at(file, f.line, f.reason))?;
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(text.as_bytes());
    Ok(Records {
        file,
        bytes: text.as_bytes(),
        reader,
        lines: LineCounter::new(text.as_bytes()),
        record: csv::StringRecord::new(),
    })
}

impl Iterator for Records<'_> {
    type Item = Result<Record, ImportError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.reader.read_record(&mut self.record) {
                Ok(false) => return None,
                Ok(true) => {}
                Err(e) => {
                    let byte = e.position().map_or(0, |p| p.byte() as usize);
                    return Some(Err(ImportError::at(
                        self.file,
                        self.lines.line_at(byte),
                        e.to_string(),
                    )));
                }
            }
            if self.record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            // csv's own line count drifts on CRLF and blank lines: count
            // from the byte offset, past the line ends before the record.
            let bytes = self.bytes;
            let mut start = self
                .record
                .position()
                .map_or(0, |p| p.byte() as usize)
                .min(bytes.len());
            while start < bytes.len() && (bytes[start] == b'\r' || bytes[start] == b'\n') {
                start += 1;
            }
            let line = self.lines.line_at(start);
            let cells = self.record.iter().map(str::to_string).collect();
            return Some(Ok(Record { line, cells }));
        }
    }
}

/// Reads every record of a CSV text (see [`Records`]).
pub(crate) fn records(file: &str, text: &str) -> Result<Vec<Record>, ImportError> {
    read_records(file, text)?.collect()
}

/// The line of a byte offset, counting newlines only from the previous
/// offset asked about (offsets come in increasing order as records are
/// read; an earlier one is counted again from the start).
struct LineCounter<'a> {
    bytes: &'a [u8],
    /// The offset counted up to, and the line it is on.
    at: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> LineCounter<'a> {
        LineCounter {
            bytes,
            at: 0,
            line: 1,
        }
    }

    /// The line (from 1) that `byte` is on; past the end is the last line.
    fn line_at(&mut self, byte: usize) -> usize {
        let byte = byte.min(self.bytes.len());
        if byte < self.at {
            self.at = 0;
            self.line = 1;
        }
        self.line += memchr::memchr_iter(b'\n', &self.bytes[self.at..byte]).count();
        self.at = byte;
        self.line
    }
}

/// The separator of a CSV file: the most frequent of `,` `;` and tab
/// outside quotes on its first line (`,` when in doubt).
fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => break,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|i| (counts[*i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// A quoting fault and the line it is on.
struct QuoteFault {
    line: usize,
    reason: String,
}

/// Checks the quoting: a quoted field must close, and nothing may follow
/// its closing quote but a separator or the end of the line. Returns the
/// first fault.
fn check_quotes(text: &str, delim: u8) -> Result<(), QuoteFault> {
    let delim = delim as char;
    let mut line = 1;
    let mut opened_at = 0;
    let mut in_quotes = false;
    let mut after_quote = false;
    let mut field_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                }
                '"' => {
                    in_quotes = false;
                    after_quote = true;
                }
                '\n' => line += 1,
                _ => {}
            }
            continue;
        }
        if after_quote {
            after_quote = false;
            if c != delim && c != '\n' && c != '\r' {
                return Err(QuoteFault {
                    line,
                    reason: "bad quote: text follows the closing quote of a field (a quote inside a quoted field is written twice: \"\")"
                        .to_string(),
                });
            }
        }
        match c {
            '"' if field_start => {
                in_quotes = true;
                opened_at = line;
                field_start = false;
            }
            '\n' => {
                line += 1;
                field_start = true;
            }
            '\r' => field_start = true,
            c if c == delim => field_start = true,
            _ => field_start = false,
        }
    }
    if in_quotes {
        return Err(QuoteFault {
            line: opened_at,
            reason: "bad quote: the quoted field that starts on this line never ends (a closing \" is missing)"
                .to_string(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(text: &str) -> Vec<(usize, Vec<String>)> {
        records("t.csv", text)
            .unwrap()
            .into_iter()
            .map(|r| (r.line, r.cells))
            .collect()
    }

    fn cells(v: &[&str]) -> Vec<String> {
        v.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn records_start_on_their_own_lines() {
        let text = "a,b\r\n\r\n\"one\r\ntwo\",x\r\n\"three\nfour\nfive\",y\n,\nlast,z";
        assert_eq!(
            lines_of(text),
            [
                (1, cells(&["a", "b"])),
                (3, cells(&["one\r\ntwo", "x"])),
                (5, cells(&["three\nfour\nfive", "y"])),
                (9, cells(&["last", "z"])),
            ]
        );
    }

    #[test]
    fn counting_again_from_the_start_gives_the_same_lines() {
        let text = "a\nb\n\"c\nd\"\n";
        let mut lines = LineCounter::new(text.as_bytes());
        assert_eq!(lines.line_at(4), 3);
        assert_eq!(lines.line_at(2), 2);
        assert_eq!(lines.line_at(100), 5);
    }
}
