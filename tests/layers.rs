//! The layering rules of docs/ARCHITECTURE.md, checked on the source: every
//! `crate::…` path in `src/` names a module its layer may use.
//!
//! Test code (a file named `tests.rs` or `*_tests.rs`, and the item that
//! follows a `#[cfg(test)]` line) is exempt: tests may build fixtures with
//! anything. Besides the `crate::` paths, the pure layers are checked for
//! the crates and calls that would make them impure (files, network,
//! processes, the clock, the terminal, SQL).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The top-level modules of `src/`, with the modules each may use (its own
/// always allowed).
const RULES: &[(&str, &[&str])] = &[
    // Pure: no I/O, no SQL, no terminal; nothing but itself.
    ("domain", &[]),
    // The only SQL; knows the domain, never the layers above it.
    ("store", &["domain"]),
    // Pure import and export between domain values and bytes.
    ("transfer", &["domain"]),
    // The use cases, shared by the CLI and the TUI.
    ("ops", &["domain", "store", "transfer"]),
    // The benchmark and test generator of large backlogs.
    ("generate", &["domain", "store"]),
    // The faces.
    ("cli", &["domain", "store", "transfer", "ops", "generate"]),
    ("tui", &["domain", "store", "transfer", "ops"]),
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to: `src/store/tx.rs` → `store`,
/// `src/generate.rs` → `generate`; `None` for the crate roots.
fn layer_of(file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src()).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main")).then(|| name.to_string())
}

fn is_test_file(file: &Path) -> bool {
    file.file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| s == "tests" || s.ends_with("_tests"))
}

/// The non-test lines of `text` with their line numbers, comments cut off:
/// the item after a `#[cfg(test)]` line (a `mod tests;` or a braced block)
/// is skipped, and scanning resumes after it.
fn code_lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        if line.trim() == "#[cfg(test)]" {
            skip_item(&mut lines);
            continue;
        }
        out.push((n + 1, line.split("//").next().unwrap_or("")));
    }
    out
}

/// Consumes the lines of one item: attributes, then either a line ending in
/// `;` before any brace, or a braced block up to its closing brace.
fn skip_item<'a>(lines: &mut impl Iterator<Item = (usize, &'a str)>) {
    let mut depth = 0usize;
    let mut opened = false;
    for (_, line) in lines.by_ref() {
        let code = line.split("//").next().unwrap_or("");
        for c in code.chars() {
            match c {
                '{' => {
                    depth += 1;
                    opened = true;
                }
                '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        let ends_without_block = !opened && code.trim_end().ends_with(';');
        if ends_without_block || (opened && depth == 0) {
            return;
        }
    }
}

/// The modules named by `crate::NAME` in the non-test code of `text`,
/// with the line of their first mention.
fn uses(text: &str) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    let mut seen = BTreeSet::new();
    for (n, code) in code_lines(text) {
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && seen.insert(name.clone()) {
                found.push((name, n));
            }
            rest = after;
        }
        // `use crate::{a, b::c}` groups.
        if let Some(group) = code.split("crate::{").nth(1) {
            for part in group.split([',', '}']) {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() && seen.insert(name.clone()) {
                    found.push((name, n));
                }
            }
        }
    }
    found
}

/// What would make a layer impure: I/O, processes, the environment, the
/// clock, the terminal, SQL.
const IMPURE: &[&str] = &[
    "std::fs",
    "std::net",
    "std::process",
    "std::env",
    "stdin()",
    "stdout()",
    "stderr()",
    "println!",
    "eprintln!",
    "::now()",
    "rusqlite",
    "postgres::",
    "crossterm",
    "ratatui",
];
/// Only the TUI talks to the terminal.
const TERMINAL: &[&str] = &["crossterm", "ratatui"];
/// Only the store speaks SQL.
const SQL: &[&str] = &["rusqlite", "postgres::"];

/// The crates and calls a layer may not name, beyond its `crate::` rules.
fn forbidden(layer: &str) -> Vec<&'static str> {
    match layer {
        "domain" | "transfer" => IMPURE.to_vec(),
        "store" => TERMINAL.to_vec(),
        "tui" => SQL.to_vec(),
        _ => [TERMINAL, SQL].concat(),
    }
}

/// Whether `code` names `token` as a path of its own (`postgres::` but not
/// `crate::store::postgres::`).
fn names(code: &str, token: &str) -> bool {
    code.match_indices(token).any(|(at, _)| {
        let before = &code[..at];
        let word = token.starts_with(|c: char| c.is_ascii_alphanumeric());
        let inside_a_path = token.ends_with("::") && before.ends_with("::");
        let inside_a_word =
            word && before.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_');
        !inside_a_path && !inside_a_word
    })
}

fn impurities() -> Vec<String> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    let mut problems = Vec::new();
    for file in files.iter().filter(|f| !is_test_file(f)) {
        let Some(layer) = layer_of(file) else {
            continue;
        };
        let text = std::fs::read_to_string(file).expect("source is UTF-8");
        let rel = file.strip_prefix(src()).unwrap_or(file);
        for (n, code) in code_lines(&text) {
            for token in forbidden(&layer) {
                if names(code, token) {
                    problems.push(format!(
                        "src/{}:{n}: `{layer}` may not use `{token}`",
                        rel.display()
                    ));
                }
            }
        }
    }
    problems
}

fn violations() -> Vec<String> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    let mut problems = Vec::new();
    for file in files {
        let Some(layer) = layer_of(&file) else {
            continue;
        };
        if is_test_file(&file) {
            continue;
        }
        let allowed: &[&str] = match RULES.iter().find(|(l, _)| *l == layer) {
            Some((_, allowed)) => allowed,
            None => {
                problems.push(format!(
                    "src/{layer}: a top-level module with no rule in tests/layers.rs \
                     (add it there and to docs/ARCHITECTURE.md)"
                ));
                continue;
            }
        };
        let text = std::fs::read_to_string(&file).expect("source is UTF-8");
        for (used, line) in uses(&text) {
            let known = RULES.iter().any(|(l, _)| *l == used);
            if used == layer || !known || allowed.contains(&used.as_str()) {
                continue;
            }
            let rel = file.strip_prefix(src()).unwrap_or(&file);
            problems.push(format!(
                "src/{}:{line}: `{layer}` may not use `{used}`",
                rel.display()
            ));
        }
    }
    problems
}

#[test]
fn every_layer_uses_only_what_it_may() {
    let problems = violations();
    assert!(
        problems.is_empty(),
        "layering rules broken (see docs/ARCHITECTURE.md):\n{}",
        problems.join("\n")
    );
}

#[test]
fn pure_layers_do_no_io_and_only_the_store_speaks_sql() {
    let problems = impurities();
    assert!(
        problems.is_empty(),
        "layers doing what they may not (see docs/ARCHITECTURE.md):\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_impurity_scan_tells_paths_apart() {
    assert!(names("use rusqlite::Connection;", "rusqlite"));
    assert!(names(
        "let c = postgres::Client::connect(u)?;",
        "postgres::"
    ));
    assert!(!names("crate::store::postgres::is_url(u)", "postgres::"));
    assert!(!names("my_rusqlite_helper()", "rusqlite"));
    assert!(names("let t = Utc::now();", "::now()"));
}

#[test]
fn nothing_but_main_tests_and_benches_reaches_the_tui() {
    // Covered by the rules (no layer lists `tui`); pinned here so that a
    // rule added later cannot let it in unnoticed.
    assert!(RULES.iter().all(|(_, allowed)| !allowed.contains(&"tui")));
    assert!(RULES.iter().all(|(_, allowed)| !allowed.contains(&"cli")));
}

#[test]
fn the_scan_finds_paths_and_groups_and_skips_tests() {
    let text = "use crate::domain::Item;\n\
                use crate::{store::Store, transfer};\n\
                fn f() { crate::ops::run(); } // crate::tui in a comment\n\
                #[cfg(test)]\n\
                mod tests {\n\
                    use crate::tui::App;\n\
                    fn g() { if true { crate::cli::x(); } }\n\
                }\n\
                #[cfg(test)]\n\
                mod more_tests;\n\
                fn h() { crate::generate::run(); }\n";
    let names: Vec<String> = uses(text).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["domain", "store", "transfer", "ops", "generate"]);
}

#[test]
fn the_architecture_document_names_every_layer() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ARCHITECTURE.md"))
            .expect("docs/ARCHITECTURE.md exists");
    for (layer, _) in RULES {
        assert!(
            doc.contains(&format!("`{layer}`")),
            "docs/ARCHITECTURE.md does not mention `{layer}`"
        );
    }
}

/// Small files named for what they hold: no source file over 600 lines
/// (long test modules go to files of their own, which may be longer).
#[test]
fn no_source_file_is_over_600_lines() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let long: Vec<String> = files
        .iter()
        .filter(|f| !is_test_file(f))
        .filter_map(|f| {
            let n = std::fs::read_to_string(f).ok()?.lines().count();
            (n > 600).then(|| format!("{}: {n} lines", f.display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "split these along their ideas:\n{}",
        long.join("\n")
    );
}
