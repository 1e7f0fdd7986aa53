//! Property: any backlog survives `export` → `import` into a new file →
//! `export` byte for byte, and the re-imported items equal the originals.
//! Backlogs are generated as values, stored with the library, then moved
//! with the real binary.

use std::path::Path;

use assert_cmd::Command;
use chrono::{DateTime, NaiveDate, Utc};
use proptest::prelude::*;

use backlog::domain::text::{clean_title, optional_text};
use backlog::domain::{
    AcceptanceCriterion, CheckIn, Decision, Item, Key, Kind, Lane, Metric, RiceInputs, Status,
    WsjfInputs,
};
use backlog::store::{OpenMode, Store};

/// Random content for one item; the tree shape is decided separately.
#[derive(Debug, Clone)]
struct Attrs {
    title: String,
    description: String,
    status: Status,
    lane: Option<Lane>,
    owner: String,
    labels: Vec<String>,
    rank: i64,
    archived: bool,
    texts: [String; 5],
    metrics: Vec<MetricAttrs>,
    points: Option<f64>,
    criteria: Vec<(String, bool)>,
    rice: RiceInputs,
    wsjf: WsjfInputs,
    decisions: Vec<(i64, String, String)>,
    created: i64,
    age: i64,
    deps: Vec<prop::sample::Index>,
    gap: i64,
}

/// A generated metric: name, baseline, target and check-ins.
type MetricAttrs = (String, String, String, Vec<CheckInAttrs>);

/// A generated check-in: days after 1970, value, note.
type CheckInAttrs = (i64, String, String);

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-z ]{1,12}",
        "\\PC{0,16}",
        "(.|\n|\t|\u{1b}){0,24}",
    ]
}

fn positive() -> impl Strategy<Value = f64> {
    prop_oneof![
        0.001f64..1e9,
        Just(f64::MIN_POSITIVE),
        any::<f64>().prop_filter("finite > 0", |v| v.is_finite() && *v > 0.0),
    ]
}

/// A story's estimate: any number from 0 to the largest one allowed
/// (`domain::parse::MAX_POINTS`), the smallest positive and the largest.
fn estimate() -> impl Strategy<Value = f64> {
    prop_oneof![
        0.001f64..=backlog::domain::parse::MAX_POINTS,
        Just(f64::MIN_POSITIVE),
        Just(backlog::domain::parse::MAX_POINTS),
    ]
}

fn maybe(s: impl Strategy<Value = f64>) -> impl Strategy<Value = Option<f64>> {
    prop::option::weighted(0.7, s)
}

fn rice() -> impl Strategy<Value = RiceInputs> {
    (
        maybe(prop_oneof![Just(0.0), estimate()]),
        maybe(positive()),
        maybe(prop_oneof![0.01f64..=100.0, Just(100.0)]),
        maybe(positive()),
    )
        .prop_map(|(reach, impact, confidence, effort)| RiceInputs {
            reach,
            impact,
            confidence,
            effort,
        })
}

fn wsjf() -> impl Strategy<Value = WsjfInputs> {
    (
        maybe(positive()),
        maybe(positive()),
        maybe(positive()),
        maybe(positive()),
    )
        .prop_map(
            |(value, time_criticality, risk_reduction, job_size)| WsjfInputs {
                value,
                time_criticality,
                risk_reduction,
                job_size,
            },
        )
}

fn status() -> impl Strategy<Value = Status> {
    prop::sample::select(Status::ALL.to_vec())
}

fn attrs() -> impl Strategy<Value = Attrs> {
    let a = (
        text(),
        text(),
        status(),
        prop::option::of(prop::sample::select(Lane::ALL.to_vec())),
        text(),
        prop::collection::vec("\\PC{1,8}", 0..3),
        any::<i64>(),
        prop::bool::weighted(0.2),
        [text(), text(), text(), text(), text()],
    );
    let b = (
        prop::collection::vec(
            (
                text(),
                text(),
                text(),
                prop::collection::vec((0i64..60_000, text(), text()), 0..3),
            ),
            0..3,
        ),
        maybe(prop_oneof![Just(0.0), estimate()]),
        prop::collection::vec((text(), any::<bool>()), 0..4),
        rice(),
        wsjf(),
        prop::collection::vec((0i64..60_000, text(), text()), 0..3),
        0i64..4_000_000_000,
        0i64..100_000_000,
        prop::collection::vec(any::<prop::sample::Index>(), 0..3),
        0i64..3,
    );
    (a, b).prop_map(
        |(
            (title, description, status, lane, owner, labels, rank, archived, texts),
            (metrics, points, criteria, rice, wsjf, decisions, created, age, deps, gap),
        )| Attrs {
            title,
            description,
            status,
            lane,
            owner,
            labels,
            rank,
            archived,
            texts,
            metrics,
            points,
            criteria,
            rice,
            wsjf,
            decisions,
            created,
            age,
            deps,
            gap,
        },
    )
}

/// A backlog: initiatives, epics under them, stories under those, with
/// dependencies only on earlier items (so never a cycle).
fn backlog() -> impl Strategy<Value = (Vec<Item>, [i64; 3])> {
    (
        prop::collection::vec(prop::collection::vec(0usize..4, 0..3), 1..4),
        prop::collection::vec(attrs(), 40),
        [0i64..5, 0i64..5, 0i64..5],
    )
        .prop_map(|(shape, pool, extra)| build(&shape, &pool, extra))
}

fn build(shape: &[Vec<usize>], pool: &[Attrs], extra: [i64; 3]) -> (Vec<Item>, [i64; 3]) {
    let mut items: Vec<Item> = Vec::new();
    let mut nums = [0i64; 3];
    let mut n = 0;
    let mut next = |kind: Kind, parent: Option<Key>, items: &mut Vec<Item>| -> Option<Key> {
        let a = &pool[n % pool.len()];
        n += 1;
        if n > pool.len() {
            return None;
        }
        let slot = kind as usize;
        nums[slot] += 1 + a.gap;
        let key = Key::new(kind, nums[slot]);
        items.push(item(key, parent, a, items));
        Some(key)
    };
    for epics in shape {
        let Some(i) = next(Kind::Initiative, None, &mut items) else {
            break;
        };
        for &stories in epics {
            let Some(e) = next(Kind::Epic, Some(i), &mut items) else {
                break;
            };
            for _ in 0..stories {
                next(Kind::Story, Some(e), &mut items);
            }
        }
    }
    let seq = [0, 1, 2].map(|k| nums[k] + 1 + extra[k]);
    (items, seq)
}

fn item(key: Key, parent: Option<Key>, a: &Attrs, earlier: &[Item]) -> Item {
    let created = DateTime::<Utc>::from_timestamp(a.created, 0).unwrap();
    let title = clean_title("title", &a.title).unwrap_or_else(|_| "untitled".into());
    let mut i = Item::new(key, &title, parent, created).unwrap();
    i.updated = DateTime::<Utc>::from_timestamp(a.created + a.age, 0).unwrap();
    i.description = a.description.clone();
    i.status = a.status;
    i.owner = optional_text(&a.owner);
    i.labels = a.labels.clone();
    i.rank = a.rank;
    i.archived = a.archived;
    i.decisions = a
        .decisions
        .iter()
        // What the store accepts: SQLite's length(trim(decision)) > 0.
        .filter(|(_, d, _)| {
            !d.split('\0')
                .next()
                .unwrap_or("")
                .trim_matches(' ')
                .is_empty()
        })
        .map(|(days, d, r)| Decision {
            date: NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + chrono::Days::new(*days as u64),
            decision: d.clone(),
            rationale: r.clone(),
        })
        .collect();
    if !earlier.is_empty() {
        let mut deps: Vec<Key> = a.deps.iter().map(|x| x.get(earlier).key).collect();
        deps.sort();
        deps.dedup();
        i.depends_on = deps;
    }
    match key.kind {
        Kind::Initiative => {
            i.lane = a.lane;
            i.outcome = optional_text(&a.texts[0]);
            i.hypothesis = optional_text(&a.texts[1]);
            i.metrics = a
                .metrics
                .iter()
                .map(|(n, b, t, c)| Metric {
                    name: n.clone(),
                    baseline: b.clone(),
                    target: t.clone(),
                    checkins: c
                        .iter()
                        .map(|(days, v, note)| CheckIn {
                            date: NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()
                                + chrono::Days::new(*days as u64),
                            value: v.clone(),
                            note: note.clone(),
                        })
                        .collect(),
                })
                .collect();
        }
        Kind::Epic => {
            i.lane = a.lane;
            i.rice = a.rice;
            i.wsjf = a.wsjf;
        }
        Kind::Story => {
            i.persona = optional_text(&a.texts[2]);
            i.goal = optional_text(&a.texts[3]);
            i.benefit = optional_text(&a.texts[4]);
            i.points = a.points;
            i.criteria = a
                .criteria
                .iter()
                .filter_map(|(t, done)| {
                    clean_title("criterion", t)
                        .ok()
                        .map(|text| AcceptanceCriterion { text, done: *done })
                })
                .collect();
            i.rice = a.rice;
            i.wsjf = a.wsjf;
        }
        Kind::Insight => {}
    }
    i
}

fn bin() -> Command {
    let mut c = Command::cargo_bin("backlog").unwrap();
    c.env_remove("BACKLOG_DB").env_remove("BACKLOG_NOW");
    c
}

fn run(db: &Path, args: &[&str]) -> Vec<u8> {
    let out = bin().arg("--db").arg(db).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "backlog {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn random_backlogs_survive_export_import_export((items, seq) in backlog()) {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.db");
        let b = dir.path().join("b.db");
        let mut store = Store::open(&a, OpenMode::Create).unwrap();
        store
            .write("generate", |tx| {
                tx.insert_all(&items)?;
                for (kind, next) in Kind::ALL.into_iter().zip(seq) {
                    tx.reserve_keys(kind, next)?;
                }
                Ok(())
            })
            .unwrap();
        drop(store);

        let first = run(&a, &["export"]);
        let file = dir.path().join("backlog.json");
        std::fs::write(&file, &first).unwrap();
        run(&b, &["import", file.to_str().unwrap()]);
        let second = run(&b, &["export"]);
        prop_assert_eq!(String::from_utf8(first).unwrap(), String::from_utf8(second).unwrap());

        let stored_a = Store::open(&a, OpenMode::Existing).unwrap().load_with_key_sequence().unwrap();
        let stored_b = Store::open(&b, OpenMode::Existing).unwrap().load_with_key_sequence().unwrap();
        prop_assert_eq!(stored_a.0.items(), stored_b.0.items());
        prop_assert_eq!(&stored_a.1, &stored_b.1);
        let mut expected = items.clone();
        expected.sort_by_key(|i| i.key);
        for i in &mut expected {
            i.version = 1;
        }
        for (got, want) in stored_b.0.items().iter().zip(&expected) {
            prop_assert_eq!(got, want);
        }
        prop_assert_eq!(stored_b.0.len(), expected.len());
    }
}
