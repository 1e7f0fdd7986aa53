//! Imports from other tools through the real binary: Azure DevOps and
//! Linear CSV, a Trello board, a taskwarrior export; the source keys kept
//! and a second import of a newer export updating instead of duplicating;
//! files of other tools named. Fixtures in tests/fixtures/import (sources
//! in tests/fixtures/README.md).

mod common;

use std::path::PathBuf;

use common::Bk;
use serde_json::Value;

fn fixture(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name);
    assert!(p.is_file(), "missing fixture {}", p.display());
    p.to_string_lossy().into_owned()
}

fn items(bk: &Bk, kind: &str) -> Vec<Value> {
    let v = bk.json(["list", "--json", "--kind", kind, "--sort", "key"]);
    v.as_array().unwrap().clone()
}

fn titled(items: &[Value], title: &str) -> Value {
    items
        .iter()
        .find(|v| v["title"] == title)
        .unwrap_or_else(|| panic!("no item titled {title}: {items:?}"))
        .clone()
}

#[test]
fn azure_devops_query_export() {
    let bk = Bk::new();
    let out = bk.ok(["import", &fixture("azure_devops.csv")]);
    assert!(out.contains("Work Item Type → type"), "{out}");
    assert!(out.contains("Effort → points"), "{out}");
    assert!(out.contains("Assigned To → owner"), "{out}");
    let epics = items(&bk, "epic");
    let stories = items(&bk, "story");
    // Epic and Feature are both epics: the Feature's parent cannot hold
    // it, and the summary says so.
    assert!(
        out.contains(
            "1 row links to a parent in the file of a kind that cannot hold them (e.g. `501`)"
        ),
        "{out}"
    );
    titled(&epics, "Self-service returns");
    let feature = titled(&epics, "Return label by e-mail");
    assert_eq!(feature["labels"], serde_json::json!(["returns", "email"]));
    assert_eq!(
        feature["owner"], "Petra Novak",
        "Last, First <mail> → First Last"
    );
    let pbi = bk.show("503");
    assert_eq!(pbi["persona"], "shopper");
    assert_eq!(pbi["owner"], "Kwame Osei");
    assert_eq!(pbi["points"], 5.0);
    assert_eq!(pbi["status"], "in-progress", "Committed");
    assert_eq!(pbi["parent"], feature["key"]);
    assert_eq!(pbi["acceptance_criteria"][0]["done"], true);
    assert_eq!(pbi["external_key"], "503");
    let task = titled(&stories, "Render the barcode");
    assert_eq!(task["status"], "done");
    assert_eq!(
        task["parent"], feature["key"],
        "a task under its story's epic"
    );
    assert_eq!(
        titled(&stories, "Label shows the wrong depot")["status"],
        "dropped"
    );
}

#[test]
fn linear_export() {
    let bk = Bk::new();
    let out = bk.ok(["import", &fixture("linear.csv")]);
    assert!(out.contains("Parent issue → parent"), "{out}");
    assert!(out.contains("Project → project"), "{out}");
    let epics = items(&bk, "epic");
    let stories = items(&bk, "story");
    let mobile = titled(&epics, "Mobile app");
    let design = titled(&epics, "Design system");
    let offline = titled(&stories, "Offline mode");
    assert_eq!(offline["parent"], mobile["key"], "the project is the epic");
    assert_eq!(offline["status"], "in-progress");
    assert_eq!(offline["points"], 5.0);
    let queue = titled(&stories, "Queue edits while offline");
    assert_eq!(
        queue["parent"], mobile["key"],
        "a sub-issue under its parent's epic"
    );
    assert_eq!(queue["owner"], "Leo Park");
    assert_eq!(
        titled(&stories, "Dark theme")["status"],
        "dropped",
        "Canceled"
    );
    assert_eq!(titled(&stories, "Dark theme")["parent"], design["key"]);
    assert_eq!(titled(&stories, "Colour tokens")["status"], "draft");
    assert_eq!(bk.show("ENG-12")["title"], "Show a sync badge");
}

#[test]
fn trello_board() {
    let bk = Bk::new();
    let out = bk.ok(["import", &fixture("trello_board.json")]);
    assert!(
        out.contains("lists: Backlog → draft (1), Doing → in-progress (1), Done ✔ → done (1)"),
        "{out}"
    );
    assert!(
        out.contains("2 acceptance criteria from checklists"),
        "{out}"
    );
    assert!(
        out.contains("skipped 2 cards (archived, or in an archived list)"),
        "{out}"
    );
    let epics = items(&bk, "epic");
    assert_eq!(epics.len(), 1);
    assert_eq!(epics[0]["title"], "Bakery website");
    let stories = items(&bk, "story");
    assert_eq!(stories.len(), 3);
    let cake = &stories[0];
    assert_eq!(cake["persona"], "customer");
    assert_eq!(cake["owner"], "Sam Baker");
    assert_eq!(cake["labels"], serde_json::json!(["orders"]));
    assert_eq!(cake["description"], "Pay at pick-up for now.");
    let criteria = &cake["acceptance_criteria"];
    assert_eq!(criteria[0]["text"], "Pick a pick-up day");
    assert_eq!(criteria[0]["done"], true);
    assert_eq!(criteria[1]["done"], false);
    assert_eq!(cake["external_key"], "https://trello.com/c/Zx81Qa01");
    assert_eq!(stories[1]["status"], "in-progress");
    assert_eq!(
        stories[1]["labels"],
        serde_json::json!(["red"]),
        "an unnamed label by colour"
    );
    assert_eq!(stories[2]["status"], "done");
    assert_eq!(stories[2]["owner"], "jo_icing");
    let shown = bk.ok(["show", "https://trello.com/c/Zx81Qa01"]);
    assert!(
        shown.contains("imported as: https://trello.com/c/Zx81Qa01"),
        "{shown}"
    );
}

#[test]
fn taskwarrior_export() {
    let bk = Bk::new();
    let out = bk.ok(["import", &fixture("taskwarrior.json")]);
    assert!(
        out.contains("pending → draft (2), started → in-progress (1)"),
        "{out}"
    );
    assert!(
        out.contains("not imported: 1 dependency on tasks that are not in the file"),
        "{out}"
    );
    let epics = items(&bk, "epic");
    let website = titled(&epics, "Website");
    let stories = items(&bk, "story");
    let pricing = titled(&stories, "Write the pricing page");
    assert_eq!(pricing["parent"], website["key"]);
    assert_eq!(pricing["labels"], serde_json::json!(["copy", "web"]));
    assert_eq!(pricing["description"], "Three plans, yearly discount");
    assert_eq!(
        pricing["external_key"],
        "0b1d7b6e-1f1a-4c55-9a0e-000000000001"
    );
    let compare = titled(&stories, "Compare plans");
    assert_eq!(compare["status"], "in-progress");
    assert_eq!(compare["depends_on"], serde_json::json!([pricing["key"]]));
    assert_eq!(titled(&stories, "Buy the domain")["status"], "done");
    assert_eq!(titled(&stories, "Print flyers")["status"], "dropped");
    let call = titled(&stories, "Call the accountant");
    assert_ne!(
        call["parent"], website["key"],
        "no project: the file's epic"
    );
    assert_eq!(
        call["depends_on"],
        serde_json::json!([titled(&stories, "Buy the domain")["key"]])
    );
}

/// Two tasks with one uuid are refused at the second one's line, and
/// nothing is imported: a second import of the tool's export would not
/// know which story to update. (Imported as two stories before.)
#[test]
fn a_taskwarrior_uuid_given_twice_is_refused_at_its_line() {
    let bk = Bk::new();
    let file = bk.path("task.json");
    std::fs::write(
        &file,
        "[\n{\"description\":\"A\",\"status\":\"pending\",\"uuid\":\"u-1\"},\n\
         {\"description\":\"B\",\"status\":\"pending\",\"uuid\":\"u-2\",\"depends\":\"u-1\"},\n\
         {\"description\":\"C\",\"status\":\"pending\",\"uuid\":\"u-1\"}\n]\n",
    )
    .unwrap();
    let err = bk.err(["import", "--format", "taskwarrior", file.to_str().unwrap()]);
    assert!(
        err.contains("task.json:4: the task's uuid “u-1” is also the uuid of the task at line 2"),
        "{err}"
    );
    assert!(!bk.db.exists() || bk.json(["list", "--json"]).as_array().unwrap().is_empty());
}

/// A task that depends on itself is said to, not counted among the
/// dependencies on tasks that are not in the file.
#[test]
fn a_taskwarrior_task_on_itself_is_named_as_such() {
    let bk = Bk::new();
    let file = bk.path("task.json");
    std::fs::write(
        &file,
        "[{\"description\":\"A\",\"status\":\"pending\",\"uuid\":\"u-1\"},\
         {\"description\":\"B\",\"status\":\"pending\",\"uuid\":\"u-2\",\"depends\":\"u-2,u-1,u-9\"}]",
    )
    .unwrap();
    let out = bk.ok(["import", "--format", "taskwarrior", file.to_str().unwrap()]);
    assert!(
        out.contains("not imported: 1 dependency of a task on itself"),
        "{out}"
    );
    assert!(
        out.contains("not imported: 1 dependency on tasks that are not in the file"),
        "{out}"
    );
    let stories = items(&bk, "story");
    let b = titled(&stories, "B");
    assert_eq!(
        b["depends_on"],
        serde_json::json!([titled(&stories, "A")["key"]])
    );
}

#[test]
fn source_keys_are_kept_shown_and_exported() {
    let bk = Bk::new();
    bk.ok(["import", &fixture("jira_es.csv")]);
    let s = bk.show("PAG-2");
    assert_eq!(s["key"], "S-1");
    assert_eq!(s["external_key"], "PAG-2");
    let text = bk.ok(["show", "pag-2"]);
    assert!(text.contains("imported as: PAG-2"), "{text}");
    let export = bk.ok(["export"]);
    assert!(export.contains("\"external_key\": \"PAG-2\""), "{export}");
    // The document brings them into another file.
    let doc = bk.path("doc.json");
    std::fs::write(&doc, &export).unwrap();
    let other = Bk::empty();
    other.ok(["import", doc.to_str().unwrap()]);
    assert_eq!(other.show("PAG-1")["key"], "E-1");
    // Items created here have none.
    let plain = Bk::with_stories(1);
    assert!(plain.show("S-1").get("external_key").is_none());
    let err = plain.err(["show", "NOPE-1"]);
    assert!(err.starts_with("error: "), "{err}");
}

#[test]
fn a_newer_export_updates_instead_of_duplicating() {
    let bk = Bk::new();
    let first = bk.path("week1.csv");
    std::fs::write(
        &first,
        "Issue key,Issue Type,Summary,Status,Story Points,Epic Link\n\
         SHOP-1,Epic,Checkout,In Progress,,\n\
         SHOP-2,Story,Pay by card,To Do,3,SHOP-1\n\
         SHOP-3,Story,Pay by invoice,To Do,5,SHOP-1\n\
         SHOP-4,Story,Gift cards,To Do,2,SHOP-1\n",
    )
    .unwrap();
    bk.ok(["import", first.to_str().unwrap()]);
    // Local refinement: scores, a criterion, a lane, ready.
    bk.ok([
        "score",
        "S-1",
        "--reach",
        "500",
        "--impact",
        "2",
        "--confidence",
        "80",
        "--effort",
        "2",
    ]);
    bk.ok(["ac", "add", "S-1", "Visa and Mastercard accepted"]);
    bk.ok(["edit", "E-1", "--lane", "now"]);
    bk.ok(["edit", "S-2", "--points", "1"]);
    let second = bk.path("week2.csv");
    std::fs::write(
        &second,
        "Issue key,Issue Type,Summary,Status,Story Points,Epic Link\n\
         SHOP-1,Epic,Checkout,In Progress,,\n\
         SHOP-2,Story,Pay by card or wallet,In Progress,3,SHOP-1\n\
         SHOP-3,Story,Pay by invoice,Done,5,SHOP-1\n\
         SHOP-4,Story,Gift cards,To Do,2,SHOP-1\n\
         SHOP-5,Story,Store credit,To Do,1,SHOP-1\n",
    )
    .unwrap();
    let before = bk.state();
    let dry = bk.ok(["import", second.to_str().unwrap(), "--dry-run"]);
    assert!(dry.contains("would create 1 story"), "{dry}");
    assert!(dry.contains("1 added, 2 updated, 2 unchanged"), "{dry}");
    assert!(dry.contains("S-1 (SHOP-2): title, status"), "{dry}");
    assert!(dry.contains("S-2 (SHOP-3): status, points"), "{dry}");
    assert_eq!(bk.state(), before, "a dry run writes nothing");
    let out = bk.ok(["import", second.to_str().unwrap()]);
    assert!(out.contains("1 added, 2 updated, 2 unchanged"), "{out}");
    let stories = items(&bk, "story");
    assert_eq!(stories.len(), 4, "nothing duplicated: {stories:?}");
    assert_eq!(items(&bk, "epic").len(), 1);
    let card = bk.show("SHOP-2");
    assert_eq!(card["key"], "S-1");
    assert_eq!(card["title"], "Pay by card or wallet");
    assert_eq!(card["status"], "in-progress");
    assert_eq!(card["rice_inputs"]["reach"], 500.0, "local scores kept");
    assert_eq!(
        card["acceptance_criteria"][0]["text"],
        "Visa and Mastercard accepted"
    );
    assert_eq!(bk.show("E-1")["lane"], "now", "local lane kept");
    assert_eq!(bk.show("SHOP-3")["status"], "done");
    assert_eq!(
        bk.show("SHOP-5")["parent"],
        "E-1",
        "the new story under the matched epic"
    );
    // The same export again changes nothing; undo takes the update back.
    let again = bk.ok(["import", second.to_str().unwrap()]);
    assert!(again.contains("0 added, 0 updated, 5 unchanged"), "{again}");
    bk.ok(["undo"]);
    bk.ok(["undo"]);
    assert_eq!(bk.show("SHOP-2")["title"], "Pay by card");
    assert!(bk.run(["show", "SHOP-5"]).status.code() != Some(0));
}

#[test]
fn files_of_other_tools_are_named() {
    let bk = Bk::new();
    let before = bk.bytes();
    let cases: [(&str, &[u8], &str); 5] = [
        ("sheet.xlsx", b"PK\x03\x04\x14\x00rest", "is a zip archive, such as an Excel workbook"),
        ("plan.pdf", b"%PDF-1.7\n", "is a PDF: not supported"),
        (
            "issues.json",
            b"[{\"number\": 1, \"title\": \"t\", \"state\": \"open\", \"html_url\": \"u\"}]",
            "is a GitHub issues JSON",
        ),
        (
            "search.json",
            b"{\"expand\": \"schema,names\", \"startAt\": 0, \"total\": 1, \"issues\": [{\"key\": \"A-1\"}]}",
            "is a Jira JSON",
        ),
        ("empty.json", b"[]", "is an empty JSON array"),
    ];
    for (name, bytes, says) in cases {
        let p = bk.path(name);
        std::fs::write(&p, bytes).unwrap();
        let err = bk.err(["import", p.to_str().unwrap()]);
        assert!(err.contains(says), "{name}: {err}");
        assert!(!err.contains("--format csv"), "{name}: {err}");
    }
    assert_eq!(bk.bytes(), before);
}

#[test]
fn a_bad_card_or_task_stops_the_import_at_its_line() {
    let bk = Bk::new();
    let before = bk.bytes();
    let board = bk.path("board.json");
    std::fs::write(
        &board,
        "{\n  \"name\": \"B\",\n  \"lists\": [{\"id\": \"l1\", \"name\": \"To Do\"}],\n  \"cards\": [\n    {\"id\": \"c1\", \"name\": \"Fine\", \"idList\": \"l1\"},\n    {\"id\": \"c2\", \"name\": \"  \", \"idList\": \"l1\"}\n  ]\n}\n",
    )
    .unwrap();
    let err = bk.err(["import", board.to_str().unwrap()]);
    assert!(err.contains("board.json:6: "), "{err}");
    assert!(err.contains("no name"), "{err}");
    let tasks = bk.path("tasks.json");
    std::fs::write(
        &tasks,
        "[\n{\"uuid\": \"a\", \"description\": \"ok\", \"entry\": \"20260101T000000Z\"},\n{\"uuid\": \"b\", \"entry\": \"20260101T000000Z\"}\n]\n",
    )
    .unwrap();
    let err = bk.err(["import", tasks.to_str().unwrap()]);
    assert!(err.contains("tasks.json:3: "), "{err}");
    assert_eq!(bk.bytes(), before, "nothing written");
}

#[test]
fn long_titles_are_cut_at_a_word_and_kept_whole_in_the_description() {
    let bk = Bk::new();
    let long = "word ".repeat(3_000);
    let csv = bk.path("long.csv");
    std::fs::write(
        &csv,
        format!("Summary,Description\n{long},Details\nShort one,\n"),
    )
    .unwrap();
    let out = bk.ok(["import", csv.to_str().unwrap()]);
    assert!(
        out.contains("1 title longer than 120 characters cut at a word, the whole text kept in the description (line 2)"),
        "{out}"
    );
    let s = items(&bk, "story");
    let title = s[0]["title"].as_str().unwrap();
    assert!(title.chars().count() <= 120, "{title}");
    assert!(title.ends_with("word…"), "{title}");
    let description = s[0]["description"].as_str().unwrap();
    assert!(description.starts_with(long.trim()), "the whole text kept");
    assert!(description.ends_with("\n\nDetails"));
    assert_eq!(s[1]["title"], "Short one");
}

#[test]
fn trello_epics_per_label_or_lists_as_lanes() {
    let bk = Bk::new();
    let out = bk.ok([
        "import",
        &fixture("trello_board.json"),
        "--epic-from",
        "label",
    ]);
    assert!(out.contains("3 stories"), "{out}");
    let epics = items(&bk, "epic");
    let orders = titled(&epics, "orders");
    let red = titled(&epics, "red");
    let board = titled(&epics, "Bakery website");
    let stories = items(&bk, "story");
    assert_eq!(stories[0]["parent"], orders["key"]);
    assert_eq!(stories[1]["parent"], red["key"]);
    assert_eq!(
        stories[2]["parent"], board["key"],
        "no label: the board's epic"
    );
    assert_eq!(
        stories[2]["status"], "done",
        "the list still gives the status"
    );

    let bk = Bk::new();
    let board = bk.path("lanes.json");
    std::fs::write(
        &board,
        r#"{"name": "Roadmap", "lists": [
            {"id": "a", "name": "Now"}, {"id": "b", "name": "Up next"},
            {"id": "c", "name": "Later / icebox"}, {"id": "d", "name": "Done"}],
          "cards": [
            {"id": "1", "name": "Card payments", "idList": "a"},
            {"id": "2", "name": "Gift cards", "idList": "b"},
            {"id": "3", "name": "Loyalty", "idList": "c"},
            {"id": "4", "name": "Opening hours", "idList": "d"}]}"#,
    )
    .unwrap();
    let out = bk.ok(["import", board.to_str().unwrap(), "--lists-as", "lane"]);
    assert!(
        out.contains("lists: Now → an epic in lane now (1), Up next → an epic in lane next (1)"),
        "{out}"
    );
    assert!(
        out.contains("Done → an epic without a lane, cards done (1)"),
        "{out}"
    );
    let epics = items(&bk, "epic");
    assert_eq!(titled(&epics, "Now")["lane"], "now");
    assert_eq!(titled(&epics, "Up next")["lane"], "next");
    assert_eq!(titled(&epics, "Later / icebox")["lane"], "later");
    let stories = items(&bk, "story");
    assert_eq!(
        titled(&stories, "Gift cards")["parent"],
        titled(&epics, "Up next")["key"]
    );
    assert_eq!(titled(&stories, "Opening hours")["status"], "done");
    assert_eq!(titled(&stories, "Card payments")["status"], "draft");

    let before = bk.bytes();
    for (args, says) in [
        (
            vec!["--lists-as", "lane", "--epic-from", "label"],
            "both choose the epics",
        ),
        (
            vec!["--epic", "E-1", "--lists-as", "lane"],
            "--epic puts every card",
        ),
    ] {
        let mut all = vec!["import", board.to_str().unwrap()];
        all.extend(args);
        let err = bk.err(all);
        assert!(err.contains(says), "{err}");
    }
    let csv = bk.path("x.csv");
    std::fs::write(&csv, "Summary\nA\n").unwrap();
    let err = bk.err(["import", csv.to_str().unwrap(), "--lists-as", "lane"]);
    assert!(err.contains("are for Trello boards"), "{err}");
    assert_eq!(bk.bytes(), before);
}

#[test]
fn an_explicit_epic_wins_over_a_project_column() {
    let bk = Bk::new();
    bk.ok(["add", "initiative", "Apps"]);
    bk.ok(["add", "epic", "Chosen", "--initiative", "I-1"]);
    let out = bk.ok(["import", &fixture("linear.csv"), "--epic", "E-1"]);
    assert!(out.contains("stories"), "{out}");
    let epics = items(&bk, "epic");
    assert!(
        epics.iter().all(|e| e["title"] != "Mobile app"),
        "no epic made for the project: {epics:?}"
    );
    let stories = items(&bk, "story");
    assert_eq!(titled(&stories, "Offline mode")["parent"], "E-1");
    assert_eq!(
        titled(&stories, "Queue edits while offline")["parent"],
        "E-1",
        "a sub-issue follows its parent into the chosen epic"
    );
}

#[test]
fn github_projects_export() {
    let bk = Bk::new();
    let out = bk.ok(["import", &fixture("github_project.tsv")]);
    assert!(out.contains("URL → key"), "{out}");
    assert!(out.contains("Assignees → owner"), "{out}");
    assert!(out.contains("Parent issue → parent"), "{out}");
    assert!(out.contains("Estimate → points"), "{out}");
    let epics = items(&bk, "epic");
    let booking = titled(&epics, "Online booking");
    assert_eq!(booking["status"], "in-progress");
    let stories = items(&bk, "story");
    let slot = titled(
        &stories,
        "As a patient, I want to pick a time slot, so that I avoid calling",
    );
    assert_eq!(slot["persona"], "patient");
    assert_eq!(slot["goal"], "to pick a time slot");
    assert_eq!(slot["owner"], "tomas-r", "the first assignee");
    assert_eq!(slot["labels"], serde_json::json!(["booking", "ui"]));
    assert_eq!(slot["points"], 3.0);
    assert_eq!(slot["status"], "done");
    assert_eq!(slot["parent"], booking["key"]);
    assert_eq!(
        slot["external_key"],
        "https://github.com/acme-clinic/portal/issues/14"
    );
    let reminder = titled(&stories, "Reminder e-mail the day before");
    assert_eq!(
        reminder["parent"], booking["key"],
        "owner/repo#3 names it too"
    );
    assert_eq!(reminder["status"], "draft", "Todo");
    let bug = titled(&stories, "Slot list shows closed days");
    assert_eq!(bug["status"], "in-progress", "In review");
    assert_eq!(bug["points"], 1.0, "Estimate, not the Size XS");
    assert_eq!(titled(&stories, "Waiting list")["status"], "draft");
}

#[test]
fn polarion_export() {
    let bk = Bk::new();
    let out = bk.ok(["import", &fixture("polarion.csv")]);
    assert!(out.contains("Linked Work Items → linked-items"), "{out}");
    assert!(out.contains("Categories → labels"), "{out}");
    assert!(out.contains("Story Points → points"), "{out}");
    assert!(out.contains("Initial Estimate"), "left out: {out}");
    let epics = items(&bk, "epic");
    let portal = titled(&epics, "Patient portal");
    assert_eq!(portal["owner"], "Lena Vogt");
    let stories = items(&bk, "story");
    let book = titled(&stories, "Book an appointment online");
    assert_eq!(book["parent"], portal["key"], "has parent: CLIN-1");
    assert_eq!(book["owner"], "Jonas Weber");
    assert_eq!(book["labels"], serde_json::json!(["booking", "ui"]));
    assert_eq!(book["points"], 5.0);
    assert_eq!(book["status"], "in-progress");
    assert_eq!(book["external_key"], "CLIN-2");
    let cancel = titled(&stories, "Cancel an appointment");
    assert_eq!(cancel["status"], "done", "Verified");
    assert_eq!(cancel["parent"], portal["key"]);
    let defect = titled(&stories, "Two patients get the same slot");
    assert_eq!(defect["status"], "dropped", "Rejected");
    assert_eq!(
        defect["parent"], portal["key"],
        "under its parent story's epic"
    );
    let export = titled(&stories, "Export the calendar");
    assert_eq!(export["status"], "draft");
    assert_eq!(export["points"], 2.0);
    assert_eq!(bk.show("CLIN-3")["title"], "Cancel an appointment");
}

#[test]
fn json_under_another_name_is_read_as_what_it_is() {
    let bk = Bk::new();
    let board = std::fs::read(fixture("trello_board.json")).unwrap();
    let txt = bk.path("board.txt");
    std::fs::write(&txt, &board).unwrap();
    let out = bk.ok(["import", txt.to_str().unwrap()]);
    assert!(
        out.contains("lists: Backlog → draft (1)"),
        "a Trello board: {out}"
    );
    let before = bk.bytes();
    let csv = bk.path("issues.csv");
    std::fs::write(
        &csv,
        b"[{\"number\": 1, \"title\": \"t\", \"state\": \"open\", \"url\": \"u\"}]",
    )
    .unwrap();
    let err = bk.err(["import", csv.to_str().unwrap()]);
    assert!(err.contains("is a GitHub issues JSON"), "{err}");
    assert!(err.contains("Export view data, a .tsv file"), "{err}");
    let doc = bk.path("doc.csv");
    std::fs::write(&doc, b"{\"items\": []}").unwrap();
    let err = bk.err(["import", doc.to_str().unwrap()]);
    assert!(err.contains("holds JSON, not CSV or text"), "{err}");
    // A Markdown story list opening with a link is no JSON.
    let md = bk.path("stories.md");
    std::fs::write(&md, "[Board](http://x)\nAs a PM, I want a roadmap\n").unwrap();
    bk.ok(["import", md.to_str().unwrap()]);
    assert_ne!(bk.bytes(), before);
}

#[test]
fn each_item_keeps_the_tool_it_came_from() {
    let bk = Bk::new();
    let board = bk.path("board.txt");
    std::fs::write(&board, "As a PM, I want a roadmap\n").unwrap();
    let plain = bk.path("plain.csv");
    std::fs::write(&plain, "Summary,Status\nA plain row,Done\n").unwrap();
    for (file, tool, key) in [
        (fixture("jira_es.csv"), "jira", Some("PAG-2")),
        (fixture("azure_devops.csv"), "azure-devops", Some("503")),
        (fixture("linear.csv"), "linear", Some("ENG-12")),
        (fixture("polarion.csv"), "polarion", Some("CLIN-3")),
        (
            fixture("github_project.tsv"),
            "github",
            Some("https://github.com/acme-clinic/portal/issues/16"),
        ),
        (
            fixture("trello_board.json"),
            "trello",
            Some("https://trello.com/c/Zx81Qa01"),
        ),
        (plain.to_string_lossy().into_owned(), "csv", None),
        (board.to_string_lossy().into_owned(), "text", None),
    ] {
        bk.ok(["import", &file]);
        let stories = items(&bk, "story");
        assert!(
            stories.iter().any(|s| s["source"] == tool),
            "{tool}: {stories:?}"
        );
        if let Some(key) = key {
            assert_eq!(bk.show(key)["source"], tool, "{key}");
            let shown = bk.ok(["show", key]);
            assert!(
                shown.contains(&format!("imported as: {key} ({tool})")),
                "{shown}"
            );
        }
    }
    let tasks = fixture("taskwarrior.json");
    bk.ok(["import", &tasks]);
    assert!(
        items(&bk, "story")
            .iter()
            .any(|s| s["source"] == "taskwarrior")
    );
    // Containers the import made hold no source.
    assert!(
        items(&bk, "initiative")
            .iter()
            .all(|i| i["source"].is_null())
    );
    // The export keeps it, and a document import gives it back.
    let doc = bk.path("all.json");
    bk.ok(["export", "-o", doc.to_str().unwrap()]);
    let exported = std::fs::read_to_string(&doc).unwrap();
    assert!(exported.contains("\"source\": \"polarion\""), "exported");
    let copy = Bk::empty();
    copy.ok(["import", doc.to_str().unwrap()]);
    assert_eq!(copy.show("CLIN-3")["source"], "polarion");
}

#[test]
fn a_reimport_makes_no_empty_epic_for_items_it_matched() {
    let bk = Bk::new();
    bk.ok(["import", &fixture("taskwarrior.json")]);
    let epics = items(&bk, "epic").len();
    // The newer export has another name: its tasks without a project
    // would go into an epic named after it, but they are all matched.
    let newer = bk.path("tasks-week-49.json");
    std::fs::copy(fixture("taskwarrior.json"), &newer).unwrap();
    let out = bk.ok(["import", newer.to_str().unwrap()]);
    assert!(out.contains("0 added, 0 updated, 5 unchanged"), "{out}");
    assert!(!out.contains("Tasks week 49"), "{out}");
    assert_eq!(items(&bk, "epic").len(), epics, "no new, empty epic");
}

#[test]
fn a_reimport_that_adds_nothing_reports_no_container_as_gaining_items() {
    let bk = Bk::new();
    bk.ok(["import", &fixture("jira_es.csv")]);
    let again = bk.ok(["import", &fixture("jira_es.csv")]);
    assert!(again.contains("0 added, 0 updated, 5 unchanged"), "{again}");
    // Nothing was added: no "existing initiative, 1 epic added", no
    // "existing epic, 0 stories added", no coverage of stories it did not add.
    assert!(!again.contains(" added)"), "{again}");
    assert!(!again.contains("with persona and goal"), "{again}");
    let dry = bk.ok(["import", &fixture("jira_es.csv"), "--dry-run"]);
    assert!(!dry.contains(" added)"), "{dry}");
}
