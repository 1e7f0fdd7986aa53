//! Hidden characters and markup in user text, through every output of the
//! real binary (issue 14, items 1 and 2): what is printed or exported reads
//! as it is stored, and no renderer acts on what a user typed.

mod common;

use common::Bk;

/// Direction marks and zero-width characters a title can smuggle in.
const HIDDEN: [char; 5] = ['\u{200F}', '\u{200E}', '\u{061C}', '\u{200B}', '\u{FEFF}'];

fn has_hidden(s: &str) -> Vec<String> {
    s.chars()
        .filter(|c| {
            HIDDEN.contains(c)
                || ('\u{202A}'..='\u{202E}').contains(c)
                || ('\u{2066}'..='\u{2069}').contains(c)
        })
        .map(|c| format!("U+{:04X}", c as u32))
        .collect()
}

/// A backlog whose every text field carries hidden characters.
fn hidden_backlog() -> Bk {
    let bk = Bk::new();
    let t = |s: &str| format!("{s}\u{200F}x\u{200B}y\u{FEFF}z\u{200E}\u{061C}\u{202E}w");
    bk.ok([
        "add",
        "initiative",
        &t("A"),
        "--lane",
        "now",
        "--outcome",
        &t("Outcome"),
        "--owner",
        &t("Ann"),
    ]);
    bk.ok([
        "metric",
        "add",
        "I-1",
        &t("Churn"),
        "--baseline",
        &t("5%"),
        "--target",
        &t("3%"),
    ]);
    bk.ok([
        "add",
        "epic",
        &t("B"),
        "--initiative",
        "I-1",
        "--owner",
        &t("Bo"),
    ]);
    bk.ok([
        "add",
        "story",
        &t("C"),
        "--epic",
        "E-1",
        "--ac",
        &t("Given"),
    ]);
    bk.ok(["decide", "S-1", &t("Ship"), "--why", &t("Because")]);
    bk.ok(["edit", "S-1", "--points", "3"]);
    bk
}

#[test]
fn terminal_outputs_carry_no_hidden_characters() {
    let bk = hidden_backlog();
    for args in [
        vec!["list"],
        vec!["list", "--kind", "story", "--sort", "rice"],
        vec!["show", "I-1"],
        vec!["show", "E-1"],
        vec!["show", "S-1"],
        vec!["show", "S-1", "--history"],
        vec!["roadmap"],
        vec!["roadmap", "--level", "initiative"],
        vec!["health"],
        vec!["refine", "summary", "--since", "2026-01-01"],
    ] {
        let out = bk.ok(&args);
        assert_eq!(has_hidden(&out), Vec::<String>::new(), "{args:?}:\n{out}");
        assert!(
            out.contains("xyzw") || !out.contains('x'),
            "{args:?}: text kept:\n{out}"
        );
    }
}

#[test]
fn markdown_and_csv_exports_carry_no_hidden_characters() {
    let bk = hidden_backlog();
    for level in ["epic", "initiative"] {
        for format in ["md", "csv"] {
            let out = bk.ok(["roadmap", "--level", level, "--format", format]);
            assert_eq!(
                has_hidden(&out),
                Vec::<String>::new(),
                "{level} {format}:\n{out}"
            );
        }
    }
}

#[test]
fn html_keeps_direction_marks_only_inside_isolation() {
    let bk = hidden_backlog();
    for level in ["epic", "initiative"] {
        let html = bk.ok(["roadmap", "--level", level, "--format", "html"]);
        // Overrides and zero-width characters are gone everywhere.
        for c in ['\u{200B}', '\u{FEFF}', '\u{202E}'] {
            assert!(!html.contains(c), "{level}: U+{:04X} in the page", c as u32);
        }
        // A direction mark may stay, but only inside a <bdi> element.
        for (n, line) in html.lines().enumerate() {
            for (at, c) in line.char_indices() {
                if !matches!(c, '\u{200F}' | '\u{200E}' | '\u{061C}') {
                    continue;
                }
                let before = &line[..at];
                let inside = match (before.rfind("<bdi>"), before.rfind("</bdi>")) {
                    (Some(open), Some(close)) => open > close,
                    (Some(_), None) => true,
                    _ => false,
                };
                assert!(
                    inside,
                    "{level} line {}: a direction mark outside <bdi>: {line}",
                    n + 1
                );
            }
        }
        if level == "initiative" {
            assert!(
                html.contains("<bdi>A\u{200F}xyz\u{200E}\u{061C}w</bdi>"),
                "{html}"
            );
        }
    }
}

#[test]
fn refine_summary_markdown_shows_markup_as_typed() {
    let bk = Bk::new();
    bk.ok(["add", "initiative", "I"]);
    bk.ok(["add", "epic", "E", "--initiative", "I-1"]);
    bk.ok(["add", "story", "<script>alert(1)</script>", "--epic", "E-1"]);
    bk.ok([
        "add",
        "story",
        "![i](http://evil.example/x.png)",
        "--epic",
        "E-1",
    ]);
    bk.ok(["edit", "S-1", "--points", "3"]);
    bk.ok(["edit", "S-2", "--points", "5"]);
    bk.ok([
        "ac",
        "add",
        "S-1",
        "[click](javascript:alert(1)) <img src=x onerror=alert(1)>",
    ]);
    bk.ok(["decide", "S-2", "<b>bold</b>", "--why", "`code` *em*"]);
    let md = bk.ok(["refine", "summary", "--since", "2026-01-01"]);
    // Every markup character a renderer could act on is escaped (the
    // summary's own bold keys aside).
    let user = md.replace("**S-1**", "").replace("**S-2**", "");
    for (n, c) in user.char_indices() {
        if matches!(c, '<' | '>' | '[' | ']' | '!' | '`' | '*') {
            assert!(
                user[..n].ends_with('\\'),
                "`{c}` came out raw at byte {n}:\n{md}"
            );
        }
    }
    assert!(md.contains("\\<script\\>alert(1)\\</script\\>"), "{md}");
    assert!(md.contains("\\!\\[i\\](http://evil.example/x.png)"), "{md}");
}
