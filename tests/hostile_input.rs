//! Hostile input, fuzzed with proptest for a bounded number of cases:
//!
//! - the parsers of what users type (keys, statuses, lanes, kinds, models,
//!   formats, score inputs, points, ranks, positions, dates, times, `--map`,
//!   the TOML config) never panic, and a refused command writes nothing;
//! - text full of ANSI/OSC escape sequences, control characters,
//!   right-to-left overrides and marks, very long lines and wide characters
//!   never reaches the terminal raw: not in `list`/`show`/`score`/`health`/
//!   `roadmap` text output, not in any TUI view (drawn on a TestBackend),
//!   and the exports escape it: HTML tags stay the template's, Markdown
//!   tables keep their columns, CSV keeps its columns and neutralises
//!   formulas, JSON carries it exactly;
//! - the importers (backlog JSON, CSV, plain-text stories) never panic on
//!   random or mutated input, and an import that fails writes nothing.
//!
//! Cases per property are small in `cargo test` and the inputs fixed;
//! `BACKLOG_FUZZ_SCALE=N` multiplies the cases (the full run uses 20) and
//! `BACKLOG_FUZZ_SEED=N` draws other inputs. Each property prints how many
//! cases it ran.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use backlog::cli::Cli;
use backlog::domain::Key;
use backlog::store::{OpenMode, Store};
use backlog::tui::keymap::Cmd;
use backlog::tui::{Action, App};
use clap::Parser;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config as PtConfig, TestCaseError, TestRunner};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn scale() -> u32 {
    std::env::var("BACKLOG_FUZZ_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
}

/// The seed of every property: fixed, so `cargo test` is repeatable;
/// `BACKLOG_FUZZ_SEED=N` explores other inputs.
fn seed() -> u64 {
    std::env::var("BACKLOG_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x0062_6163_6B6C_6F67)
}

/// A runner for property `name`, seeded from [`seed`] and the name.
fn runner(name: &str, cases: u32) -> TestRunner {
    use proptest::test_runner::{RngAlgorithm, TestRng};
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed().to_le_bytes());
    key[8..16].copy_from_slice(&h.to_le_bytes());
    TestRunner::new_with_rng(
        PtConfig {
            cases,
            failure_persistence: None,
            ..PtConfig::default()
        },
        TestRng::from_seed(RngAlgorithm::ChaCha, &key),
    )
}

/// Runs `test` on `cases × scale` inputs from `strategy`; prints the count.
fn fuzz<S: Strategy>(
    name: &str,
    cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S::Value: std::fmt::Debug,
{
    let cases = cases * scale();
    let started = std::time::Instant::now();
    let mut runner = runner(name, cases);
    if let Err(e) = runner.run(&strategy, test) {
        panic!("{name}: {e}");
    }
    eprintln!(
        "hostile input: {name}: {cases} cases, no panic, in {:.1?}",
        started.elapsed()
    );
}

/// A temp dir, in memory when the system has /dev/shm: these tests open
/// and close files thousands of times, and fsync is not what they test.
fn temp_dir() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir()
        && let Ok(d) = tempfile::tempdir_in(shm)
    {
        return d;
    }
    tempfile::tempdir().unwrap()
}

// ---------------------------------------------------------------------
// Strategies

/// Pieces of hostile text.
fn piece() -> impl Strategy<Value = String> {
    let fixed: Vec<&'static str> = vec![
        "\x1b[31m",
        "\x1b[2J\x1b[H",
        "\x1b]0;pwned\x07",
        "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",
        "\x1bP+q\x1b\\",
        "\x1b",
        "\u{9b}31m",
        "\u{85}",
        "\x07",
        "\x08\x08",
        "\r",
        "\r\n",
        "\n",
        "\t",
        "\0",
        "\x7f",
        "\u{202E}",
        "\u{202D}",
        "\u{2066}",
        "\u{2069}",
        "\u{200F}",
        "\u{200E}",
        "\u{061C}",
        "\u{200B}",
        "\u{FEFF}",
        "\u{2028}",
        "日本語のタイトル",
        "👩‍👩‍👧‍👦",
        "e\u{301}\u{301}\u{301}",
        "ｗｉｄｅ",
        "שלום עולם",
        "|",
        "||",
        "\\|",
        "<script>alert(1)</script>",
        "</td></tr></table>",
        "<!--",
        "&amp;",
        "&lt;",
        "\"",
        "'",
        "=HYPERLINK(\"http://evil\")",
        "+1",
        "-2",
        "@SUM(A1)",
        "*_`[x](javascript:alert(1))#>~",
        "\\",
        "{{ 7*7 }}",
        "{% raw %}",
        "%s%n",
        " ",
    ];
    prop_oneof![
        4 => "[a-zA-Z0-9 ,.]{1,10}",
        6 => proptest::sample::select(fixed).prop_map(String::from),
        2 => any::<char>().prop_map(String::from),
        2 => "[\\x00-\\x1f\\x7f-\\u{9f}]{1,4}",
        1 => (1usize..4000).prop_map(|n| "long ".repeat(n / 5 + 1)),
        1 => (1usize..300).prop_map(|n| "全".repeat(n)),
    ]
}

/// Hostile text that still has a visible letter (so titles are valid).
fn hostile() -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 0..10).prop_map(|v| format!("a{}", v.concat()))
}

// ---------------------------------------------------------------------
// Running the CLI in-process (the binary's code, minus `main`).

/// Runs `backlog --db DB ARGS` in-process; returns stdout or the error.
fn cli(db: &Path, args: &[&str]) -> Result<String, String> {
    let mut argv: Vec<std::ffi::OsString> = vec!["backlog".into(), "--db".into(), db.into()];
    argv.extend(args.iter().map(Into::into));
    let parsed = Cli::try_parse_from(argv).map_err(|e| format!("usage: {e}"))?;
    let mut out = Vec::new();
    backlog::cli::run(parsed, &mut out).map_err(|e| format!("{e:#}"))?;
    String::from_utf8(out).map_err(|e| format!("output is not UTF-8: {e}"))
}

fn cli_ok(db: &Path, args: &[&str]) -> Result<String, TestCaseError> {
    cli(db, args).map_err(|e| TestCaseError::fail(format!("`backlog {}`: {e}", args.join(" "))))
}

/// What a file holds, cheaply: changes, versions, items, snapshots.
fn fingerprint(db: &Path) -> (i64, i64, i64, i64) {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(
        "SELECT (SELECT count(*) FROM changes), (SELECT coalesce(sum(version), 0) FROM items), \
         (SELECT count(*) FROM items), (SELECT count(*) FROM snapshots)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )
    .unwrap()
}

/// A character that must never reach a terminal: C0/C1 controls (ESC
/// among them) other than a newline, and bidirectional overrides and
/// isolates.
fn dangerous(c: char) -> bool {
    (c.is_control() && c != '\n')
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

fn assert_terminal_safe(what: &str, text: &str) -> Result<(), TestCaseError> {
    if let Some((i, c)) = text.char_indices().find(|(_, c)| dangerous(*c)) {
        let from = text[..i].char_indices().rev().nth(20).map_or(0, |(j, _)| j);
        return Err(TestCaseError::fail(format!(
            "{what}: raw {c:?} in output near {:?}",
            &text[from..(i + c.len_utf8()).min(text.len())]
        )));
    }
    Ok(())
}

// ---------------------------------------------------------------------
// 1. Parsers

#[test]
fn parsers_of_typed_values_never_panic() {
    use backlog::domain::scoring::Field;
    use backlog::domain::{Kind, Lane, Model, Status};
    let text = prop_oneof![
        any::<String>(),
        "[-+0-9.eEinfaINFA%_ ]{0,12}",
        "[SEIsei]-?[0-9]{0,25}",
        proptest::sample::select(vec![
            "1e309",
            "-0",
            "NaN",
            "inf",
            "-inf",
            "0x10",
            "1_000",
            "٣",
            "１",
            "1e-400",
            "99999999999999999999",
            "S-0",
            "S-",
            "-S-1",
            "S-+1",
            "s 1",
            "E1",
            "I-1.5",
            "In-Progress",
            " now ",
            "NOW",
            "later\0",
            "",
        ])
        .prop_map(String::from),
        hostile(),
    ];
    fuzz("typed-value parsers", 3000, text, |s| {
        let _ = s.parse::<Key>();
        let _ = s.parse::<Kind>();
        let _ = s.parse::<Status>();
        let _ = s.parse::<Lane>();
        let _ = s.parse::<Model>();
        let _ = s.parse::<backlog::domain::roadmap::Level>();
        let _ = s.parse::<backlog::transfer::roadmap::Format>();
        for f in Field::RICE.into_iter().chain(Field::WSJF) {
            if let Ok(v) = f.parse(&s) {
                prop_assert!(v.is_finite(), "{f:?} accepted {s:?} as {v}");
            }
        }
        if let Ok(v) = backlog::domain::number::parse_number("x", &s, "any") {
            prop_assert!(v.is_finite());
            let _ = backlog::domain::number::round_display(v, 1);
            let _ = backlog::domain::number::round_display(v, 2);
            let _ = backlog::domain::number::fmt_plain(v);
        }
        let _ = backlog::transfer::import_csv::parse_map(&s);
        let _ = backlog::domain::text::clean_title("title", &s);
        assert_terminal_safe(
            "terminal_safe",
            &backlog::domain::text::terminal_safe(&s, true),
        )?;
        Ok(())
    });
    fuzz("number display", 3000, any::<f64>(), |v| {
        let _ = backlog::domain::number::round_display(v, 1);
        let _ = backlog::domain::number::round_display(v, 2);
        let _ = backlog::domain::number::fmt_plain(v);
        Ok(())
    });
}

/// One backlog for the CLI argument fuzzing: I-1 / E-1 / S-1 with a
/// criterion.
fn arg_backlog() -> &'static (tempfile::TempDir, PathBuf) {
    static B: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    B.get_or_init(|| {
        let dir = temp_dir();
        let db = dir.path().join("args.db");
        for args in [
            &["add", "initiative", "Grow"][..],
            &["add", "epic", "Checkout", "--initiative", "I-1"],
            &["add", "story", "Pay", "--epic", "E-1", "--ac", "Paid"],
        ] {
            cli(&db, args).unwrap();
        }
        (dir, db)
    })
}

#[test]
fn command_arguments_never_panic_and_a_refusal_writes_nothing() {
    let (_, db) = arg_backlog();
    let value = prop_oneof![
        "[-+0-9.eE%: TZ]{0,14}",
        proptest::sample::select(vec![
            "2026-02-30",
            "2026-13-01",
            "0000-00-00",
            "9999-12-31",
            "+275760-09-13",
            "2026-11-23T25:00:00Z",
            "2026-11-23T10:00:00+99:00",
            "24:00",
            "23:60",
            "-1",
            "1e309",
            "NaN",
            "none",
            "S-1",
            "E-1",
            "I-1",
            "S-999999999999",
            "now",
            "ready",
            "in-progress",
            "0",
            "18446744073709551616",
            "-9223372036854775808",
        ])
        .prop_map(String::from),
        any::<String>(),
    ];
    let flag = proptest::sample::select(vec![
        ("edit", "--points"),
        ("edit", "--rank"),
        ("edit", "--lane"),
        ("edit", "--status"),
        ("edit", "--parent"),
        ("edit", "--if-version"),
        ("score", "--reach"),
        ("score", "--impact"),
        ("score", "--confidence"),
        ("score", "--effort"),
        ("score", "--value"),
        ("score", "--time-criticality"),
        ("score", "--risk-reduction"),
        ("score", "--job-size"),
        ("decide", "--date"),
        ("refine", "--since"),
        ("ac-check", ""),
        ("ac-move", ""),
        ("show", ""),
        ("list", "--kind"),
        ("list", "--status"),
        ("list", "--lane"),
        ("roadmap", "--by"),
        ("import", "--map"),
        ("import", "--epic"),
        ("snapshot", ""),
    ]);
    fuzz(
        "command arguments",
        300,
        (flag, value),
        |((cmd, flag), v)| {
            let v = v.as_str();
            let args: Vec<&str> = match cmd {
                "edit" | "score" => vec![cmd, "S-1", flag, v],
                "decide" => vec!["decide", "S-1", "Decided", flag, v],
                "refine" => vec!["refine", "summary", flag, v],
                "ac-check" => vec!["ac", "check", "S-1", v],
                "ac-move" => vec!["ac", "move", "S-1", "1", v],
                "show" => vec!["show", v],
                "list" => vec!["list", flag, v],
                "roadmap" => vec!["roadmap", flag, v],
                "import" => vec!["import", "/nonexistent/x.csv", flag, v, "--dry-run"],
                "snapshot" => vec!["snapshot", "show", v],
                _ => unreachable!(),
            };
            let before = fingerprint(db);
            match cli(db, &args) {
                Ok(out) => assert_terminal_safe(&args.join(" "), &out)?,
                Err(e) => {
                    prop_assert_eq!(
                        fingerprint(db),
                        before,
                        "`{}` failed ({}) yet wrote",
                        args.join(" "),
                        e
                    );
                }
            }
            Ok(())
        },
    );
}

#[test]
fn config_files_never_panic() {
    let dir = temp_dir();
    let path = dir.path().join("config.toml");
    let toml_text = prop_oneof![
        any::<String>(),
        (
            proptest::sample::select(vec!["quit", "down", "edit", "nonsense", "tab-ranked", ""]),
            hostile(),
        )
            .prop_map(|(k, v)| format!("theme = \"{v}\"\n[keys]\n{k} = [\"{v}\", \"ctrl-{v}\"]\n")),
        hostile().prop_map(|v| format!("[keys]\nquit = \"{v}\"\n")),
    ];
    fuzz("config files", 300, toml_text, |text| {
        std::fs::write(&path, &text).unwrap();
        let config = backlog::tui::config::Config::load(Some(&path));
        for w in &config.warnings {
            let _ = backlog::domain::text::terminal_safe(w, false);
        }
        Ok(())
    });
}

// ---------------------------------------------------------------------
// 2. Hostile text in every output

#[derive(Debug, Clone)]
struct Texts {
    initiative: String,
    outcome: String,
    epic: String,
    story: String,
    description: String,
    persona: String,
    goal: String,
    benefit: String,
    criterion: String,
    owner: String,
    label: String,
    decision: String,
    rationale: String,
    metric: String,
}

fn texts() -> impl Strategy<Value = Texts> {
    (
        (hostile(), hostile(), hostile(), hostile(), hostile()),
        (hostile(), hostile(), hostile(), hostile(), hostile()),
        (hostile(), hostile(), hostile(), hostile()),
    )
        .prop_map(|(a, b, c)| Texts {
            initiative: a.0,
            outcome: a.1,
            epic: a.2,
            story: a.3,
            description: a.4,
            persona: b.0,
            goal: b.1,
            benefit: b.2,
            criterion: b.3,
            owner: b.4,
            label: c.0,
            decision: c.1,
            rationale: c.2,
            metric: c.3,
        })
}

/// The same texts with every character that escaping could touch replaced
/// by plain letters: the structure of an export must not depend on them.
fn plain(t: &Texts) -> Texts {
    let p = |_: &String| "plain".to_string();
    Texts {
        initiative: p(&t.initiative),
        outcome: p(&t.outcome),
        epic: p(&t.epic),
        story: p(&t.story),
        description: p(&t.description),
        persona: p(&t.persona),
        goal: p(&t.goal),
        benefit: p(&t.benefit),
        criterion: p(&t.criterion),
        owner: p(&t.owner),
        label: p(&t.label),
        decision: p(&t.decision),
        rationale: p(&t.rationale),
        metric: p(&t.metric),
    }
}

/// A fresh file holding an initiative, an epic and a story (scored, with a
/// criterion, a label, a decision and a dependency) written from `t`.
fn build(dir: &Path, name: &str, t: &Texts) -> Result<PathBuf, TestCaseError> {
    let db = dir.join(name);
    let steps: Vec<Vec<&str>> = vec![
        vec![
            "add",
            "initiative",
            &t.initiative,
            "--lane",
            "now",
            "--outcome",
            &t.outcome,
            "--owner",
            &t.owner,
            "--description",
            &t.description,
        ],
        vec![
            "add",
            "epic",
            &t.epic,
            "--initiative",
            "I-1",
            "--owner",
            &t.owner,
            "--description",
            &t.description,
        ],
        vec![
            "add",
            "story",
            &t.story,
            "--epic",
            "E-1",
            "--as",
            &t.persona,
            "--want",
            &t.goal,
            "--so-that",
            &t.benefit,
            "--ac",
            &t.criterion,
            "--points",
            "3",
            "--owner",
            &t.owner,
            "--description",
            &t.description,
        ],
        vec!["add", "story", &t.goal, "--epic", "E-1"],
        vec!["edit", "S-1", "--label", &t.label],
        vec![
            "decide",
            "S-1",
            &t.decision,
            "--why",
            &t.rationale,
            "--date",
            "2026-11-23",
        ],
        vec![
            "metric",
            "add",
            "I-1",
            &t.metric,
            "--baseline",
            &t.metric,
            "--target",
            &t.rationale,
        ],
        vec![
            "score",
            "S-1",
            "--reach",
            "100",
            "--impact",
            "2",
            "--confidence",
            "80",
            "--effort",
            "1",
        ],
        vec![
            "score",
            "E-1",
            "--value",
            "8",
            "--time-criticality",
            "5",
            "--risk-reduction",
            "3",
            "--job-size",
            "2",
        ],
        vec!["dep", "add", "S-1", "--on", "S-2"],
        vec!["snapshot", "take", "before"],
        vec!["edit", "S-1", "--title", &t.epic],
    ];
    for args in &steps {
        cli_ok(&db, args)?;
    }
    Ok(db)
}

/// The tag names of an HTML page, in order.
fn tags(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '>')
            .unwrap_or(rest.len());
        out.push(rest[..end].to_string());
    }
    out
}

/// The number of unescaped `|` on a Markdown line.
fn pipes(line: &str) -> usize {
    let mut n = 0;
    let mut escaped = false;
    for c in line.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => n += 1,
            _ => escaped = false,
        }
    }
    n
}

fn check_exports(db: &Path, plain_db: &Path, t: &Texts) -> Result<(), TestCaseError> {
    for level in ["epic", "initiative"] {
        let html = cli_ok(db, &["roadmap", "--level", level, "--format", "html"])?;
        let plain_html = cli_ok(plain_db, &["roadmap", "--level", level, "--format", "html"])?;
        assert_terminal_safe("roadmap html", &html)?;
        prop_assert_eq!(
            tags(&html),
            tags(&plain_html),
            "user text changed the HTML's tags"
        );

        let md = cli_ok(db, &["roadmap", "--level", level, "--format", "md"])?;
        assert_terminal_safe("roadmap md", &md)?;
        let mut header: Option<usize> = None;
        for line in md.lines() {
            if line.starts_with('|') {
                let n = pipes(line);
                match header {
                    None => header = Some(n),
                    Some(h) => prop_assert_eq!(n, h, "a table row lost its columns: {:?}", line),
                }
            } else {
                header = None;
                // User text never starts a line with Markdown structure.
                prop_assert!(
                    !line.starts_with("<script") && !line.starts_with("```"),
                    "{:?}",
                    line
                );
            }
        }

        let csv_text = cli_ok(db, &["roadmap", "--level", level, "--format", "csv"])?;
        assert_terminal_safe("roadmap csv", &csv_text.replace('\r', ""))?;
        let mut reader = csv::ReaderBuilder::new().from_reader(csv_text.as_bytes());
        let width = reader
            .headers()
            .map_err(|e| TestCaseError::fail(e.to_string()))?
            .len();
        for rec in reader.records() {
            let rec = rec.map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(rec.len(), width);
            for cell in rec.iter() {
                prop_assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "formula not neutralised: {:?}",
                    cell
                );
            }
        }

        let json = cli_ok(db, &["roadmap", "--level", level, "--format", "json"])?;
        let v: serde_json::Value =
            serde_json::from_str(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
        if level == "initiative" {
            // JSON carries the text exactly (escaped as JSON needs).
            let card = &v["lanes"][0]["cards"][0];
            let expect = backlog::domain::text::clean_title("title", &t.initiative).unwrap();
            prop_assert_eq!(card["title"].as_str(), Some(expect.as_str()));
        }
    }
    Ok(())
}

fn check_text_outputs(db: &Path) -> Result<(), TestCaseError> {
    for args in [
        &["list"][..],
        &["list", "--kind", "story", "--sort", "rice"],
        &["show", "I-1"],
        &["show", "E-1"],
        &["show", "S-1"],
        &["show", "S-1", "--history"],
        &["score", "S-1"],
        &["score", "E-1"],
        &["health"],
        &["roadmap"],
        &["roadmap", "--level", "initiative", "--by", "wsjf"],
        &["snapshot", "list"],
        &["snapshot", "show", "before"],
        &["diff", "before"],
        &["refine", "summary", "--since", "2000-01-01"],
    ] {
        let out = cli_ok(db, args)?;
        assert_terminal_safe(&format!("`backlog {}`", args.join(" ")), &out)?;
    }
    // JSON output is exact: the story's criterion comes back as stored.
    let show: serde_json::Value = serde_json::from_str(&cli_ok(db, &["show", "S-1", "--json"])?)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert!(show["acceptance_criteria"][0]["text"].is_string());
    Ok(())
}

/// Every cell of every TUI view stays terminal-safe and nothing panics.
fn check_tui(db: &Path) -> Result<(), TestCaseError> {
    let store = Store::open(db, OpenMode::Existing).unwrap();
    let backlog = store.load().unwrap();
    let mut app = App::new(
        backlog,
        "hostile\u{1b}[31m.db",
        &backlog::tui::config::Config::load(None),
    );
    let s1: Key = "S-1".parse().unwrap();
    let screens: &[(&str, &[Cmd])] = &[
        ("backlog", &[Cmd::TabBacklog]),
        ("story detail", &[Cmd::TabBacklog]),
        ("criteria", &[Cmd::Focus]),
        ("edit form", &[Cmd::Back, Cmd::Edit]),
        ("ranked", &[Cmd::Back, Cmd::TabRanked]),
        ("ranked epics", &[Cmd::ToggleKind]),
        ("roadmap", &[Cmd::TabRoadmap]),
        ("roadmap initiatives", &[Cmd::ToggleLevel]),
        ("refine", &[Cmd::TabRefine]),
        ("health", &[Cmd::TabHealth]),
        ("palette", &[Cmd::Palette]),
        ("help", &[Cmd::Back, Cmd::Help]),
    ];
    for (w, h) in [(110u16, 34u16), (36, 10)] {
        app.update(Action::Resize {
            width: w,
            height: h,
        });
        for (name, cmds) in screens {
            if *name == "story detail" || *name == "edit form" {
                app.select_tree_key(s1);
            }
            for c in *cmds {
                app.update(Action::Command(*c));
            }
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            terminal
                .draw(|f| backlog::tui::views::draw(f, &app))
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let buf = terminal.backend().buffer();
            for cell in buf.content() {
                assert_terminal_safe(&format!("TUI {name} at {w}x{h}"), cell.symbol())?;
            }
        }
        app.update(Action::Command(Cmd::Back));
        app.update(Action::Command(Cmd::TabBacklog));
    }
    Ok(())
}

#[test]
fn hostile_text_is_shown_safely_and_exported_escaped() {
    let dir = temp_dir();
    let n = std::sync::atomic::AtomicUsize::new(0);
    fuzz(
        "hostile text in output, TUI and exports",
        16,
        texts(),
        |t| {
            let i = n.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let db = build(dir.path(), &format!("h{i}.db"), &t)?;
            let plain_db = build(dir.path(), &format!("p{i}.db"), &plain(&t))?;
            check_text_outputs(&db)?;
            check_exports(&db, &plain_db, &t)?;
            check_tui(&db)?;
            for f in [&db, &plain_db] {
                let _ = std::fs::remove_file(f);
            }
            Ok(())
        },
    );
}

// ---------------------------------------------------------------------
// 3. Importers

fn demo_export() -> &'static str {
    static DOC: OnceLock<String> = OnceLock::new();
    DOC.get_or_init(|| {
        let dir = temp_dir();
        let db = dir.path().join("demo.db");
        cli(&db, &["demo"]).unwrap();
        cli(&db, &["snapshot", "take", "Q3"]).unwrap();
        cli(&db, &["export"]).unwrap()
    })
}

fn realdata(rel: &str, max_lines: usize) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/realdata")
        .join(rel);
    let text = std::fs::read_to_string(&p)
        .unwrap_or_else(|e| panic!("the real data set is missing ({}): {e}", p.display()));
    text.lines().take(max_lines).collect::<Vec<_>>().join("\n") + "\n"
}

/// Seeds for mutation: a full backlog document, Jira and Rockefeller CSV
/// exports, plain-text user stories.
fn seeds() -> &'static Vec<(&'static str, Vec<u8>)> {
    static S: OnceLock<Vec<(&'static str, Vec<u8>)>> = OnceLock::new();
    S.get_or_init(|| {
        vec![
            ("json", demo_export().as_bytes().to_vec()),
            (
                "csv",
                realdata("jira/deepse_jirasoftware_storypoints.csv", 25).into_bytes(),
            ),
            (
                "csv",
                realdata("user_stories/rockefeller/researchers.csv", 25).into_bytes(),
            ),
            (
                "csv",
                b"Summary,Issue Type,Status,Story Points,Epic Link,Description,Labels\n\
                  Checkout,Epic,In Progress,,,,\n\
                  Pay by card,Story,To Do,3,Checkout,\"As a buyer, I want to pay\",pay\n"
                    .to_vec(),
            ),
            (
                "txt",
                realdata("user_stories/dalpiaz2018/g03-loudoun.txt", 25).into_bytes(),
            ),
        ]
    })
}

#[derive(Debug, Clone)]
enum Mutation {
    Truncate(usize),
    Flip(usize, u8),
    Insert(usize, String),
    DuplicateLine(usize),
    DropLine(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let token = prop_oneof![
        proptest::sample::select(vec![
            "\"",
            ",",
            "\n",
            "\r\n",
            "{",
            "}",
            "[",
            "]",
            ":",
            "null",
            "1e309",
            "-1",
            "NaN",
            "\"\"",
            "\0",
            "\u{FEFF}",
            "\\u0000",
            "\\ud800",
            "S-0",
            "E-99",
            "99999999999999999999",
            "As a , I want , so that ",
            "# heading",
            "- bullet",
            ",,,,,,,,",
            "\u{1b}[31m",
        ])
        .prop_map(String::from),
        piece(),
    ];
    prop_oneof![
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (any::<usize>(), token).prop_map(|(i, t)| Mutation::Insert(i, t)),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        any::<usize>().prop_map(Mutation::DropLine),
    ]
}

fn mutate(mut bytes: Vec<u8>, muts: &[Mutation]) -> Vec<u8> {
    for m in muts {
        let len = bytes.len().max(1);
        match m {
            Mutation::Truncate(i) => bytes.truncate(i % len),
            Mutation::Flip(i, b) => {
                if !bytes.is_empty() {
                    let at = i % bytes.len();
                    bytes[at] ^= b | 1;
                }
            }
            Mutation::Insert(i, t) => {
                let at = i % len;
                let at = at.min(bytes.len());
                bytes.splice(at..at, t.bytes());
            }
            Mutation::DuplicateLine(i) | Mutation::DropLine(i) => {
                let mut lines: Vec<Vec<u8>> =
                    bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
                let at = i % lines.len();
                if matches!(m, Mutation::DuplicateLine(_)) {
                    let l = lines[at].clone();
                    lines.insert(at, l);
                } else {
                    lines.remove(at);
                }
                bytes = lines.join(&b'\n');
            }
        }
    }
    bytes
}

fn import_input() -> impl Strategy<Value = (&'static str, Vec<u8>)> {
    let n = seeds().len();
    prop_oneof![
        4 => (0..n, proptest::collection::vec(mutation(), 1..5)).prop_map(|(i, m)| {
            let (ext, seed) = &seeds()[i];
            (*ext, mutate(seed.clone(), &m))
        }),
        1 => (
            proptest::sample::select(vec!["json", "csv", "txt"]),
            proptest::collection::vec(any::<u8>(), 0..600),
        ),
        1 => (
            proptest::sample::select(vec!["json", "csv", "txt"]),
            proptest::collection::vec(hostile(), 0..8).prop_map(|v| v.join("\n").into_bytes()),
        ),
    ]
}

#[test]
fn importer_parsers_never_panic() {
    use backlog::domain::user_story;
    use backlog::transfer::{import_csv, import_json, import_stories, input};
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T10:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let epic: Key = "E-1".parse().unwrap();
    fuzz("importer parsers", 400, import_input(), |(ext, bytes)| {
        let Ok(text) = input::decode("f", bytes.clone()) else {
            return Ok(());
        };
        match ext {
            "json" => {
                if let Ok(parsed) = import_json::parse("f.json", &text, now) {
                    let _ = import_json::merge_plan(&parsed);
                }
            }
            "csv" => {
                for opts in [
                    import_csv::Options {
                        map: vec![],
                        epic: None,
                    },
                    import_csv::Options {
                        map: vec![("title".into(), "summary".into())],
                        epic: Some(epic),
                    },
                ] {
                    let _ = import_csv::plan("f.csv", &text, &opts, now);
                }
            }
            _ => {
                let _ = import_stories::plan(
                    "f.txt",
                    &text,
                    &import_stories::Options::for_file("f.txt", None),
                    now,
                );
                for line in text.lines().take(20) {
                    let _ = user_story::parse_sentence(line);
                    let _ = user_story::story_from_text(line, now);
                }
            }
        }
        Ok(())
    });
}

#[test]
fn a_failed_import_writes_nothing() {
    let dir = temp_dir();
    let db = dir.path().join("target.db");
    cli(&db, &["demo"]).unwrap();
    let n = std::sync::atomic::AtomicUsize::new(0);
    let failed = std::sync::atomic::AtomicUsize::new(0);
    fuzz(
        "imports of mutated files",
        60,
        import_input(),
        |(ext, bytes)| {
            let i = n.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let file = dir.path().join(format!("in{i}.{ext}"));
            std::fs::File::create(&file)
                .and_then(|mut f| f.write_all(&bytes))
                .unwrap();
            let path = file.to_str().unwrap();
            let mut args = vec!["import", path];
            if ext == "json" {
                args.push("--merge");
            }
            let before = fingerprint(&db);
            match cli(&db, &args) {
                Ok(out) => {
                    assert_terminal_safe("import report", &out)?;
                    prop_assert!(fingerprint(&db).0 == before.0 + 1, "one change per import");
                }
                Err(e) => {
                    failed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    assert_terminal_safe("import error", &e)?;
                    prop_assert_eq!(fingerprint(&db), before, "a failed import wrote: {}", e);
                }
            }
            let _ = std::fs::remove_file(&file);
            Ok(())
        },
    );
    eprintln!(
        "hostile input: imports of mutated files: {} refused with nothing written",
        failed.load(std::sync::atomic::Ordering::Relaxed)
    );
    let c = rusqlite::Connection::open(&db).unwrap();
    let check: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn bad_files_through_the_binary_change_no_byte() {
    // The real binary on a few mutated files: a refusal is one line, exit
    // 1, and the file is byte-for-byte as it was.
    let dir = temp_dir();
    let db = dir.path().join("target.db");
    cli(&db, &["demo"]).unwrap();
    let mut runner = runner("binary imports", 12 * scale());
    let mut refused = 0;
    for i in 0..12 * scale() {
        let (ext, bytes) = import_input().new_tree(&mut runner).unwrap().current();
        let file = dir.path().join(format!("bin{i}.{ext}"));
        std::fs::write(&file, &bytes).unwrap();
        let before = std::fs::read(&db).unwrap();
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_backlog"));
        cmd.arg("--db")
            .arg(&db)
            .arg("import")
            .arg(&file)
            .env_remove("BACKLOG_DB");
        if ext == "json" {
            cmd.arg("--merge");
        }
        let out = cmd.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        match out.status.code() {
            Some(0) => {}
            Some(1) => {
                refused += 1;
                assert_eq!(stderr.lines().count(), 1, "{stderr}");
                assert!(stderr.starts_with("error: "), "{stderr}");
                assert!(!stderr.chars().any(dangerous), "{stderr:?}");
                assert!(
                    std::fs::read(&db).unwrap() == before,
                    "a refused import changed the file"
                );
            }
            other => panic!("exit {other:?} (a panic?): {stderr}"),
        }
    }
    eprintln!(
        "hostile input: binary imports: {} files, {refused} refused",
        12 * scale()
    );
}
