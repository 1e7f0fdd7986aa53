//! Synthetic backlogs for benchmarks and load tests (`backlog dev
//! generate`): N stories under 50 initiatives and 1,000 epics, with
//! acceptance criteria, scores, estimates, dependencies, labels, decisions
//! and text of varied length. Deterministic: the same spec and time give
//! the same items, byte for byte.
//!
//! [`items`] builds the values (pure); [`write()`] stores them in one
//! transaction through [`crate::store::Tx::bulk_load`].

use chrono::{DateTime, Duration, Utc};

use crate::domain::{
    AcceptanceCriterion, Decision, Item, Key, Kind, Lane, Metric, RiceInputs, Status, WsjfInputs,
};
use crate::store::{Result, Store, StoreError};

/// Bumped whenever [`items`] generates something different for the same
/// spec (cached benchmark fixtures are named after it).
pub const GENERATOR_VERSION: u32 = 1;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    pub stories: usize,
    pub epics: usize,
    pub initiatives: usize,
    pub seed: u64,
}

impl Spec {
    /// `stories` stories under 50 initiatives and 1,000 epics (fewer when
    /// there are fewer stories than that: at least one story per epic).
    pub fn new(stories: usize, seed: u64) -> Spec {
        let epics = 1000.min(stories.max(1));
        let initiatives = 50.min(epics);
        Spec {
            stories,
            epics,
            initiatives,
            seed,
        }
    }
}

impl Default for Spec {
    fn default() -> Spec {
        Spec::new(100_000, 1)
    }
}

/// A small, fast, deterministic generator (SplitMix64): no dependency, and
/// the sequence never changes with a library upgrade.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    pub fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        from[self.below(from.len())]
    }
}

const PERSONAS: &[&str] = &[
    "dispatcher",
    "field technician",
    "customer",
    "billing clerk",
    "operations manager",
    "new hire",
    "account owner",
    "support agent",
    "warehouse lead",
    "finance controller",
    "HR manager",
    "auditor",
];

const VERBS: &[&str] = &[
    "see", "filter", "export", "schedule", "approve", "reassign", "print", "share", "archive",
    "search", "sort", "compare", "pay", "sign", "review", "flag", "import", "merge", "undo",
    "track",
];

const OBJECTS: &[&str] = &[
    "jobs",
    "invoices",
    "technician routes",
    "parts orders",
    "customer notes",
    "time sheets",
    "service contracts",
    "site photos",
    "quotes",
    "equipment history",
    "visit reports",
    "payment reminders",
    "skills matrix",
    "shift plans",
    "warranty claims",
    "price lists",
];

const QUALIFIERS: &[&str] = &[
    "by region",
    "on a phone",
    "offline",
    "in bulk",
    "before the visit",
    "after hours",
    "from the map",
    "per team",
    "with one tap",
    "for the whole week",
    "without calling the office",
    "in the customer's language",
    "as a PDF",
    "from the job screen",
];

const BENEFITS: &[&str] = &[
    "I stop calling the office",
    "customers pay sooner",
    "no visit is wasted",
    "the team sees the same numbers",
    "mistakes are caught early",
    "I can plan the day in five minutes",
    "audits pass without a scramble",
    "nothing falls through the cracks",
];

const LABELS: &[&str] = &[
    "mobile",
    "billing",
    "compliance",
    "ux",
    "api",
    "reporting",
    "perf",
    "tech-debt",
];

const OWNERS: &[&str] = &[
    "Lena", "Omar", "Priya", "Jonas", "Mei", "Tomás", "Ada", "Kwame",
];

const LOREM: &[&str] = &[
    "The current flow needs three screens and a phone call.",
    "Support tickets mention this every week.",
    "Start with the happy path; edge cases follow in a later story.",
    "Legal asked for an audit trail of every change.",
    "The data is already in the warehouse export, only the screen is missing.",
    "Measure the time from request to completion before and after.",
    "Keep the old behaviour behind a setting for one release.",
    "Design has mock-ups in the shared folder.",
    "Customers on the legacy plan must not see the new option yet.",
    "Performance matters: large accounts have thousands of rows.",
];

/// The text of a title: verb, object and often a qualifier.
fn title(rng: &mut Rng) -> String {
    let mut t = format!("{} {}", capitalise(rng.pick(VERBS)), rng.pick(OBJECTS));
    let extra = rng.below(4);
    for _ in 0..extra {
        t.push(' ');
        t.push_str(rng.pick(QUALIFIERS));
    }
    t
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Zero to a dozen sentences: most items have a short description, some
/// a long one, some none.
fn description(rng: &mut Rng) -> String {
    let n = match rng.below(10) {
        0..=2 => 0,
        3..=7 => 1 + rng.below(3),
        _ => 4 + rng.below(9),
    };
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(rng.pick(LOREM));
    }
    s
}

fn lane(rng: &mut Rng) -> Lane {
    rng.pick(&Lane::ALL)
}

fn status(rng: &mut Rng) -> Status {
    match rng.below(100) {
        0..=44 => Status::Draft,
        45..=59 => Status::Ready,
        60..=71 => Status::InProgress,
        72..=97 => Status::Done,
        _ => Status::Dropped,
    }
}

const FIB: [f64; 7] = [1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 20.0];

fn rice(rng: &mut Rng) -> RiceInputs {
    RiceInputs::new(
        (rng.below(200) * 25) as f64,
        rng.pick(&[3.0, 2.0, 1.0, 0.5, 0.25]),
        rng.pick(&[100.0, 80.0, 50.0]),
        rng.pick(&[0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0]),
    )
}

fn wsjf(rng: &mut Rng) -> WsjfInputs {
    WsjfInputs::new(
        rng.pick(&FIB),
        rng.pick(&FIB),
        rng.pick(&FIB),
        rng.pick(&FIB),
    )
}

/// Every item of the synthetic backlog, in key order: initiatives, epics
/// spread over them, stories spread over the epics. Timestamps fall in the
/// year before `now`.
pub fn items(spec: Spec, now: DateTime<Utc>) -> Vec<Item> {
    let mut rng = Rng::new(spec.seed);
    let mut out = Vec::with_capacity(spec.initiatives + spec.epics + spec.stories);
    let when = |rng: &mut Rng| now - Duration::minutes(rng.below(365 * 24 * 60) as i64);
    let initiatives = spec.initiatives.max(1);
    let epics = spec.epics.max(1);

    for n in 1..=initiatives {
        let key = Key::new(Kind::Initiative, n as i64);
        let created = when(&mut rng);
        let mut i = Item::new(key, &title(&mut rng), None, created).expect("valid initiative");
        i.rank = n as i64;
        i.lane = Some(lane(&mut rng));
        i.status = rng.pick(&[
            Status::Draft,
            Status::Ready,
            Status::InProgress,
            Status::Done,
        ]);
        i.description = description(&mut rng);
        i.owner = rng.chance(70).then(|| rng.pick(OWNERS).to_string());
        if rng.chance(80) {
            i.outcome = Some(format!(
                "{} {}",
                capitalise(rng.pick(BENEFITS)),
                "within a quarter"
            ));
            i.hypothesis = Some(format!(
                "We believe that letting people {} {} will mean {}.",
                rng.pick(VERBS),
                rng.pick(OBJECTS),
                rng.pick(BENEFITS)
            ));
            i.metrics = vec![Metric {
                name: format!("Share of {} handled in the app", rng.pick(OBJECTS)),
                baseline: format!("{}%", rng.below(40)),
                target: format!("{}%", 50 + rng.below(50)),
                checkins: Vec::new(),
            }];
        }
        i.updated = created;
        out.push(i);
    }

    for n in 1..=epics {
        let key = Key::new(Kind::Epic, n as i64);
        // Epics spread evenly, so every initiative has some.
        let parent = Key::new(Kind::Initiative, ((n - 1) % initiatives + 1) as i64);
        let created = when(&mut rng);
        let mut e = Item::new(key, &title(&mut rng), Some(parent), created).expect("valid epic");
        e.rank = ((n - 1) / initiatives + 1) as i64;
        e.lane = rng.chance(60).then(|| lane(&mut rng));
        e.status = status(&mut rng);
        e.description = description(&mut rng);
        e.owner = rng.chance(60).then(|| rng.pick(OWNERS).to_string());
        if rng.chance(85) {
            e.rice = rice(&mut rng);
        }
        if rng.chance(80) {
            e.wsjf = wsjf(&mut rng);
        }
        if n > 1 && rng.chance(3) {
            e.depends_on = vec![Key::new(Kind::Epic, 1 + rng.below(n - 1) as i64)];
        }
        e.archived = rng.chance(1);
        e.updated = created;
        out.push(e);
    }

    for n in 1..=spec.stories {
        let key = Key::new(Kind::Story, n as i64);
        let parent = Key::new(Kind::Epic, ((n - 1) % epics + 1) as i64);
        let created = when(&mut rng);
        let mut s = Item::new(key, &title(&mut rng), Some(parent), created).expect("valid story");
        s.rank = ((n - 1) / epics + 1) as i64;
        s.status = status(&mut rng);
        if rng.chance(90) {
            s.persona = Some(rng.pick(PERSONAS).to_string());
            s.goal = Some(format!(
                "to {} {} {}",
                rng.pick(VERBS),
                rng.pick(OBJECTS),
                rng.pick(QUALIFIERS)
            ));
            s.benefit = rng.chance(75).then(|| rng.pick(BENEFITS).to_string());
        }
        s.description = description(&mut rng);
        let criteria = 3 + rng.below(4);
        let done_all = s.status == Status::Done;
        s.criteria = (0..criteria)
            .map(|c| AcceptanceCriterion {
                text: format!(
                    "Given {} {}, when I {} them {}, then {}",
                    if c == 0 { "my" } else { "some" },
                    rng.pick(OBJECTS),
                    rng.pick(VERBS),
                    rng.pick(QUALIFIERS),
                    rng.pick(BENEFITS)
                ),
                done: done_all || rng.chance(20),
            })
            .collect();
        s.points = rng.chance(80).then(|| rng.pick(&FIB));
        if rng.chance(85) {
            s.rice = rice(&mut rng);
        }
        if rng.chance(75) {
            s.wsjf = wsjf(&mut rng);
        }
        if rng.chance(25) {
            s.labels = vec![rng.pick(LABELS).to_string()];
            if rng.chance(30) {
                let second = rng.pick(LABELS).to_string();
                if !s.labels.contains(&second) {
                    s.labels.push(second);
                }
            }
        }
        s.owner = rng.chance(50).then(|| rng.pick(OWNERS).to_string());
        // Dependencies only on earlier stories: never a cycle.
        if n > 1 && rng.chance(5) {
            let mut deps: Vec<Key> = (0..1 + rng.below(2))
                .map(|_| Key::new(Kind::Story, 1 + rng.below(n - 1) as i64))
                .collect();
            deps.sort();
            deps.dedup();
            s.depends_on = deps;
        }
        if rng.chance(1) {
            s.decisions = vec![Decision {
                date: (created + Duration::days(rng.below(30) as i64)).date_naive(),
                decision: format!("Ship {} first", rng.pick(OBJECTS)),
                rationale: rng.pick(LOREM).to_string(),
            }];
        }
        s.archived = rng.chance(1);
        s.updated = created + Duration::minutes(rng.below(60 * 24 * 30) as i64);
        s.updated = s.updated.min(now);
        out.push(s);
    }
    out
}

/// Writes the synthetic backlog of `spec` into `store` in one transaction.
/// Refused if the file holds items, unless `force`, which replaces them.
/// Not recorded in the history. Returns how many items were written.
pub fn write(store: &mut Store, spec: Spec, now: DateTime<Utc>, force: bool) -> Result<usize> {
    let items = items(spec, now);
    let path = store.path().display().to_string();
    store.write(&format!("generate {} stories", spec.stories), |tx| {
        if !tx.is_empty()? {
            if !force {
                return Err(StoreError::Refused(format!(
                    "{path} already holds items: use --force to replace them"
                )));
            }
            tx.wipe()?;
        }
        tx.bulk_load(&items)
    })?;
    Ok(items.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 9, 1, 9, 30, 0).unwrap()
    }

    #[test]
    fn same_seed_same_items() {
        let a = items(Spec::new(300, 7), now());
        let b = items(Spec::new(300, 7), now());
        assert_eq!(a, b);
        let c = items(Spec::new(300, 8), now());
        assert_ne!(a, c);
    }

    #[test]
    fn shape_matches_the_spec() {
        let v = items(Spec::new(5000, 1), now());
        let count = |k| v.iter().filter(|i| i.kind() == k).count();
        assert_eq!(count(Kind::Initiative), 50);
        assert_eq!(count(Kind::Epic), 1000);
        assert_eq!(count(Kind::Story), 5000);
        let stories: Vec<&Item> = v.iter().filter(|i| i.kind() == Kind::Story).collect();
        assert!(stories.iter().all(|s| (3..=6).contains(&s.criteria.len())));
        let scored = stories.iter().filter(|s| s.rice_score().is_some()).count();
        assert!(scored > 4000, "{scored}");
        assert!(stories.iter().any(|s| !s.depends_on.is_empty()));
        // Keys ascend: the store inserts parents before children.
        assert!(v.windows(2).all(|w| w[0].key < w[1].key));
    }

    #[test]
    fn small_specs_shrink_the_hierarchy() {
        let v = items(Spec::new(20, 1), now());
        assert_eq!(v.iter().filter(|i| i.kind() == Kind::Epic).count(), 20);
        assert_eq!(
            v.iter().filter(|i| i.kind() == Kind::Initiative).count(),
            20
        );
    }
}
