use super::*;

fn pairs(texts: &[&str]) -> Vec<(usize, usize)> {
    similar_texts(texts).iter().map(|s| (s.a, s.b)).collect()
}

/// A realistic backlog around the texts under test, so that word
/// rarities are those of a real set rather than of two lines.
fn with_context(texts: &[&str]) -> Vec<String> {
    let mut all: Vec<String> = texts.iter().map(|s| s.to_string()).collect();
    for n in 0..40 {
        all.push(format!(
            "Export the monthly report {} for the finance team",
            ["as PDF", "by email", "on a schedule", "with charts"][n % 4]
        ));
        all.push(format!("See my open invoices number {n}"));
    }
    all
}

fn found(texts: &[&str], a: usize, b: usize) -> bool {
    let all = with_context(texts);
    let refs: Vec<&str> = all.iter().map(String::as_str).collect();
    pairs(&refs).contains(&(a, b))
}

#[test]
fn identical_texts_are_duplicates() {
    assert!(found(
        &[
            "Move on to round 2 of Homepage edits",
            "Move on to round 2 of Homepage edits"
        ],
        0,
        1
    ));
    // Case and punctuation do not matter.
    assert!(found(&["Publish a dataset!", "publish a Dataset"], 0, 1));
}

#[test]
fn the_same_sentence_with_words_added_is_a_duplicate() {
    assert!(found(
        &[
            "Confirm the recruiter is set up and working properly on the staging site",
            "Confirm the recruiter is set up and working properly",
        ],
        0,
        1
    ));
    assert!(found(
        &["Export invoices to PDF", "Export invoices to PDF files"],
        0,
        1
    ));
}

#[test]
fn one_telling_word_swapped_is_different_work() {
    for (a, b) in [
        ("Upgrade to NPM 7", "Upgrade to Bower 7"),
        (
            "Get a Data Package into Julia in seconds",
            "Get a Data Package into Excel in seconds",
        ),
        (
            "Delete campers from the database",
            "Delete parents from the database",
        ),
        (
            "Backend changes for managing enum lists",
            "Frontend changes for managing enum lists",
        ),
    ] {
        assert!(!found(&[a, b], 0, 1), "{a} ~ {b}");
    }
}

#[test]
fn numbers_and_negations_make_work_distinct() {
    for (a, b) in [
        (
            "Move on to round 2 of the Help page edits",
            "Move on to round 3 of the Help page edits",
        ),
        (
            "Show the price list to a registered user",
            "Show the price list to an unregistered user",
        ),
        (
            "The validation rules accept zero and blank for loan records",
            "The validation rules accept zero and blank for non-loan records",
        ),
        (
            "Sync contacts with the phone",
            "Sync contacts without the phone",
        ),
    ] {
        assert!(!found(&[a, b], 0, 1), "{a} ~ {b}");
    }
}

#[test]
fn short_and_empty_texts_are_not_compared() {
    assert!(pairs(&["Add", "Add", "", ""]).is_empty());
}

#[test]
fn pairs_are_ordered_and_scored() {
    let all = with_context(&[
        "Track downloads of my data sets",
        "Track downloads of my data",
    ]);
    let refs: Vec<&str> = all.iter().map(String::as_str).collect();
    let found = similar_texts(&refs);
    let pair = found.iter().find(|s| (s.a, s.b) == (0, 1)).expect("found");
    assert!(pair.similarity >= THRESHOLD && pair.similarity <= 1.0);
    assert!(
        found
            .windows(2)
            .all(|w| (w[0].a, w[0].b) < (w[1].a, w[1].b))
    );
}

#[test]
fn many_repeated_phrasings_stay_bounded() {
    // 20,000 texts from a handful of phrasings: finishes, and finds the
    // repeats.
    let verbs = ["Approve", "Review", "Print", "Flag", "Merge"];
    let objects = ["invoices", "site photos", "time sheets", "routes"];
    let texts: Vec<String> = (0..20_000)
        .map(|n| {
            format!(
                "{} {} by region {}",
                verbs[n % 5],
                objects[(n / 5) % 4],
                ["", "in bulk", "from the map"][(n / 20) % 3]
            )
        })
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let found = similar_texts(&refs);
    assert!(!found.is_empty());
    assert!(found.iter().all(|s| s.a < s.b));
}

mod against_the_reference {
    //! The matching on posting lists built whole, in ranges on several
    //! threads, finds what the matching before it found
    //! ([`super::super::reference`]): the same pairs, the same
    //! similarities to the bit, in the same order.

    use proptest::collection::vec;
    use proptest::prelude::*;

    use super::super::{Similar, many, reference, similar_joined};

    /// Words that make every rule work: stop words, numbers, negations
    /// and negating prefixes, plurals, case, punctuation, a non-ASCII
    /// letter; few enough that texts share words and posting lists grow
    /// past `PROBES`.
    const WORDS: &[&str] = &[
        "the",
        "a",
        "to",
        "of",
        "with",
        "Export",
        "exports",
        "invoice",
        "invoices",
        "PDF",
        "report",
        "registered",
        "unregistered",
        "loan",
        "non-loan",
        "not",
        "without",
        "2",
        "3",
        "round",
        "Homepage",
        "edits",
        "user",
        "users",
        "can",
        "see",
        "my",
        "data",
        "sets",
        "Julia",
        "Excel",
        "Straße",
        "café",
        "approve",
        "photos",
        "site",
        "!",
        "-",
        "class",
    ];

    fn text() -> impl Strategy<Value = String> {
        vec(0..WORDS.len(), 0..12)
            .prop_map(|w| w.iter().map(|&k| WORDS[k]).collect::<Vec<_>>().join(" "))
    }

    /// A text and two more parts, some empty.
    fn parts() -> impl Strategy<Value = [String; 3]> {
        (text(), prop_oneof![Just(String::new()), text()], text()).prop_map(|(a, b, c)| [a, b, c])
    }

    fn bits(found: &[Similar]) -> Vec<(usize, usize, u64)> {
        found
            .iter()
            .map(|s| (s.a, s.b, s.similarity.to_bits()))
            .collect()
    }

    /// Few texts repeated many times, with variations: long posting
    /// lists, identical copies, near duplicates.
    fn backlog() -> impl Strategy<Value = Vec<[String; 3]>> {
        (
            vec(parts(), 1..40),
            vec((0usize..40, 0usize..3, text()), 0..400),
        )
            .prop_map(|(base, picks)| {
                let mut all = base.clone();
                for (k, part, extra) in picks {
                    let mut t = base[k % base.len()].clone();
                    if !extra.is_empty() && part < 2 {
                        t[part] = format!("{} {extra}", t[part]);
                    }
                    all.push(t);
                }
                all
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn finds_what_the_reference_finds(
            texts in backlog(),
            others in vec(parts(), 0..60),
            threads in 1usize..4,
            range in 1usize..300,
        ) {
            let refs: Vec<[&str; 3]> = texts
                .iter()
                .map(|[a, b, c]| [a.as_str(), b.as_str(), c.as_str()])
                .collect();
            let other: Vec<[&str; 3]> = others
                .iter()
                .map(|[a, b, c]| [a.as_str(), b.as_str(), c.as_str()])
                .collect();
            let expected = [reference::similar_joined(&refs), reference::similar_joined(&other)];
            prop_assert_eq!(bits(&similar_joined(&refs)), bits(&expected[0]));
            let found = many(&[&refs, &other], threads, range);
            prop_assert_eq!(found.len(), 2);
            for (found, expected) in found.iter().zip(&expected) {
                prop_assert_eq!(bits(found), bits(expected));
            }
        }
    }
}
