use chrono::{DateTime, Utc};

use super::super::import_plan::{Planned, Ref};
use super::*;
use crate::domain::{Kind, Status};

fn now() -> DateTime<Utc> {
    DateTime::<Utc>::UNIX_EPOCH
}

fn run(file: &str, csv: &str, opts: &Options) -> Result<Plan, ImportError> {
    super::plan(file, csv, opts, now())
}

fn titles(plan: &Plan) -> Vec<(Kind, String, Option<Ref>)> {
    plan.items
        .iter()
        .map(|p| (p.kind(), p.item.title.clone(), p.parent))
        .collect()
}

#[test]
fn jira_all_fields_export() {
    let csv = "Summary,Issue key,Issue id,Parent id,Issue Type,Status,Priority,Labels,Labels,Sprint,Sprint,Custom field (Epic Name),Custom field (Story Points),Description\n\
        Faster dispatch,DSP-1,10001,,Initiative,In Progress,High,,,,,,,\n\
        Live map,DSP-2,10002,10001,Epic,To Do,Medium,map,ops,,,Live map,,\n\
        \"As a dispatcher, I want to see technicians on a map, so that I stop calling\",DSP-3,10003,10002,Story,Done,Low,map,,S1,S2,,5,\"Line one\nLine two\"\n\
        Map is slow,DSP-4,10004,10002,Bug,Needs Triage,Low,,,,,,2,NULL\n\
        Check tiles,DSP-5,10005,10003,Sub-task,Closed,Low,,,,,,,\n\
        Orphan,DSP-6,10006,,Task,Won't Do,Low,,,,,,1,\n";
    let plan = run("jira.csv", csv, &Options::default()).unwrap();
    let t = titles(&plan);
    assert_eq!(t[0].1, "Faster dispatch");
    assert_eq!(t[1], (Kind::Epic, "Live map".into(), Some(Ref::New(0))));
    let story = &plan.items[2];
    assert_eq!(story.parent, Some(Ref::New(1)));
    assert_eq!(story.item.persona.as_deref(), Some("dispatcher"));
    assert_eq!(
        story.item.goal.as_deref(),
        Some("to see technicians on a map")
    );
    assert_eq!(story.item.points, Some(5.0));
    assert_eq!(story.item.status, Status::Done);
    assert_eq!(story.item.labels, ["map"]);
    assert_eq!(story.item.description, "Line one\nLine two");
    assert_eq!(story.origin.as_deref(), Some("DSP-3"));
    assert_eq!(story.line, Some(4));
    let bug = &plan.items[3];
    assert_eq!(bug.item.status, Status::Draft);
    assert_eq!(bug.item.description, "");
    // The sub-task goes under its parent story's epic.
    assert_eq!(plan.items[4].parent, Some(Ref::New(1)));
    assert_eq!(plan.items[4].item.status, Status::Done);
    // The orphan task goes into Imported / Imported.
    let n = plan.items.len();
    assert_eq!(plan.items[n - 1].item.title, "Orphan");
    assert_eq!(plan.items[n - 1].item.status, Status::Dropped);
    let imported_epic = match plan.items[n - 1].parent {
        Some(Ref::New(i)) => &plan.items[i],
        other => panic!("{other:?}"),
    };
    assert_eq!(imported_epic.item.title, "Imported");
    assert!(imported_epic.reuse);
    let notes = plan.notes.join("\n");
    assert!(
        notes.contains("Needs Triage → draft, unknown status (1)"),
        "{notes}"
    );
    assert!(notes.contains("Sub-task → story (1)"), "{notes}");
    assert!(
        notes.contains("columns ignored: Priority (rank or score instead), Sprint ×2"),
        "{notes}"
    );
    assert!(notes.contains("1 sub-task placed"), "{notes}");
    assert!(
        notes.contains("1 title reads as a user story: persona"),
        "{notes}"
    );
    assert!(plan.show_mapping);
}

#[test]
fn epic_link_by_key_or_name_and_existing_keys() {
    let csv = "Issue key,Summary,Issue Type,Epic Link,Epic Name,Story Points\n\
        P-1,Checkout,Epic,,Checkout,\n\
        P-2,Pay by card,Story,P-1,,3\n\
        P-3,Pay by invoice,Story,Checkout,,\n\
        P-4,Refunds,Story,E-7,,\n";
    let plan = run("p.csv", csv, &Options::default()).unwrap();
    // An epic without initiative goes under the Imported initiative.
    assert_eq!(plan.items[0].item.title, "Imported");
    assert_eq!(plan.items[2].parent, Some(Ref::New(1)));
    assert_eq!(plan.items[3].parent, Some(Ref::New(1)));
    assert_eq!(
        plan.items[4].parent,
        Some(Ref::Existing(Key::new(Kind::Epic, 7)))
    );
}

#[test]
fn own_columns_and_map() {
    let csv = "kind,title,status,persona,goal,benefit,points,reach,impact,confidence,effort,acceptance_criteria,whatever\n\
        story,,ready,As a PM,I want to rank stories.,so that we ship the right thing.,3,100,2,80,1,\"- [x] ranks\n- [ ] explains\",x\n";
    let plan = run("own.csv", csv, &Options::default()).unwrap();
    let s = plan.items.last().unwrap();
    assert_eq!(s.item.title, "Rank stories");
    assert_eq!(s.item.persona.as_deref(), Some("PM"));
    assert_eq!(s.item.goal.as_deref(), Some("to rank stories"));
    assert_eq!(s.item.benefit.as_deref(), Some("we ship the right thing"));
    assert_eq!(s.item.rice_score(), Some(160.0));
    assert_eq!(s.item.criteria.len(), 2);
    assert!(s.item.criteria[0].done && !s.item.criteria[1].done);
    assert_eq!(s.item.status, Status::Ready);

    let csv = "issuekey,title,description,storypoint,split_mark\nGHS-1,\"As a JIRA Administrator I would like to be able to change the trigger\",NULL,5,train\n";
    let opts = Options {
        map: vec![
            ("title".into(), "summary".into()),
            ("storypoint".into(), "points".into()),
            ("issuekey".into(), "key".into()),
        ],
        epic: None,
    };
    let plan = run("j.csv", csv, &opts).unwrap();
    let s = plan.items.last().unwrap();
    assert_eq!(s.item.points, Some(5.0));
    assert_eq!(s.item.persona.as_deref(), Some("JIRA Administrator"));
    assert_eq!(s.origin.as_deref(), Some("GHS-1"));
    let notes = plan.notes.join("\n");
    assert!(notes.contains("issuekey → key (--map)"), "{notes}");
    assert!(notes.contains("columns ignored: split_mark"), "{notes}");
}

#[test]
fn bad_rows_are_located() {
    let e = |csv: &str| {
        run("b.csv", csv, &Options::default())
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        e("Summary,Story Points\nA,3\nB,lots\n"),
        "b.csv:3: invalid points `lots`: expected a number ≥ 0 (e.g. 1, 2, 3, 5, 8, 13)"
    );
    assert_eq!(
        e("Summary,Status\nA,Done\n\"B,Open\nC,Done\n"),
        "b.csv:3: bad quote: the quoted field that starts on this line never ends (a closing \" is missing)"
    );
    assert!(e("Summary,Status\n\"A\"x,Done\n").starts_with("b.csv:2: bad quote"));
    assert_eq!(
        e("Summary,Status\nA,Done,extra\n"),
        "b.csv:2: 3 cells, but the header has 2 columns"
    );
    assert_eq!(
        e("Summary,Status\n,Done\n"),
        "b.csv:2: no title: the title cell is empty"
    );
    assert!(e("foo,bar\n1,2\n").starts_with("b.csv:1: no column of the header is known"));
    assert!(e("Status,Priority\nDone,High\n").starts_with("b.csv:1: no title column"));
    assert!(e("Key,Summary\nA-1,x\na-1,y\n").contains("b.csv:3: key a-1 is also on line 2"));
    let opts = Options {
        map: vec![("nope".into(), "summary".into())],
        epic: None,
    };
    let err = run("b.csv", "Summary\nx\n", &opts).unwrap_err().to_string();
    assert!(err.contains("no column `nope`"), "{err}");
}

#[test]
fn one_quoted_column_without_header_is_stories() {
    let csv = "\"As a researcher, I want to save records so that I can find them again later\"\r\n\r\n\"As a researcher, I want systems to support multiple languages.\"\r\n";
    let plan = run("researchers.csv", csv, &Options::default()).unwrap();
    let stories: Vec<&Planned> = plan
        .items
        .iter()
        .filter(|p| p.kind() == Kind::Story)
        .collect();
    assert_eq!(stories.len(), 2);
    assert_eq!(
        stories[0].item.benefit.as_deref(),
        Some("I can find them again later")
    );
    assert_eq!(stories[1].line, Some(3));
    assert_eq!(plan.items[1].item.title, "Researchers");
}

#[test]
fn semicolons_and_maps() {
    let csv = "Titel;Punkte\nEins;3\n";
    let opts = Options {
        map: vec![
            ("Titel".into(), "summary".into()),
            ("Punkte".into(), "points".into()),
        ],
        epic: None,
    };
    let plan = run("de.csv", csv, &opts).unwrap();
    assert_eq!(plan.items.last().unwrap().item.points, Some(3.0));
    assert!(parse_map("a=nonsense").is_err());
    assert!(parse_map("nonsense").is_err());
    assert_eq!(
        parse_map("storypoint=points").unwrap(),
        ("storypoint".to_string(), "points".to_string())
    );
}

#[test]
fn errors_after_multi_line_fields_name_the_right_line() {
    let e = |csv: &str| {
        run("m.csv", csv, &Options::default())
            .unwrap_err()
            .to_string()
    };
    // Quoted descriptions over several lines, LF and CRLF, then a bad row.
    let csv = "Summary,Description,Story Points\n\
        A,\"one\ntwo\nthree\",1\n\
        B,\"four\r\nfive\",2\r\n\
        \r\n\
        C,six,lots\n";
    assert_eq!(
        e(csv),
        "m.csv:8: invalid points `lots`: expected a number ≥ 0 (e.g. 1, 2, 3, 5, 8, 13)"
    );
    // A byte-order mark left in the text does not shift the count.
    assert!(e(&format!("\u{feff}{csv}")).starts_with("m.csv:8: "));
    // The rows before are read on their own lines.
    let ok = "Summary,Description\nA,\"one\ntwo\"\n\nB,x\n";
    let plan = run("m.csv", ok, &Options::default()).unwrap();
    let lines: Vec<Option<usize>> = plan
        .items
        .iter()
        .filter(|p| p.kind() == Kind::Story)
        .map(|p| p.line)
        .collect();
    assert_eq!(lines, [Some(2), Some(5)]);
    // A cell count fault after a multi-line field.
    assert_eq!(
        e("Summary,Description\nA,\"x\n\ny\"\nB\n"),
        "m.csv:5: 1 cells, but the header has 2 columns"
    );
}

#[test]
fn a_header_of_many_columns_gives_short_notes() {
    let mut header = vec!["Summary".to_string()];
    header.extend((0..100_000).map(|i| format!("x{i}")));
    let mut row = vec!["A".to_string()];
    row.extend((0..100_000).map(|_| String::new()));
    let csv = format!("{}\n{}\n", header.join(","), row.join(","));
    let plan = run("wide.csv", &csv, &Options::default()).unwrap();
    let ignored = plan
        .notes
        .iter()
        .find(|n| n.starts_with("columns ignored: "))
        .unwrap();
    assert_eq!(
        ignored,
        &format!(
            "columns ignored: {}, … and 99,980 more (use --map COLUMN=FIELD to read one)",
            (0..20)
                .map(|i| format!("x{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    );
    let e = run(
        "wide.csv",
        &format!("{}\nA\n", header[1..].join(",")),
        &Options::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("x19, … and 99,980 more): name them"), "{e}");
}

#[test]
fn what_is_not_imported_is_noted_in_the_order_met() {
    // Two things left out on one line came in hash order before.
    let csv = "Summary,Issue Type,Story Points,Outcome,Lane\n\
        Checkout,Epic,5,More sales,now\n\
        Pay,Story,3,Faster,next\n";
    let plan = run("o.csv", csv, &Options::default()).unwrap();
    let left: Vec<&str> = plan
        .notes
        .iter()
        .filter(|n| n.starts_with("not imported: "))
        .map(String::as_str)
        .collect();
    assert_eq!(
        left,
        [
            "not imported: points on initiatives and epics (line 2)",
            "not imported: outcomes on epics and stories (lines 2, 3)",
            "not imported: lanes on stories (a story shows in its epic's lane) (line 3)",
        ]
    );
}
