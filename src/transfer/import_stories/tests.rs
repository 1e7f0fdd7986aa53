use chrono::{DateTime, Utc};

use super::*;

#[test]
fn a_file_with_tags_headings_and_broken_lines() {
    let text = "\u{feff}#G16# As a curator, I want to move items.\r\n\
                #G16# \r\n\
                #G16# Auditing & Reporting.\r\n\
                #G16# As a repoadmin, I want to have Elements to communicate\r\n\
                #G16# bidirectionally with the repository.\t\r\n\
                \r\n\
                - Export everything\n";
    let opts = Options::for_file("dir/g16-mis.txt", None);
    assert_eq!(opts.epic_title, "G16 mis");
    let plan = plan("g16-mis.txt", text, &opts, DateTime::<Utc>::UNIX_EPOCH).unwrap();
    let titles: Vec<(Kind, &str)> = plan
        .items
        .iter()
        .map(|p| (p.kind(), p.item.title.as_str()))
        .collect();
    assert_eq!(
        titles,
        [
            (Kind::Initiative, "Imported"),
            (Kind::Epic, "G16 mis"),
            (Kind::Story, "Move items"),
            (Kind::Epic, "Auditing & Reporting"),
            (
                Kind::Story,
                "Have Elements to communicate bidirectionally with the repository"
            ),
            (Kind::Story, "Export everything"),
        ]
    );
    assert_eq!(plan.items[4].line, Some(4));
    assert_eq!(plan.items[4].parent, Some(Ref::New(3)));
    let notes = plan.notes.join("\n");
    assert!(notes.contains("#G16# from the start of 5 lines"), "{notes}");
    assert!(
        notes.contains("line 5 continues the sentence of line 4"),
        "{notes}"
    );
    assert!(notes.contains("1 line is not"), "{notes}");
    let c = plan.story_coverage();
    assert_eq!((c.stories, c.persona_and_goal, c.benefit), (3, 2, 0));
}

#[test]
fn an_existing_epic_takes_the_stories() {
    let e = Key::new(Kind::Epic, 7);
    let opts = Options::for_file("x.txt", Some(e));
    let plan = plan(
        "x.txt",
        "As a PM, I want x\nOther:\nAs a PM, I want y",
        &opts,
        DateTime::<Utc>::UNIX_EPOCH,
    )
    .unwrap();
    assert_eq!(plan.items[0].parent, Some(Ref::Existing(e)));
    assert_eq!(plan.items[1].parent, Some(Ref::ParentOf(e)));
    assert_eq!(plan.items[2].parent, Some(Ref::New(1)));
    assert_eq!(plan.existing_refs(), [e]);
}

#[test]
fn empty_files_are_refused() {
    let e = plan(
        "e.txt",
        "\n \r\n#G01# \n",
        &Options::for_file("e.txt", None),
        DateTime::<Utc>::UNIX_EPOCH,
    )
    .unwrap_err();
    assert!(e.to_string().starts_with("e.txt: no stories"), "{e}");
}

fn kinds_and_titles(plan: &Plan) -> Vec<(Kind, String)> {
    plan.items
        .iter()
        .map(|p| (p.kind(), p.item.title.clone()))
        .collect()
}

#[test]
fn headings_only_above_a_list_and_never_empty() {
    let text = "Patient can Ask A Question\n\
                Patient can see the answers\n\
                Care Plan\n\
                \x20 - Nurse can change the care plan\n\
                \x20 - Doctor can sign the care plan\n\
                \x20- Modifying the Care Plan\n\
                Reporting Tools\n\
                ## Later\n";
    let opts = Options::for_file("clinic.txt", None);
    let plan = plan("clinic.txt", text, &opts, DateTime::<Utc>::UNIX_EPOCH).unwrap();
    let s = |t: &str| (Kind::Story, t.to_string());
    assert_eq!(
        kinds_and_titles(&plan),
        [
            (Kind::Initiative, "Imported".to_string()),
            (Kind::Epic, "Clinic".to_string()),
            s("Ask A Question"),
            s("See the answers"),
            (Kind::Epic, "Care Plan".to_string()),
            s("Change the care plan"),
            s("Sign the care plan"),
            s("Modifying the Care Plan"),
            s("Reporting Tools"),
        ]
    );
    assert_eq!(plan.items[2].item.persona.as_deref(), Some("Patient"));
    assert_eq!(plan.items[5].item.persona.as_deref(), Some("Nurse"));
    assert_eq!(plan.items[7].parent, Some(Ref::New(4)), "under Care Plan");
    let notes = plan.notes.join("\n");
    assert!(
        notes.contains("1 heading with no story under it: left out (line 8)"),
        "{notes}"
    );
    assert!(notes.contains("2 lines are not"), "{notes}");
}

#[test]
fn long_lines_are_capped_and_counted() {
    let long = "Reporting of everything ".repeat(10);
    let text = format!("{long}\nAs a PM, I want x\n");
    let opts = Options::for_file("l.txt", None);
    let plan = plan("l.txt", &text, &opts, DateTime::<Utc>::UNIX_EPOCH).unwrap();
    let story = &plan.items[2].item;
    assert!(story.title.chars().count() <= 120, "{}", story.title);
    assert_eq!(story.description, long.trim());
    let notes = plan.notes.join("\n");
    assert!(
        notes.contains(
            "1 title longer than 120 characters cut at a word, the whole text kept in the description (line 1)"
        ),
        "{notes}"
    );
}
