//! RICE and WSJF scoring (docs/ARCHITECTURE.md, "Scoring rules").
//!
//! An input that is missing means the item has no score for that model:
//! never 0. Scores keep full precision; display rounds half away from zero.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::error::DomainError;
use super::key::Key;
use super::number::{fmt_plain, parse_number, push_rounded};

/// A scoring model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Model {
    #[default]
    Rice,
    Wsjf,
}

impl Model {
    pub fn as_str(self) -> &'static str {
        match self {
            Model::Rice => "rice",
            Model::Wsjf => "wsjf",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Model::Rice => "RICE",
            Model::Wsjf => "WSJF",
        }
    }

    pub fn toggled(self) -> Model {
        match self {
            Model::Rice => Model::Wsjf,
            Model::Wsjf => Model::Rice,
        }
    }

    /// Human-readable score: RICE to 1 decimal, WSJF to 2; `–` when unscored.
    pub fn display(self, score: Option<f64>) -> String {
        let mut out = String::new();
        self.push_display(&mut out, score);
        out
    }

    /// [`Model::display`] of `score`, pushed onto `out`.
    pub fn push_display(self, out: &mut String, score: Option<f64>) {
        match score {
            Some(v) => push_rounded(out, v, self.decimals()),
            None => out.push('–'),
        }
    }

    pub fn decimals(self) -> usize {
        match self {
            Model::Rice => 1,
            Model::Wsjf => 2,
        }
    }
}

impl fmt::Display for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Model {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "rice" => Ok(Model::Rice),
            "wsjf" => Ok(Model::Wsjf),
            _ => Err(DomainError::invalid("model", s, "rice or wsjf")),
        }
    }
}

/// Serialised as `"rice"` or `"wsjf"`.
impl Serialize for Model {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Model {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The Intercom impact scale offered to users.
pub const IMPACT_SCALE: [(f64, &str); 5] = [
    (3.0, "massive"),
    (2.0, "high"),
    (1.0, "medium"),
    (0.5, "low"),
    (0.25, "minimal"),
];
/// Confidence levels offered to users, in percent.
pub const CONFIDENCE_SCALE: [(f64, &str); 3] = [(100.0, "high"), (80.0, "medium"), (50.0, "low")];
/// The modified Fibonacci scale offered for WSJF inputs (and story points).
pub const FIBONACCI: [f64; 7] = [1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 20.0];

/// One scoring input: its name (as the CLI flag spells it) and valid range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Reach,
    Impact,
    Confidence,
    Effort,
    Value,
    TimeCriticality,
    RiskReduction,
    JobSize,
}

impl Field {
    pub const RICE: [Field; 4] = [
        Field::Reach,
        Field::Impact,
        Field::Confidence,
        Field::Effort,
    ];
    pub const WSJF: [Field; 4] = [
        Field::Value,
        Field::TimeCriticality,
        Field::RiskReduction,
        Field::JobSize,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::Reach => "reach",
            Field::Impact => "impact",
            Field::Confidence => "confidence",
            Field::Effort => "effort",
            Field::Value => "value",
            Field::TimeCriticality => "time-criticality",
            Field::RiskReduction => "risk-reduction",
            Field::JobSize => "job-size",
        }
    }

    pub fn range(self) -> &'static str {
        match self {
            Field::Reach => "a number ≥ 0 (people or events per period)",
            Field::Impact => "a number > 0 (3 massive, 2 high, 1 medium, 0.5 low, 0.25 minimal)",
            Field::Confidence => "a percent, 0 < c ≤ 100 (100 high, 80 medium, 50 low)",
            Field::Effort => "a number > 0 (person-months)",
            Field::Value | Field::TimeCriticality | Field::RiskReduction => {
                "a number > 0 (scale 1, 2, 3, 5, 8, 13, 20)"
            }
            Field::JobSize => "a number > 0 (scale 1, 2, 3, 5, 8, 13, 20)",
        }
    }

    /// Checks a value against this field's range.
    pub fn check(self, v: f64) -> Result<f64, DomainError> {
        let ok = v.is_finite()
            && match self {
                Field::Reach => v >= 0.0,
                Field::Confidence => v > 0.0 && v <= 100.0,
                _ => v > 0.0,
            };
        if ok {
            Ok(v)
        } else {
            Err(DomainError::invalid(
                self.name(),
                fmt_plain(v),
                self.range(),
            ))
        }
    }

    /// Parses and checks what a user typed for this field.
    pub fn parse(self, text: &str) -> Result<f64, DomainError> {
        self.check(parse_number(self.name(), text, self.range())?)
    }
}

/// RICE inputs; each may be missing.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct RiceInputs {
    #[serde(default)]
    pub reach: Option<f64>,
    #[serde(default)]
    pub impact: Option<f64>,
    #[serde(default)]
    pub confidence: Option<f64>,
    #[serde(default)]
    pub effort: Option<f64>,
}

impl RiceInputs {
    pub fn new(reach: f64, impact: f64, confidence: f64, effort: f64) -> RiceInputs {
        RiceInputs {
            reach: Some(reach),
            impact: Some(impact),
            confidence: Some(confidence),
            effort: Some(effort),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.reach.is_none()
            && self.impact.is_none()
            && self.confidence.is_none()
            && self.effort.is_none()
    }

    pub fn get(&self, f: Field) -> Option<f64> {
        match f {
            Field::Reach => self.reach,
            Field::Impact => self.impact,
            Field::Confidence => self.confidence,
            Field::Effort => self.effort,
            _ => None,
        }
    }

    pub fn set(&mut self, f: Field, v: Option<f64>) {
        match f {
            Field::Reach => self.reach = v,
            Field::Impact => self.impact = v,
            Field::Confidence => self.confidence = v,
            Field::Effort => self.effort = v,
            _ => {}
        }
    }

    /// Every present input within its range.
    pub fn validate(&self) -> Result<(), DomainError> {
        for f in Field::RICE {
            if let Some(v) = self.get(f) {
                f.check(v)?;
            }
        }
        Ok(())
    }

    /// Names of the inputs still missing.
    pub fn missing(&self) -> Vec<&'static str> {
        Field::RICE
            .into_iter()
            .filter(|f| self.get(*f).is_none())
            .map(Field::name)
            .collect()
    }

    /// reach × impact × (confidence / 100) ÷ effort; `None` when an input
    /// is missing or out of range.
    pub fn score(&self) -> Option<f64> {
        self.validate().ok()?;
        let s = self.reach? * self.impact? * (self.confidence? / 100.0) / self.effort?;
        s.is_finite().then_some(s)
    }

    /// `450 × 3 × 100% ÷ 2 = 675`, or what is missing.
    pub fn explain(&self) -> String {
        match self.score() {
            Some(s) => format!(
                "{} × {} × {}% ÷ {} = {}",
                fmt_plain(self.reach.unwrap_or_default()),
                fmt_plain(self.impact.unwrap_or_default()),
                fmt_plain(self.confidence.unwrap_or_default()),
                fmt_plain(self.effort.unwrap_or_default()),
                Model::Rice.display(Some(s))
            ),
            None => explain_missing(&self.missing()),
        }
    }
}

/// WSJF inputs; each may be missing.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct WsjfInputs {
    #[serde(default)]
    pub value: Option<f64>,
    #[serde(default)]
    pub time_criticality: Option<f64>,
    #[serde(default)]
    pub risk_reduction: Option<f64>,
    #[serde(default)]
    pub job_size: Option<f64>,
}

impl WsjfInputs {
    pub fn new(value: f64, time_criticality: f64, risk_reduction: f64, job_size: f64) -> Self {
        WsjfInputs {
            value: Some(value),
            time_criticality: Some(time_criticality),
            risk_reduction: Some(risk_reduction),
            job_size: Some(job_size),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.value.is_none()
            && self.time_criticality.is_none()
            && self.risk_reduction.is_none()
            && self.job_size.is_none()
    }

    pub fn get(&self, f: Field) -> Option<f64> {
        match f {
            Field::Value => self.value,
            Field::TimeCriticality => self.time_criticality,
            Field::RiskReduction => self.risk_reduction,
            Field::JobSize => self.job_size,
            _ => None,
        }
    }

    pub fn set(&mut self, f: Field, v: Option<f64>) {
        match f {
            Field::Value => self.value = v,
            Field::TimeCriticality => self.time_criticality = v,
            Field::RiskReduction => self.risk_reduction = v,
            Field::JobSize => self.job_size = v,
            _ => {}
        }
    }

    pub fn validate(&self) -> Result<(), DomainError> {
        for f in Field::WSJF {
            if let Some(v) = self.get(f) {
                f.check(v)?;
            }
        }
        Ok(())
    }

    pub fn missing(&self) -> Vec<&'static str> {
        Field::WSJF
            .into_iter()
            .filter(|f| self.get(*f).is_none())
            .map(Field::name)
            .collect()
    }

    /// Cost of delay: value + time criticality + risk reduction.
    pub fn cost_of_delay(&self) -> Option<f64> {
        Some(self.value? + self.time_criticality? + self.risk_reduction?)
    }

    /// (value + time criticality + risk reduction) ÷ job size.
    pub fn score(&self) -> Option<f64> {
        self.validate().ok()?;
        let s = self.cost_of_delay()? / self.job_size?;
        s.is_finite().then_some(s)
    }

    /// `(8 + 5 + 13) ÷ 5 = 5.2`, or what is missing.
    pub fn explain(&self) -> String {
        match self.score() {
            Some(s) => format!(
                "({} + {} + {}) ÷ {} = {}",
                fmt_plain(self.value.unwrap_or_default()),
                fmt_plain(self.time_criticality.unwrap_or_default()),
                fmt_plain(self.risk_reduction.unwrap_or_default()),
                fmt_plain(self.job_size.unwrap_or_default()),
                Model::Wsjf.display(Some(s))
            ),
            None => explain_missing(&self.missing()),
        }
    }
}

fn explain_missing(missing: &[&str]) -> String {
    if missing.is_empty() {
        "not scored".to_string()
    } else {
        format!("not scored: missing {}", missing.join(", "))
    }
}

/// Ranking order: higher score first, unscored after every scored item,
/// ties broken by manual rank and then key.
pub fn rank_order(a: (Option<f64>, i64, Key), b: (Option<f64>, i64, Key)) -> Ordering {
    let by_score = match (a.0, b.0) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    by_score.then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2))
}

/// A value that sorts as [`rank_order`] does, compared as plain numbers:
/// the score's bits made an unsigned number that falls as the score rises
/// (`f64::total_cmp`'s order, turned), unscored after every score, then
/// manual rank and key. For sorting many items: each comparison of
/// [`rank_order`] works out both scores' order again.
pub fn rank_sort_key(score: Option<f64>, rank: i64, key: Key) -> (u64, bool, i64, Key) {
    let falling = match score {
        Some(x) => {
            let bits = x.to_bits();
            // `total_cmp`'s key: negative numbers' other bits flipped,
            // then the sign flipped so that the order is unsigned.
            let rising = if bits >> 63 == 1 {
                !bits
            } else {
                bits | (1 << 63)
            };
            !rising
        }
        None => u64::MAX,
    };
    (falling, score.is_none(), rank, key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::key::Kind;
    use proptest::prelude::*;

    #[test]
    fn intercom_published_examples() {
        let p1 = RiceInputs::new(450.0, 3.0, 100.0, 2.0);
        let p2 = RiceInputs::new(2000.0, 1.0, 80.0, 4.0);
        let p3 = RiceInputs::new(800.0, 2.0, 50.0, 1.0);
        assert_eq!(p1.score(), Some(675.0));
        assert_eq!(p2.score(), Some(400.0));
        assert_eq!(p3.score(), Some(800.0));
        assert_eq!(p1.explain(), "450 × 3 × 100% ÷ 2 = 675");
    }

    #[test]
    fn safe_published_examples() {
        let cases = [
            ((8.0, 5.0, 13.0, 5.0), "5.2"),
            ((8.0, 5.0, 8.0, 5.0), "4.2"),
            ((13.0, 5.0, 8.0, 8.0), "3.25"),
            ((5.0, 3.0, 8.0, 13.0), "1.23"),
            ((8.0, 1.0, 3.0, 13.0), "0.92"),
        ];
        for ((v, t, r, j), shown) in cases {
            let w = WsjfInputs::new(v, t, r, j);
            assert_eq!(Model::Wsjf.display(w.score()), shown);
        }
        let w = WsjfInputs::new(13.0, 8.0, 5.0, 8.0);
        assert_eq!(w.score(), Some(3.25));
        assert_eq!(w.explain(), "(13 + 8 + 5) ÷ 8 = 3.25");
    }

    #[test]
    fn missing_input_means_no_score_not_zero() {
        let mut r = RiceInputs::new(450.0, 3.0, 100.0, 2.0);
        r.confidence = None;
        assert_eq!(r.score(), None);
        assert_eq!(r.explain(), "not scored: missing confidence");
        assert_eq!(Model::Rice.display(None), "–");
        assert_eq!(WsjfInputs::default().score(), None);
    }

    #[test]
    fn validation_names_field_and_range() {
        let e = Field::Effort.parse("0").unwrap_err().to_string();
        assert!(e.contains("effort") && e.contains("> 0"), "{e}");
        let e = Field::Confidence.parse("150").unwrap_err().to_string();
        assert!(e.contains("confidence") && e.contains("100"), "{e}");
        assert!(Field::Reach.parse("-1").is_err());
        assert_eq!(Field::Reach.parse("0").unwrap(), 0.0);
        assert!(Field::JobSize.parse("NaN").is_err());
        assert!(Field::Value.parse("ten").is_err());
    }

    #[test]
    fn rank_order_puts_unscored_last_and_breaks_ties() {
        let k = |n| Key::new(Kind::Story, n);
        let mut v = [
            (None, 0, k(1)),
            (Some(1.0), 5, k(2)),
            (Some(3.0), 9, k(3)),
            (Some(1.0), 2, k(4)),
            (Some(1.0), 2, k(0)),
        ];
        v.sort_by(|a, b| rank_order(*a, *b));
        let keys: Vec<i64> = v.iter().map(|x| x.2.num).collect();
        assert_eq!(keys, [3, 0, 4, 2, 1]);
    }

    fn positive() -> impl Strategy<Value = f64> {
        prop_oneof![
            1e-6f64..1e9,
            Just(1.0),
            Just(f64::MIN_POSITIVE),
            Just(1e300)
        ]
    }

    proptest! {
        #[test]
        fn the_sort_key_orders_as_rank_order(
            a in proptest::option::of(proptest::num::f64::ANY),
            b in proptest::option::of(proptest::num::f64::ANY),
            ra in -3i64..3, rb in -3i64..3, na in 1i64..4, nb in 1i64..4,
            same_score in proptest::bool::ANY,
        ) {
            let b = if same_score { a } else { b };
            let (ka, kb) = (Key::new(Kind::Story, na), Key::new(Kind::Story, nb));
            prop_assert_eq!(
                rank_sort_key(a, ra, ka).cmp(&rank_sort_key(b, rb, kb)),
                rank_order((a, ra, ka), (b, rb, kb))
            );
        }

        #[test]
        fn rice_is_finite_or_absent(r in 0f64..1e300, i in positive(), c in 1e-9f64..=100.0, e in positive()) {
            if let Some(s) = RiceInputs::new(r, i, c, e).score() {
                prop_assert!(s.is_finite() && s >= 0.0);
            }
        }

        #[test]
        fn wsjf_is_finite_or_absent(v in positive(), t in positive(), r in positive(), j in positive()) {
            if let Some(s) = WsjfInputs::new(v, t, r, j).score() {
                prop_assert!(s.is_finite() && s >= 0.0);
            }
        }

        #[test]
        fn rice_rises_with_reach_and_falls_with_effort(
            r in 0f64..1e6, dr in 1e-3f64..1e3, i in 0.25f64..3.0, c in 1f64..=100.0,
            e in 0.1f64..100.0, de in 1e-3f64..10.0,
        ) {
            let base = RiceInputs::new(r, i, c, e).score().unwrap();
            let more_reach = RiceInputs::new(r + dr, i, c, e).score().unwrap();
            let more_effort = RiceInputs::new(r, i, c, e + de).score().unwrap();
            prop_assert!(more_reach > base);
            prop_assert!(more_effort <= base);
            if r > 0.0 { prop_assert!(more_effort < base); }
        }

        #[test]
        fn wsjf_rises_with_value_and_falls_with_job_size(
            v in 1f64..20.0, dv in 1e-3f64..20.0, t in 1f64..20.0, r in 1f64..20.0,
            j in 1f64..20.0, dj in 1e-3f64..20.0,
        ) {
            let base = WsjfInputs::new(v, t, r, j).score().unwrap();
            prop_assert!(WsjfInputs::new(v + dv, t, r, j).score().unwrap() > base);
            prop_assert!(WsjfInputs::new(v, t, r, j + dj).score().unwrap() < base);
        }

        #[test]
        fn invalid_inputs_never_score(e in -1e9f64..=0.0) {
            prop_assert_eq!(RiceInputs::new(1.0, 1.0, 50.0, e).score(), None);
            prop_assert_eq!(WsjfInputs::new(1.0, 1.0, 1.0, e).score(), None);
            prop_assert!(Field::Effort.check(e).is_err());
        }
    }
}
