use super::*;

fn parts(s: &str) -> (Option<String>, String, Option<String>) {
    let p = parse_sentence(s).unwrap_or_else(|| panic!("not parsed: {s}"));
    (p.persona, p.goal, p.benefit)
}

fn some(s: &str) -> Option<String> {
    Some(s.to_string())
}

#[test]
fn the_classic_form() {
    assert_eq!(
        parts(
            "As a Public User, I want to Search for Information, so that I can obtain information."
        ),
        (
            some("Public User"),
            "to Search for Information".into(),
            some("I can obtain information")
        )
    );
}

#[test]
fn real_variations() {
    // No so-that; "an"; trailing space.
    assert_eq!(
        parts("As an OlderPerson, I want to use only well-visible buttons. "),
        (
            some("OlderPerson"),
            "to use only well-visible buttons".into(),
            None
        )
    );
    // So-that after a full stop, capitalised.
    assert_eq!(
        parts(
            "As a staff member, I want to denote an application with a Final Action status. So that I can finish it."
        ),
        (
            some("staff member"),
            "to denote an application with a Final Action status".into(),
            some("I can finish it")
        )
    );
    // Glued role, no comma before "I want".
    assert_eq!(
        parts("As a anonymoususer I want to view a list of sponsors, so that I can thank them."),
        (
            some("anonymoususer"),
            "to view a list of sponsors".into(),
            some("I can thank them")
        )
    );
    // No article; "I need".
    assert_eq!(
        parts("As repository manager, I need details on the type of data."),
        (
            some("repository manager"),
            "details on the type of data".into(),
            None
        )
    );
    assert_eq!(parts("As the admin, I want x").0, some("admin"));
    assert_eq!(parts("As as archivist, I want x").0, some("archivist"));
    assert_eq!(
        parts("As a JIRA Administrator I would like to be able to change the trigger").1,
        "to be able to change the trigger"
    );
    assert_eq!(
        parts("As a ResearcherDeveloper, would like the ability import/export from MS-SQL").1,
        "the ability import/export from MS-SQL"
    );
    assert_eq!(
        parts("As a camp worker, I'm able to report a camper to the manager.").1,
        "to be able to report a camper to the manager"
    );
    assert_eq!(
        parts("As a UI designer,  I want to move on to round 2, So that I can get approvals.").2,
        some("I can get approvals")
    );
    assert_eq!(
        parts("As a Publisher, I want to sign up, so that that I can publish.").2,
        some("I can publish")
    );
    assert_eq!(
        parts("As Patrick, I want to choose a colour so I can find it").1,
        "to choose a colour"
    );
    assert_eq!(
        parts("As Patrick, I want to choose a colour so I can find it").2,
        some("I can find it")
    );
}

#[test]
fn negations_keep_their_meaning() {
    assert_eq!(
        parts("As a user, I don't want to see NASA grants displayed as contracts.").1,
        "not to see NASA grants displayed as contracts"
    );
    assert_eq!(
        parts("As a FABS user, I do not want  DABS banner messages, so that I see mine.").1,
        "to avoid DABS banner messages"
    );
}

#[test]
fn not_stories() {
    for s in [
        "Auditing & Reporting.",
        "bidirectionally with the repository.",
        "As soon as possible",
        "As a user, I want",
        "",
    ] {
        assert_eq!(parse_sentence(s), None, "{s}");
    }
}

#[test]
fn titles_come_from_goals_in_any_script() {
    // Regression: a multi-byte character right after "to " panicked
    // (found by tests/hostile_input.rs).
    assert_eq!(
        title_from_goal("to 予約をキャンセルしたい"),
        "予約をキャンセルしたい"
    );
    assert_eq!(title_from_goal("toé"), "Toé");
    assert_eq!(title_from_goal("t😀 x"), "T😀 x");
}

#[test]
fn titles_come_from_goals() {
    assert_eq!(
        title_from_goal("to Search for Information"),
        "Search for Information"
    );
    assert_eq!(
        title_from_goal("to be able to view a list of sponsors"),
        "View a list of sponsors"
    );
    assert_eq!(
        title_from_goal("not to see NASA grants"),
        "Do not see NASA grants"
    );
    assert_eq!(
        title_from_goal("to avoid DABS banners"),
        "Avoid DABS banners"
    );
    let long = title_from_goal(
        "to view a dashboard statistics about collections size including a list of collections, the number of items",
    );
    assert!(long.chars().count() <= TITLE_MAX, "{long}");
    assert_eq!(
        long,
        "View a dashboard statistics about collections size including a list…"
    );
}

#[test]
fn stories_keep_the_original_line_only_when_rewritten() {
    let now = DateTime::<Utc>::UNIX_EPOCH;
    let s = story_from_text(
        "As a user, I want to click on the address, so that it opens a map.",
        now,
    )
    .unwrap();
    assert!(s.sentence);
    assert_eq!(s.item.title, "Click on the address");
    assert_eq!(s.item.description, "");
    assert_eq!(
        s.item.user_story_sentence().unwrap(),
        "As a user, I want to click on the address, so that it opens a map."
    );
    let s = story_from_text("As a Staff member, I need to be notified.", now).unwrap();
    assert_eq!(
        s.item.description,
        "As a Staff member, I need to be notified."
    );
    let s = story_from_text("Export the report as CSV", now).unwrap();
    assert!(!s.sentence);
    assert_eq!(s.item.title, "Export the report as CSV");
}

#[test]
fn parts_given_on_their_own_lose_their_lead_in() {
    assert_eq!(
        clean_persona("As a reference archivist,"),
        some("reference archivist")
    );
    assert_eq!(clean_persona("  PM "), some("PM"));
    assert_eq!(clean_persona("As a ,"), None);
    assert_eq!(
        clean_goal("I want to rank stories."),
        some("to rank stories")
    );
    assert_eq!(clean_goal("I would like   a map —"), some("a map"));
    assert_eq!(
        clean_benefit("so that we ship the right thing."),
        some("we ship the right thing")
    );
    // Unlike a clause inside a sentence, a part on its own keeps a final
    // "and": it is not a joint to a next clause.
    assert_eq!(
        clean_benefit("we can compare and"),
        some("we can compare and")
    );
    assert_eq!(
        parts("As a PM, I want to compare and, so that we can see and.").2,
        some("we can see")
    );
}

#[test]
fn the_benefits_i_can_is_never_the_want() {
    assert_eq!(
        parts(
            "As a developer I should consider using partial views on duplicated code so that I can make it easier to maintain the views."
        ),
        (
            some("developer"),
            "consider using partial views on duplicated code".into(),
            some("I can make it easier to maintain the views")
        )
    );
    // No want before the benefit: no sentence.
    assert_eq!(
        parse_sentence("As a developer, so that I can sleep, the build is green."),
        None
    );
}

#[test]
fn each_verb_after_the_role() {
    for (line, goal) in [
        ("As a nurse I should see the chart", "see the chart"),
        ("As a nurse I need to see the chart", "to see the chart"),
        (
            "As a nurse I can see the chart",
            "to be able to see the chart",
        ),
        (
            "As a nurse I would like to see the chart",
            "to see the chart",
        ),
        ("As a nurse, I must see the chart.", "see the chart"),
        (
            "As a nurse I should be able to see the chart",
            "to be able to see the chart",
        ),
    ] {
        assert_eq!(parts(line), (some("nurse"), goal.into(), None), "{line}");
    }
}

#[test]
fn long_lines_get_a_capped_title_and_keep_the_whole_text() {
    let now = DateTime::<Utc>::UNIX_EPOCH;
    let line = "Reporting ".repeat(40);
    let s = story_from_list_line(&line, now).unwrap();
    assert!(s.capped);
    assert!(s.item.title.chars().count() <= LINE_TITLE_MAX);
    assert!(s.item.title.ends_with('…'));
    assert_eq!(s.item.description, line.trim());
    let short = story_from_list_line("Admin can add a patient", now).unwrap();
    assert!(!short.capped && short.sentence);
    assert_eq!(short.item.title, "Add a patient");
    assert_eq!(short.item.persona.as_deref(), Some("Admin"));
}
