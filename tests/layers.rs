//! The layering rules of docs/ARCHITECTURE.md, checked on the source: every
//! `crate::…` path in `src/` names a module its layer may use.
//!
//! Test code (a file named `tests.rs` or `*_tests.rs`, and everything after
//! a `#[cfg(test)]` line) is exempt: tests may build fixtures with anything.

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

/// The modules named by `crate::NAME` in the non-test code of `text`,
/// with the line of their first mention.
fn uses(text: &str) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    let mut seen = BTreeSet::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim() == "#[cfg(test)]" {
            break;
        }
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && seen.insert(name.clone()) {
                found.push((name, n + 1));
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
                    found.push((name, n + 1));
                }
            }
        }
    }
    found
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
                mod tests { use crate::tui::App; }\n";
    let names: Vec<String> = uses(text).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["domain", "store", "transfer", "ops"]);
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
