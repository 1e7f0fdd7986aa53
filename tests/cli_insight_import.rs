//! `backlog insight import FILE` through the real binary: the export
//! layouts of Zendesk, Intercom, Productboard and Canny (fixtures in
//! tests/fixtures/insights/), `--map`, all-or-nothing with the line of the
//! error, and no duplicates on a second import.

mod common;

use std::path::PathBuf;

use common::Bk;
use serde_json::Value;

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/insights")
        .join(name)
        .display()
        .to_string()
}

fn insights(bk: &Bk) -> Vec<Value> {
    bk.json(["insight", "list", "--json"])
        .as_array()
        .unwrap()
        .clone()
}

fn by_text<'a>(all: &'a [Value], text: &str) -> &'a Value {
    all.iter()
        .find(|i| i["text"].as_str().unwrap().starts_with(text))
        .unwrap_or_else(|| panic!("no insight “{text}…” in {all:?}"))
}

#[test]
fn a_zendesk_export_becomes_insights_and_a_second_import_adds_nothing() {
    let bk = Bk::new();
    let file = fixture("zendesk_tickets.csv");
    let out = bk.ok(["insight", "import", &file]);
    assert!(out.starts_with("imported 4 insights from "), "{out}");
    assert!(out.trim_end().ends_with("(F-1 … F-4)"), "{out}");
    let all = insights(&bk);
    let t = by_text(&all, "Dispatchers keep phoning techs");
    assert_eq!(t["customer"], "Northwind HVAC");
    assert_eq!(t["source"], "Web form");
    assert_eq!(t["date"], "2026-09-14");
    assert_eq!(t["links"], serde_json::json!([]));
    // Tags become the insight's labels (in the export).
    let again = bk.ok(["insight", "import", &file]);
    assert!(
        again.starts_with("nothing imported from ") && again.contains("4 already there"),
        "{again}"
    );
    assert_eq!(insights(&bk).len(), 4);
    // One change: one undo takes the whole import back.
    assert!(
        bk.ok(["undo"])
            .starts_with("undone: import 4 insights from ")
    );
    assert!(insights(&bk).is_empty());
}

#[test]
fn intercom_productboard_and_canny_layouts_are_recognised() {
    let bk = Bk::with_stories(1);
    bk.ok(["insight", "import", &fixture("intercom_conversations.csv")]);
    bk.ok(["insight", "import", &fixture("productboard_notes.csv")]);
    bk.ok(["insight", "import", &fixture("canny_posts.csv")]);
    let all = insights(&bk);
    assert_eq!(all.len(), 9);
    let ic = by_text(&all, "Our customers ask every day");
    assert_eq!(ic["customer"], "Alpine Lifts");
    assert_eq!(ic["date"], "2026-10-11");
    let pb = by_text(&all, "Skills filter on assignment");
    assert_eq!(pb["customer"], "Northwind HVAC");
    assert_eq!(pb["source"], "Sales call");
    assert_eq!(
        pb["url"],
        "https://acme-fs.productboard.com/insights/notes/5a1f7c0e"
    );
    assert_eq!(pb["date"], "2026-08-28");
    let canny = by_text(&all, "Webhooks when a job is completed");
    assert_eq!(canny["customer"], "Meridian Security");
    assert_eq!(canny["source"], "Integrations");
    assert_eq!(canny["date"], "2026-09-05");
    // Distinct customers across tools: Northwind's note and nothing else.
    bk.ok(["insight", "link", pb["key"].as_str().unwrap(), "E-1"]);
    assert_eq!(bk.show("E-1")["customers"], 1);
    assert_eq!(bk.show("I-1")["customers"], 1);
}

#[test]
fn the_same_url_is_one_insight_whatever_its_text() {
    let bk = Bk::new();
    let f = bk.path("a.csv");
    std::fs::write(
        &f,
        "Title,URL,Company\nFirst wording,https://x.example/t/1,Acme\nSecond wording,https://x.example/t/1,Acme\nOther,https://x.example/t/2,Acme\n",
    )
    .unwrap();
    let out = bk.ok(["insight", "import", f.to_str().unwrap()]);
    assert!(
        out.contains("imported 2 insights") && out.contains("1 already there"),
        "{out}"
    );
}

#[test]
fn a_bad_row_names_its_line_and_nothing_is_imported() {
    let bk = Bk::new();
    let line = bk.err(["insight", "import", &fixture("bad_date.csv")]);
    assert!(
        line.contains("bad_date.csv:3:") && line.contains("`next tuesday` is not a date"),
        "{line}"
    );
    assert!(insights(&bk).is_empty());
    let f = bk.path("notext.csv");
    std::fs::write(&f, "Company,Created\nAcme,2026-01-02\n").unwrap();
    let line = bk.err(["insight", "import", f.to_str().unwrap()]);
    assert!(
        line.contains("notext.csv:1:") && line.contains("--map"),
        "{line}"
    );
    std::fs::write(&f, "Title,Company\nGood,Acme\n,Acme\n").unwrap();
    let line = bk.err(["insight", "import", f.to_str().unwrap()]);
    assert!(line.contains("notext.csv:3: the row has no text"), "{line}");
    assert!(insights(&bk).is_empty());
}

#[test]
fn map_names_columns_the_tool_calls_otherwise() {
    let bk = Bk::new();
    let f = bk.path("sheet.csv");
    std::fs::write(
        &f,
        "Verbatim,Who,Tier,When\n\"Needs SSO, badly\",Acme,Enterprise,2026-11-02\n",
    )
    .unwrap();
    let path = f.to_str().unwrap();
    // Without a map nothing holds the text.
    assert!(bk.err(["insight", "import", path]).contains("--map"));
    bk.ok([
        "insight",
        "import",
        path,
        "--map",
        "Verbatim=text",
        "--map",
        "Who=customer",
        "--map",
        "Tier=segment",
        "--map",
        "When=date",
    ]);
    let all = insights(&bk);
    assert_eq!(all[0]["text"], "Needs SSO, badly");
    assert_eq!(all[0]["customer"], "Acme");
    assert_eq!(all[0]["segment"], "Enterprise");
    assert_eq!(all[0]["date"], "2026-11-02");
    let usage = bk.usage_err(["insight", "import", path, "--map", "Verbatim=colour"]);
    assert!(usage.contains("unknown field `colour`"), "{usage}");
    let line = bk.err(["insight", "import", path, "--map", "Nope=text"]);
    assert!(line.contains("`Nope`"), "{line}");
}
