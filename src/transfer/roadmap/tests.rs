//! Golden files (insta) of every format on the fixed fixture, and checks
//! that hostile text stays inert in each.

use super::*;
use crate::domain::Model;
use crate::domain::roadmap::fixture::{at, backlog};

fn roadmap(level: Level, model: Model) -> Roadmap {
    Roadmap::build(&backlog(), model, level, at())
}

fn rendered(level: Level, model: Model, format: Format) -> String {
    String::from_utf8(render(&roadmap(level, model), format)).unwrap()
}

#[test]
fn text_golden() {
    insta::assert_snapshot!(
        "epic_rice.txt",
        rendered(Level::Epic, Model::Rice, Format::Text)
    );
    insta::assert_snapshot!(
        "initiative_wsjf.txt",
        rendered(Level::Initiative, Model::Wsjf, Format::Text)
    );
}

#[test]
fn md_golden() {
    insta::assert_snapshot!(
        "epic_rice.md",
        rendered(Level::Epic, Model::Rice, Format::Md)
    );
    insta::assert_snapshot!(
        "initiative_wsjf.md",
        rendered(Level::Initiative, Model::Wsjf, Format::Md)
    );
}

#[test]
fn html_golden() {
    insta::assert_snapshot!(
        "epic_rice.html",
        rendered(Level::Epic, Model::Rice, Format::Html)
    );
    insta::assert_snapshot!(
        "initiative_wsjf.html",
        rendered(Level::Initiative, Model::Wsjf, Format::Html)
    );
}

#[test]
fn json_golden() {
    insta::assert_snapshot!(
        "epic_rice.json",
        rendered(Level::Epic, Model::Rice, Format::Json)
    );
}

#[test]
fn csv_golden() {
    insta::assert_snapshot!(
        "epic_rice.csv",
        rendered(Level::Epic, Model::Rice, Format::Csv)
    );
}

#[test]
fn no_format_lets_an_escape_sequence_through() {
    for level in Level::ALL {
        for f in Format::ALL {
            let out = render(&roadmap(level, Model::Rice), f);
            assert!(!out.contains(&0x1b), "{f} {level} has a raw ESC");
        }
    }
}

#[test]
fn html_shows_script_as_text_and_loads_nothing() {
    for level in Level::ALL {
        let html = rendered(level, Model::Rice, Format::Html);
        assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"));
        assert_eq!(html.matches("<script").count(), 0);
        for needle in ["src=", "href=", "<link", "@import", "url("] {
            assert!(!html.contains(needle), "{needle} in HTML");
        }
        assert!(html.contains("@media print"));
    }
}

#[test]
fn md_keeps_tables_whole() {
    let md = rendered(Level::Epic, Model::Rice, Format::Md);
    assert!(md.contains("**E-3** a \\| b |"));
    assert!(md.contains("\\<script\\>alert\\(1\\)") || md.contains("\\<script\\>alert(1)"));
    // Every table row has as many unescaped pipes as its header.
    let pipes = |l: &str| l.replace("\\|", "").matches('|').count();
    let mut want = None;
    for line in md.lines() {
        if line.starts_with('|') {
            let n = pipes(line);
            assert_eq!(*want.get_or_insert(n), n, "{line}");
        } else {
            want = None;
        }
    }
}

#[test]
fn csv_neutralises_formulas_and_has_a_row_per_card() {
    let csv = rendered(Level::Epic, Model::Rice, Format::Csv);
    let mut rdr = ::csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<::csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), roadmap(Level::Epic, Model::Rice).len());
    let e2 = rows.iter().find(|r| &r[2] == "E-2").unwrap();
    assert_eq!(&e2[3], "'=HYPERLINK(\"x\")");
    for r in &rows {
        for cell in r.iter() {
            assert!(
                !cell
                    .trim_start()
                    .starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell}"
            );
        }
    }
    assert_eq!(csv::cell("+1"), "'+1");
    assert_eq!(csv::cell("-1"), "'-1");
    assert_eq!(csv::cell("@SUM(A1)"), "'@SUM(A1)");
    // Tabs and CRs become spaces first; blanks before a formula are seen through.
    assert_eq!(csv::cell("\tx"), " x");
    assert_eq!(csv::cell("\t=1+1"), "' =1+1");
    assert_eq!(csv::cell(" @x"), "' @x");
    assert_eq!(csv::cell("a=b"), "a=b");
}

#[test]
fn json_is_the_roadmap_value() {
    let r = roadmap(Level::Epic, Model::Rice);
    let back: Roadmap = serde_json::from_slice(&render(&r, Format::Json)).unwrap();
    assert_eq!(back, r);
}

#[test]
fn an_empty_roadmap_renders_in_every_format() {
    let r = Roadmap::build(
        &crate::domain::Backlog::default(),
        Model::Rice,
        Level::Epic,
        at(),
    );
    for f in Format::ALL {
        assert!(!render(&r, f).is_empty(), "{f}");
    }
    let text = String::from_utf8(render(&r, Format::Text)).unwrap();
    assert!(text.contains("NOW (0)\n  (no epics)"), "{text}");
}

#[test]
fn formats_parse() {
    for f in Format::ALL {
        assert_eq!(f.as_str().parse::<Format>().unwrap(), f);
    }
    assert_eq!("markdown".parse::<Format>().unwrap(), Format::Md);
    assert!("pdf".parse::<Format>().is_err());
}

#[test]
fn default_file_names_carry_the_date() {
    let r = roadmap(Level::Epic, Model::Rice);
    assert_eq!(default_file_name(&r, Format::Md), "roadmap-2026-11-23.md");
    let r = roadmap(Level::Initiative, Model::Rice);
    assert_eq!(
        default_file_name(&r, Format::Text),
        "roadmap-initiatives-2026-11-23.txt"
    );
}

/// The fixture with two check-ins on I-1's metric (46 → 20): 40, then 33.
fn checked_in(level: Level) -> Roadmap {
    use crate::domain::{Backlog, CheckIn, Kind};
    let mut items = crate::domain::roadmap::fixture::items();
    let i1 = items
        .iter_mut()
        .find(|i| i.key.kind == Kind::Initiative && i.key.num == 1)
        .unwrap();
    let day = |m: u32| chrono::NaiveDate::from_ymd_opt(2026, m, 1).unwrap();
    i1.metrics[0].checkins = vec![
        CheckIn {
            date: day(10),
            value: "40".into(),
            note: String::new(),
        },
        CheckIn {
            date: day(11),
            value: "33".into(),
            note: "<img src=x>".into(),
        },
    ];
    Roadmap::build(&Backlog::new(items), Model::Rice, level, at())
}

#[test]
fn html_and_markdown_show_where_a_metric_stands_and_its_trend() {
    // On the initiative's card: now, progress, trend.
    let cards = String::from_utf8(render(&checked_in(Level::Initiative), Format::Html)).unwrap();
    assert!(cards.contains("now <bdi>33</bdi> · 50%"), "{cards}");
    // In the epic roadmap's goals table too.
    let html = String::from_utf8(render(&checked_in(Level::Epic), Format::Html)).unwrap();
    assert!(html.contains("<td><bdi>33</bdi></td><td>50%"), "{html}");
    for page in [&cards, &html] {
        assert_eq!(page.matches("<svg class=\"trend\"").count(), 1, "{page}");
        assert!(
            page.contains("aria-label=\"2 check-ins: 40 → 33\""),
            "{page}"
        );
        assert!(
            page.contains("<polyline points=\"0.0,2.0 80.0,16.0\"/>"),
            "{page}"
        );
        assert!(!page.contains("<img"), "a note never reaches the page");
    }
    let md = String::from_utf8(render(&checked_in(Level::Epic), Format::Md)).unwrap();
    assert!(
        md.contains("| Calls per dispatcher per day | 46 | 20 | 33 (2026-11-01) | 50% |"),
        "{md}"
    );
}

#[test]
fn a_pinned_card_is_marked_in_every_format() {
    let mut items = backlog().items().to_vec();
    let e2 = items
        .iter_mut()
        .find(|i| i.key.to_string() == "E-2")
        .unwrap();
    e2.pinned = Some(1);
    let r = Roadmap::build(
        &crate::domain::Backlog::new(items),
        Model::Rice,
        Level::Epic,
        at(),
    );
    let now: Vec<String> = r.lanes[0].cards.iter().map(|c| c.key.to_string()).collect();
    assert_eq!(now[0], "E-2", "pinned first over E-1's higher score");
    let out = |f| String::from_utf8(render(&r, f)).unwrap();
    let text = out(Format::Text);
    assert!(text.contains("RICE 400 · pinned at 1"), "{text}");
    assert!(out(Format::Md).contains("📌 pinned at 1"));
    assert!(out(Format::Html).contains(
        r#"<span class="pinned" title="Placed by hand, over its score">📌 pinned at 1</span>"#
    ));
    let csv = out(Format::Csv);
    let row = csv.lines().find(|l| l.contains(",E-2,")).unwrap();
    assert!(row.ends_with(",1"), "{row}");
    let json = out(Format::Json);
    assert!(json.contains("\"pinned\": 1"), "{json}");
    // Unpinned cards carry no mark and no field.
    assert_eq!(json.matches("\"pinned\"").count(), 1);
    assert_eq!(text.matches("pinned at").count(), 1);
}
