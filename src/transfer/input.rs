//! Turning an input file's bytes into text: UTF-8 only, with a line number
//! when it is not.

use super::import_plan::ImportError;

/// Decodes `bytes` as UTF-8, dropping a byte-order mark. Anything else is
/// refused with the line and column of the first bad byte. Takes the bytes
/// over rather than copying them (an import may be hundreds of megabytes).
pub fn decode(file: &str, mut bytes: Vec<u8>) -> Result<String, ImportError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ImportError::at(
            file,
            1,
            "the file is UTF-16 text: save it as UTF-8 and import again",
        ));
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let bytes = e.as_bytes();
            let e = e.utf8_error();
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|b| **b == b'\n').count() + 1;
            let line_start = good.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
            let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
            Err(ImportError::at(
                file,
                line,
                format!(
                    "not UTF-8 text (byte 0x{:02X} at column {column}): save the file as UTF-8 and import again",
                    bytes[e.valid_up_to()]
                ),
            ))
        }
    }
}

/// Splits text into numbered lines (from 1), accepting LF and CRLF.
pub fn numbered_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split('\n')
        .enumerate()
        .map(|(n, l)| (n + 1, l.strip_suffix('\r').unwrap_or(l)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_dropped() {
        assert_eq!(decode("f", b"\xEF\xBB\xBFabc".to_vec()).unwrap(), "abc");
    }

    #[test]
    fn bad_bytes_are_located() {
        let e = decode("f.txt", b"one\ntwo\nthr\xE9e\n".to_vec()).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert_eq!(
            e.to_string(),
            "f.txt:3: not UTF-8 text (byte 0xE9 at column 4): save the file as UTF-8 and import again"
        );
        let e = decode("f.txt", b"\xFF\xFEa\0".to_vec()).unwrap_err();
        assert!(e.to_string().contains("UTF-16"), "{e}");
    }

    #[test]
    fn lines_count_from_one_without_carriage_returns() {
        let v: Vec<_> = numbered_lines("a\r\nb\n\nc").collect();
        assert_eq!(v, [(1, "a"), (2, "b"), (3, ""), (4, "c")]);
    }
}
