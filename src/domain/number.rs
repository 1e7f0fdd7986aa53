//! Parsing and display of the numbers users type: scores' inputs, points.

use super::error::DomainError;

/// Parses a number a user typed. Refuses text, NaN and infinities, naming
/// `field` and the allowed `range` in the message.
pub fn parse_number(field: &str, text: &str, range: &str) -> Result<f64, DomainError> {
    let t = text.trim().trim_end_matches('%').trim();
    let v: f64 = t
        .parse()
        .map_err(|_| DomainError::invalid(field, text, range))?;
    if !v.is_finite() {
        return Err(DomainError::invalid(field, text, range));
    }
    Ok(v)
}

/// The longest plain decimal text a number is shown as; past it, the
/// scientific form (`1e-300`, `3.5e20`). `1e-300` points used to print
/// as 302 characters in `list`, `show`, `score` and the roadmap.
pub const MAX_PLAIN_CHARS: usize = 20;

/// The shortest decimal text for `v` (`3`, `0.5`, `1200`), as typed; a
/// number that would take more than [`MAX_PLAIN_CHARS`] characters in
/// its scientific form (`1e-300`).
pub fn fmt_plain(v: f64) -> String {
    let mut out = String::new();
    push_plain(&mut out, v);
    out
}

/// [`fmt_plain`] of `v`, pushed onto `out` (a table's cells, without a
/// string of its own).
pub fn push_plain(out: &mut String, v: f64) {
    use std::fmt::Write as _;
    if v == 0.0 {
        out.push('0');
        return;
    }
    if v.fract() == 0.0 && v.abs() < 1e15 {
        // A whole number (most points): its digits, as `{v}` prints them.
        // Exact in an i64 below 1e15.
        push_int(out, v as i64);
        return;
    }
    let start = out.len();
    // Writing into a String cannot fail.
    let _ = write!(out, "{v}");
    if out.len() - start > MAX_PLAIN_CHARS {
        out.truncate(start);
        let _ = write!(out, "{v:e}");
    }
}

/// The digits of `n` (and its sign), pushed onto `out`.
pub fn push_int(out: &mut String, n: i64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut m = n.unsigned_abs();
    loop {
        i -= 1;
        // A digit: below 10, so the cast keeps it.
        buf[i] = b'0' + (m % 10) as u8;
        m /= 10;
        if m == 0 {
            break;
        }
    }
    if n < 0 {
        out.push('-');
    }
    // ASCII digits only: each byte is one char.
    out.extend(buf[i..].iter().map(|&d| char::from(d)));
}

/// The median of `values` (sorted in place); `None` when there are none.
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    })
}

/// Rounds half away from zero to `decimals` places and prints without
/// trailing zeros: `round_display(1.2307, 2) == "1.23"`, `(675.0, 1) == "675"`.
///
/// Rounding works on the shortest decimal form of the value, which is what
/// a person computing by hand would round: 2.675 rounds to 2.68 even though
/// the binary double closest to 2.675 lies just below it.
pub fn round_display(v: f64, decimals: usize) -> String {
    let mut out = String::new();
    push_rounded(&mut out, v, decimals);
    out
}

/// [`round_display`] of `v`, pushed onto `out` (a table's cells, without
/// a string of its own).
pub fn push_rounded(out: &mut String, v: f64, decimals: usize) {
    use std::fmt::Write as _;
    if !v.is_finite() {
        out.push('–');
        return;
    }
    if v.abs() >= 1e20 {
        // More whole digits than MAX_PLAIN_CHARS (a WSJF of 3e300 from a
        // job size of 1e-300): the scientific form, rounded as asked.
        let s = format!("{v:.decimals$e}");
        let (m, e) = s.split_once('e').unwrap_or((s.as_str(), "0"));
        let m = if m.contains('.') {
            m.trim_end_matches('0').trim_end_matches('.')
        } else {
            m
        };
        out.push_str(m);
        out.push('e');
        out.push_str(e);
        return;
    }
    if v.fract() == 0.0 && v.abs() < 1e15 {
        // A whole number (most scores) has nothing to round: its digits,
        // and no sign on zero. Exact in an i64 below 1e15.
        push_int(out, v as i64);
        return;
    }
    let negative = v < 0.0;
    // The shortest decimal form, then its digits kept to `decimals`
    // places in one buffer (`digits`, no point), rounded by carrying.
    let mut shortest = String::with_capacity(24);
    let _ = write!(shortest, "{}", v.abs());
    let (int_part, frac_part) = shortest.split_once('.').unwrap_or((shortest.as_str(), ""));
    let frac = frac_part.as_bytes();
    let mut digits: Vec<u8> = Vec::with_capacity(int_part.len() + decimals + 1);
    digits.extend_from_slice(int_part.as_bytes());
    for i in 0..decimals {
        digits.push(frac.get(i).copied().unwrap_or(b'0'));
    }
    if frac.get(decimals).copied().unwrap_or(b'0') >= b'5' {
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, b'1');
                break;
            }
            i -= 1;
            if digits[i] == b'9' {
                digits[i] = b'0';
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    let int_len = digits.len() - decimals;
    let (int_digits, frac_digits) = digits.split_at(int_len);
    let kept = frac_digits.len() - frac_digits.iter().rev().take_while(|&&d| d == b'0').count();
    let frac_digits = &frac_digits[..kept];
    let is_zero = int_digits.iter().all(|&d| d == b'0') && frac_digits.is_empty();
    if negative && !is_zero {
        out.push('-');
    }
    // ASCII digits only: each byte is one char.
    out.extend(int_digits.iter().map(|&d| char::from(d)));
    if !frac_digits.is_empty() {
        out.push('.');
        out.extend(frac_digits.iter().map(|&d| char::from(d)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(round_display(675.0, 1), "675");
        assert_eq!(round_display(16.0 / 13.0, 2), "1.23");
        assert_eq!(round_display(12.0 / 13.0, 2), "0.92");
        assert_eq!(round_display(0.125, 2), "0.13");
        assert_eq!(round_display(2.675, 2), "2.68");
        assert_eq!(round_display(0.05, 1), "0.1");
        assert_eq!(round_display(9.96, 1), "10");
        assert_eq!(round_display(99.95, 1), "100");
        assert_eq!(round_display(-0.05, 1), "-0.1");
        assert_eq!(round_display(-0.04, 1), "0");
        assert_eq!(round_display(133.3333, 1), "133.3");
        assert_eq!(round_display(1e-9, 2), "0");
        assert_eq!(round_display(1e21, 1), "1e21");
        assert_eq!(round_display(3e300, 0), "3e300");
        assert_eq!(round_display(-1.96e25, 1), "-2e25");
        assert_eq!(round_display(1.25e20, 2), "1.25e20");
    }

    #[test]
    fn no_number_is_shown_longer_than_a_short_word() {
        assert_eq!(fmt_plain(1e-300), "1e-300");
        assert_eq!(fmt_plain(-1e308), "-1e308");
        assert_eq!(fmt_plain(0.30000000000000004), "0.30000000000000004");
        assert_eq!(fmt_plain(1200.0), "1200");
        assert_eq!(fmt_plain(0.00015), "0.00015");
        for v in [
            1e-300,
            5e-324,
            1e300,
            f64::MAX,
            -f64::MAX,
            1.2345678901234567e-7,
            3e20,
        ] {
            assert!(fmt_plain(v).len() <= 24, "{v}: {}", fmt_plain(v));
            for decimals in 0..4 {
                assert!(round_display(v, decimals).len() <= 24, "{v}");
            }
        }
    }

    #[test]
    fn parses_user_numbers() {
        assert_eq!(parse_number("reach", " 450 ", "≥ 0").unwrap(), 450.0);
        assert_eq!(parse_number("confidence", "80%", "").unwrap(), 80.0);
        for bad in ["", "abc", "NaN", "inf", "-inf", "1,5", "1e999"] {
            let e = parse_number("effort", bad, "> 0").unwrap_err().to_string();
            assert!(e.contains("effort"), "{e}");
        }
    }

    /// The rounding as first written (a string per step), kept to check
    /// that the faster one prints the same.
    fn round_display_before(v: f64, decimals: usize) -> String {
        if !v.is_finite() {
            return "–".to_string();
        }
        let negative = v < 0.0;
        let s = format!("{}", v.abs());
        let (int_part, frac_part) = match s.split_once('.') {
            Some((i, f)) => (i.to_string(), f.to_string()),
            None => (s.clone(), String::new()),
        };
        let mut digits: Vec<u8> = int_part.bytes().map(|b| b - b'0').collect();
        let frac: Vec<u8> = frac_part.bytes().map(|b| b - b'0').collect();
        for i in 0..decimals {
            digits.push(frac.get(i).copied().unwrap_or(0));
        }
        if frac.get(decimals).copied().unwrap_or(0) >= 5 {
            // carry
            let mut i = digits.len();
            loop {
                if i == 0 {
                    digits.insert(0, 1);
                    break;
                }
                i -= 1;
                if digits[i] == 9 {
                    digits[i] = 0;
                } else {
                    digits[i] += 1;
                    break;
                }
            }
        }
        let int_len = digits.len() - decimals;
        let int_str: String = digits[..int_len]
            .iter()
            .map(|d| (b'0' + d) as char)
            .collect();
        let frac_str: String = digits[int_len..]
            .iter()
            .map(|d| (b'0' + d) as char)
            .collect();
        let frac_str = frac_str.trim_end_matches('0');
        let mut out = String::new();
        let is_zero = int_str.bytes().all(|b| b == b'0') && frac_str.is_empty();
        if negative && !is_zero {
            out.push('-');
        }
        out.push_str(&int_str);
        if !frac_str.is_empty() {
            out.push('.');
            out.push_str(frac_str);
        }
        out
    }

    #[test]
    fn prints_as_the_first_rounding_did() {
        // Below 1e20: larger numbers are now shown in scientific form.
        let mut values = vec![
            0.0, -0.0, 0.5, 0.05, 9.95, 99.95, 999.5, 9.9e19, 1e-9, -1e-9, 2.675,
        ];
        for n in 0..2000 {
            let x = f64::from(n) * 0.137 - 100.0;
            values.extend([x, x / 7.0, x * 1e5 / 3.0, 1.0 / (x + 0.5)]);
        }
        for v in values {
            for decimals in 0..4 {
                assert_eq!(
                    round_display(v, decimals),
                    round_display_before(v, decimals),
                    "{v} {decimals}"
                );
            }
        }
    }

    proptest! {
        #[test]
        fn pushed_digits_are_the_integers_display(n in proptest::num::i64::ANY) {
            let mut out = String::from("x");
            push_int(&mut out, n);
            prop_assert_eq!(out, format!("x{n}"));
        }

        #[test]
        fn pushed_forms_are_the_strings_forms_after_what_was_there(v in proptest::num::f64::ANY, decimals in 0usize..4) {
            let mut out = String::from("ab");
            push_rounded(&mut out, v, decimals);
            prop_assert_eq!(out, format!("ab{}", round_display(v, decimals)));
            let mut out = String::from("ab");
            push_plain(&mut out, v);
            prop_assert_eq!(out, format!("ab{}", fmt_plain(v)));
        }

        #[test]
        fn prints_as_the_first_rounding_did_anywhere(v in proptest::num::f64::ANY, decimals in 0usize..4) {
            prop_assume!(!v.is_finite() || v.abs() < 1e20);
            prop_assert_eq!(round_display(v, decimals), round_display_before(v, decimals));
        }

        #[test]
        fn plain_whole_numbers_are_printed_as_display_prints_them(n in -2_000_000_000_000_000i64..2_000_000_000_000_000) {
            let v = n as f64;
            let display = if v == 0.0 { "0".to_string() } else { format!("{v}") };
            let expected = if display.len() > MAX_PLAIN_CHARS { format!("{v:e}") } else { display };
            prop_assert_eq!(fmt_plain(v), expected);
        }

        #[test]
        fn prints_whole_numbers_as_the_first_rounding_did(n in -2_000_000_000_000_000i64..2_000_000_000_000_000, decimals in 0usize..4) {
            let v = n as f64;
            prop_assert_eq!(round_display(v, decimals), round_display_before(v, decimals));
            prop_assert_eq!(round_display(-0.0, decimals), "0");
        }

        #[test]
        fn agrees_with_float_rounding_away_from_ties(v in -1e6f64..1e6) {
            let scaled = v * 100.0;
            // Skip values within float noise of a tie.
            prop_assume!((scaled.fract().abs() - 0.5).abs() > 1e-6);
            let expected = (scaled.round() / 100.0) + 0.0;
            let got: f64 = round_display(v, 2).parse().unwrap();
            prop_assert!((got - expected).abs() < 1e-9, "{} -> {} vs {}", v, got, expected);
        }
    }
}
