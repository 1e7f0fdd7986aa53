//! The report as JSON: the [`Report`] fields as they are, pretty-printed.

use super::Report;

pub fn render(report: &Report) -> Vec<u8> {
    // Plain data to memory: cannot fail.
    let mut out =
        crate::transfer::json_text::to_vec_pretty(report).expect("a report serialises to JSON");
    out.push(b'\n');
    out
}
