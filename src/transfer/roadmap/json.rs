//! The roadmap value as pretty JSON, with the field names the README
//! documents. Scores are full precision; unscored is `null`.

use crate::domain::roadmap::Roadmap;

pub fn render(r: &Roadmap) -> Vec<u8> {
    // Serialising plain data (strings, numbers, enums) to memory cannot fail.
    let mut out = serde_json::to_vec_pretty(r).expect("a roadmap serialises to JSON");
    out.push(b'\n');
    out
}
