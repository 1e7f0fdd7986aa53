//! The roadmap as pretty JSON, with the field names the README documents
//! ([`RoadmapV1`], not the domain struct). Scores are full precision;
//! unscored is `null`.

use crate::domain::roadmap::Roadmap;
use crate::transfer::wire::roadmap::RoadmapV1;

pub fn render(r: &Roadmap) -> Vec<u8> {
    // Serialising plain data (strings, numbers, enums) to memory cannot fail.
    let mut out = crate::transfer::json_text::to_vec_pretty(&RoadmapV1::from(r))
        .expect("a roadmap serialises to JSON");
    out.push(b'\n');
    out
}
