//! `backlog report` with the real binary on a fixed fixture, the clock
//! pinned: a story done, a decision and a check-in after the start are in
//! the report, the ones before it are not; each format pinned by a
//! snapshot; the HTML has no script and no remote resource.

mod common;

use common::Bk;

/// Runs `args` at `now` (RFC 3339); must succeed.
fn at(bk: &Bk, now: &str, args: &[&str]) -> String {
    bk.ok_at(now, args)
}

/// October: I-1 (now) with a metric, E-1 with S-1 done, a decision, a
/// check-in, the snapshot "October". November: S-2 done, a decision with
/// text that needs escaping, a check-in, E-1 moved to Next, S-3 not ready.
fn fixture() -> Bk {
    let bk = Bk::new();
    let oct = "2026-10-01T10:00:00Z";
    at(
        &bk,
        oct,
        &[
            "add",
            "initiative",
            "Dispatch <fast> & *calm*",
            "--lane",
            "now",
        ],
    );
    at(
        &bk,
        oct,
        &["edit", "I-1", "--outcome", "Dispatchers stop phoning"],
    );
    at(
        &bk,
        oct,
        &[
            "metric",
            "add",
            "I-1",
            "Calls per day",
            "--baseline",
            "46",
            "--target",
            "20",
        ],
    );
    at(
        &bk,
        oct,
        &[
            "add",
            "epic",
            "Live map",
            "--initiative",
            "I-1",
            "--lane",
            "now",
        ],
    );
    at(&bk, oct, &["add", "story", "Old story", "--epic", "E-1"]);
    at(
        &bk,
        oct,
        &["add", "story", "New story | pipes", "--epic", "E-1"],
    );
    at(&bk, oct, &["edit", "S-1", "--status", "done"]);
    at(
        &bk,
        oct,
        &[
            "decide",
            "I-1",
            "Old decision",
            "--why",
            "long ago",
            "--date",
            "2026-09-30",
        ],
    );
    at(
        &bk,
        oct,
        &[
            "metric",
            "checkin",
            "I-1",
            "1",
            "40",
            "--date",
            "2026-09-30",
        ],
    );
    at(
        &bk,
        oct,
        &[
            "insight",
            "add",
            "Old insight",
            "--customer",
            "Acme",
            "--date",
            "2026-09-29",
            "--link",
            "E-1",
        ],
    );
    at(&bk, oct, &["snapshot", "take", "October"]);
    let nov = "2026-11-20T10:00:00Z";
    at(&bk, nov, &["edit", "S-2", "--status", "done"]);
    at(
        &bk,
        nov,
        &[
            "decide",
            "E-1",
            "Map before <b>chat</b>",
            "--why",
            "calls & tickets",
            "--date",
            "2026-11-10",
        ],
    );
    at(
        &bk,
        nov,
        &[
            "metric",
            "checkin",
            "I-1",
            "1",
            "33",
            "--date",
            "2026-11-18",
            "--note",
            "map live",
        ],
    );
    at(&bk, nov, &["edit", "E-1", "--lane", "next"]);
    at(
        &bk,
        nov,
        &[
            "add",
            "epic",
            "Chat",
            "--initiative",
            "I-1",
            "--lane",
            "now",
        ],
    );
    at(
        &bk,
        nov,
        &["add", "story", "Unready story", "--epic", "E-2"],
    );
    at(
        &bk,
        nov,
        &[
            "insight",
            "add",
            "We phone <techs> all day",
            "--customer",
            "Northwind",
            "--date",
            "2026-11-12",
            "--link",
            "E-1",
        ],
    );
    at(
        &bk,
        nov,
        &[
            "insight",
            "add",
            "Chat would help",
            "--customer",
            "Contoso",
            "--date",
            "2026-11-15",
        ],
    );
    bk
}

#[test]
fn the_markdown_report_names_what_happened_since_the_snapshot_only() {
    let bk = fixture();
    let md = bk.ok(["report", "--since", "October"]);
    for present in [
        "S-2",
        "New story \\| pipes",
        "Map before \\<b\\>chat\\</b\\>",
        "calls \\& tickets",
        "2026-11-18: 33",
        "moved",
        "S-3",
        "50%",
        "## New evidence",
        "2 insights from 2 customers",
        "| E-1 Live map | 2 | 1 |",
        "F-2 “We phone \\<techs\\> all day” — Northwind (for E-1)",
        "F-3 “Chat would help” — Contoso (not linked yet)",
    ] {
        assert!(md.contains(present), "{present} missing:\n{md}");
    }
    for absent in ["Old story", "Old decision", "2026-09-30", "Old insight"] {
        assert!(!md.contains(absent), "{absent} present:\n{md}");
    }
    insta::assert_snapshot!("report_md", md);
}

#[test]
fn the_json_report_is_pinned() {
    let bk = fixture();
    let json = bk.ok(["report", "--since", "October", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["shipped"][0]["stories"][0]["key"], "S-2");
    assert_eq!(v["shipped"][0]["stories"].as_array().unwrap().len(), 1);
    assert_eq!(v["decisions"].as_array().unwrap().len(), 1);
    assert_eq!(v["outcomes"][0]["metrics"][0]["progress"], 0.5);
    insta::assert_snapshot!("report_json", json);
}

#[test]
fn the_html_report_is_self_contained_and_escaped() {
    let bk = fixture();
    let file = bk.path("update.html");
    let said = bk.ok([
        "report",
        "--since",
        "October",
        "--format",
        "html",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(said.starts_with("wrote "), "{said}");
    let html = std::fs::read_to_string(&file).unwrap();
    for banned in [
        "<script", "http://", "https://", "src=", "<link", "@import", "url(",
    ] {
        assert!(
            !html.to_lowercase().contains(banned),
            "{banned} in the HTML"
        );
    }
    assert!(
        html.contains("Map before &lt;b&gt;chat&lt;&#x2f;b&gt;"),
        "{html}"
    );
    assert!(html.contains("@page { size: A4"), "prints on A4");
    assert!(html.contains("We phone &lt;techs&gt; all day"), "{html}");
    // The metric's trend (40 → 33) as an inline SVG of numbers only.
    assert!(html.contains("<svg class=\"trend\""), "{html}");
    assert!(html.contains("2 check-ins: 40 → 33"), "{html}");
    insta::assert_snapshot!("report_html", html);
}

#[test]
fn a_date_start_finds_the_snapshot_before_it_and_bad_starts_are_refused() {
    let bk = fixture();
    let md = bk.ok(["report", "--since", "2026-11-01"]);
    assert!(
        md.starts_with("# Progress update since 2026-11-01\n"),
        "{md}"
    );
    assert!(md.contains("snapshot “October”"), "{md}");
    assert!(md.contains("S-2") && !md.contains("Old decision"), "{md}");
    let e = bk.err(["report", "--since", "2026-13-01"]);
    assert!(e.contains("date"), "{e}");
    let e = bk.err(["report", "--since", "Nope"]);
    assert!(e.contains("Nope"), "{e}");
}

/// The "done means" on a fresh demo: `report --since` last
/// month's snapshot names what shipped, what moved, what was decided and
/// how the outcomes are trending; without `--since` (the last 30 days) it
/// compares with the same snapshot.
#[test]
fn on_the_demo_the_report_since_last_months_snapshot_shows_every_section() {
    let bk = Bk::demo();
    let list = bk.ok(["snapshot", "list"]);
    assert!(list.contains("October"), "{list}");
    for md in [bk.ok(["report", "--since", "October"]), bk.ok(["report"])] {
        let section = |name: &str| {
            let start = md
                .find(&format!("## {name}\n"))
                .unwrap_or_else(|| panic!("no {name} section: {md}"));
            let rest = &md[start + 3..];
            rest[..rest.find("\n## ").unwrap_or(rest.len())].to_string()
        };
        assert!(section("Outcomes").contains("| Calls per dispatcher per day | 46 | 20 | 34 |"));
        assert!(section("Shipped").contains("S-24 Show sync status on each job"));
        let changes = section("Roadmap changes");
        assert!(changes.contains("snapshot “October”"), "{changes}");
        assert!(
            changes.contains("moved **E-11** On-site invoicing \\& card payment: later → next"),
            "{changes}"
        );
        assert!(changes.contains("moved **E-10** Post-visit feedback survey: next → later"));
        assert!(
            section("Decisions").contains(
                "**E-11** On-site invoicing \\& card payment: Pull on-site invoicing into Next"
            ),
            "{md}"
        );
    }
}
