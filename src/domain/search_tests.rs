use super::*;
use crate::domain::{Item, Key};

fn story(title: &str) -> Item {
    let key: Key = "S-1".parse().unwrap();
    let mut item = Item::blank(key, None, chrono::DateTime::UNIX_EPOCH);
    item.title = title.to_string();
    item.description = "Works on the roadmap page".to_string();
    item.goal = Some("to plan the Café opening".to_string());
    item
}

#[test]
fn words_and_substrings_not_scattered_letters() {
    let q = Query::new("map").unwrap();
    assert!(
        q.hit(&story("Manage API keys"))
            .is_some_and(|h| h.field == Field::Description)
    );
    let mut plain = story("Manage API keys");
    plain.description.clear();
    assert_eq!(q.hit(&plain), None, "m-a-p scattered is no match");
    assert_eq!(q.hit(&story("Map view")).unwrap().field, Field::Title);
}

#[test]
fn case_and_accents_fold() {
    assert_eq!(fold("Élan Straße"), "elan strasse");
    let q = Query::new("CAFE").unwrap();
    assert_eq!(q.hit(&story("x")).unwrap().field, Field::Goal);
    let q = Query::new("élan").unwrap();
    assert!(q.hit(&story("Elan vital")).is_some());
}

#[test]
fn every_word_must_occur_and_titles_rank_first() {
    let q = Query::new("map roadmap").unwrap();
    let title = q.hit(&story("Roadmap map")).unwrap();
    let desc = q.hit(&story("Other")).unwrap();
    assert!(title.score > desc.score);
    assert_eq!(Query::new("map zebra").unwrap().hit(&story("Map")), None);
    assert!(Query::new("  ").is_none());
}

#[test]
fn a_word_start_counts_more_than_inside_a_word() {
    assert_eq!(find("Roadmap", "map"), Some(false));
    assert_eq!(find("The map", "map"), Some(true));
    assert_eq!(find("Le café", "cafe"), Some(true));
    assert_eq!(find("abc", "x"), None);
}

#[test]
fn highlights_cover_the_matches_in_the_original_text() {
    let q = Query::new("cafe map").unwrap();
    let text = "Café roadmap";
    let r = highlights(text, &q);
    let parts: Vec<&str> = r.iter().map(|&(a, b)| &text[a..b]).collect();
    assert_eq!(parts, vec!["Café", "map"]);
}

#[test]
fn a_longer_query_narrows() {
    let a = Query::new("ma").unwrap();
    let b = Query::new("map").unwrap();
    assert!(b.narrows(&a));
    assert!(!a.narrows(&b));
}

#[test]
fn contains_agrees_with_find() {
    let texts = [
        "",
        "Roadmap",
        "The map",
        "Le café",
        "CAFÉ au lait",
        "Straße",
        "Ærø",
        "naïve résumé",
        "x",
        "ab",
        "ma",
    ];
    let words = [
        "map", "cafe", "caf", "strasse", "ss", "aero", "ø", "resume", "x", "ab", "a",
    ];
    for t in texts {
        for w in words {
            assert_eq!(contains(t, w), find(t, w).is_some(), "{w:?} in {t:?}");
        }
    }
}

proptest::proptest! {
    /// The quick match says yes exactly when a hit is found, on ASCII and
    /// accented text, one word or several.
    #[test]
    fn matches_agrees_with_hit(
        query in "[aAeEéÉsSpP ]{1,6}",
        title in "[a-zA-Zéß ]{0,12}",
        goal in proptest::option::of("[a-zA-Zéß ]{0,12}"),
        criteria in proptest::collection::vec("[a-zA-Zéß ]{0,12}", 0..3),
        description in "[a-zA-Zéß ]{0,20}",
        labels in proptest::collection::vec("[a-zé]{0,6}", 0..2),
    ) {
        if let Some(q) = Query::new(&query) {
            let mut item = story(&title);
            item.goal = goal;
            item.description = description;
            item.labels = labels;
            item.criteria = criteria
                .into_iter()
                .map(|text| crate::domain::AcceptanceCriterion { text, done: false })
                .collect();
            let key_and_title = format!("{} {}", item.key, item.title);
            proptest::prop_assert_eq!(
                q.matches(&key_and_title, &item),
                q.hit(&item).is_some(),
                "query {:?} item {:?}",
                query,
                item
            );
        }
    }
}
