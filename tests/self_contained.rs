//! A clone of the repository alone must build and pass its tests: nothing
//! under `src/`, `tests/`, `benches/` or `scripts/` may name a path outside
//! the repository (such as a data folder beside the checkout on the build
//! machines). Real data the tests use lives in `tests/fixtures/`.

use std::path::{Component, Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every text file under the guarded folders, fixtures excepted (they are
/// other people's data, not references), and this file, whose examples
/// of what is refused are checked by `the_guard_catches_what_it_should`.
fn guarded_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo: Vec<PathBuf> = ["src", "tests", "benches", "scripts"]
        .iter()
        .map(|d| root().join(d))
        .collect();
    while let Some(dir) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n == "fixtures") {
                    continue;
                }
                todo.push(path);
            } else if path.ends_with("tests/self_contained.rs") {
                continue;
            } else if std::fs::read_to_string(&path).is_ok() {
                out.push(path);
            }
        }
    }
    out.sort();
    assert!(out.len() > 50, "found only {} files to check", out.len());
    out
}

/// `path` with `.` and `..` folded away lexically; `None` if it climbs
/// above the file system root.
fn normalise(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Some(out)
}

/// The relative paths that start with `../` in a line: runs of path
/// characters around each `../`.
fn relative_paths(line: &str) -> Vec<&str> {
    let is_path = |c: char| c.is_alphanumeric() || "._-/".contains(c);
    let mut found = Vec::new();
    let mut rest = line;
    let mut offset = 0;
    while let Some(at) = rest.find("../") {
        let start = offset + at;
        let begin = line[..start]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_path(c))
            .last()
            .map_or(start, |(i, _)| i);
        let end = line[start..]
            .char_indices()
            .find(|&(_, c)| !is_path(c))
            .map_or(line.len(), |(i, _)| start + i);
        found.push(&line[begin..end]);
        offset = end;
        rest = &line[end..];
    }
    found
}

/// The names that once pointed outside the repository, put together here
/// so that this file does not name them itself.
fn forbidden_names() -> [String; 3] {
    [
        format!("../{}", "shared"),
        format!("{}/realdata", "shared"),
        format!("join(\"{}\")", ".."),
    ]
}

fn problems_in(file: &Path, text: &str) -> Vec<String> {
    let repo = root();
    let file_dir = file.parent().unwrap_or(&repo);
    let mut problems = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let at = || {
            format!(
                "{}:{}",
                file.strip_prefix(&repo).unwrap_or(file).display(),
                n + 1
            )
        };
        for name in forbidden_names() {
            if line.contains(&name) {
                problems.push(format!("{}: names {name:?}", at()));
            }
        }
        // `include_str!` and `#[path]` resolve against the file's folder;
        // anything else (a join onto CARGO_MANIFEST_DIR, a script's cd)
        // against the repository root.
        let by_file = ["include_str!", "include_bytes!", "#[path"]
            .iter()
            .any(|m| line.contains(m));
        let base = if by_file { file_dir } else { repo.as_path() };
        for rel in relative_paths(line) {
            let inside = normalise(&base.join(rel)).is_some_and(|p| p.starts_with(&repo));
            if !inside {
                problems.push(format!("{}: {rel:?} leads outside the repository", at()));
            }
        }
    }
    problems
}

#[test]
fn nothing_names_a_path_outside_the_repository() {
    let mut problems = Vec::new();
    for file in guarded_files() {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        problems.extend(problems_in(&file, &text));
    }
    assert!(
        problems.is_empty(),
        "paths outside the repository (copy the data into tests/fixtures/):\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_guard_catches_what_it_should() {
    let file = root().join("tests").join("example.rs");
    let bad = format!(
        "let p = Path::new(env!(\"CARGO_MANIFEST_DIR\")).join(\"{}/realdata\");\n\
         let q = include_str!(\"../../elsewhere/data.txt\");\n\
         let r = root.join(\"..\");\n",
        format_args!("../{}", "shared")
    );
    let found = problems_in(&file, &bad);
    assert_eq!(found.len(), 5, "{found:#?}");
    let fine = "let d = include_str!(\"../assets/demo.json\");\n\
                #[path = \"../benches/scenarios/mod.rs\"]\n";
    assert_eq!(problems_in(&file, fine), Vec::<String>::new());
}

#[test]
fn the_real_data_is_in_the_repository() {
    let data = root().join("tests/fixtures/realdata");
    for file in [
        "README.md",
        "user_stories/dalpiaz2018/g03-loudoun.txt",
        "user_stories/rockefeller/CC0-LICENSE.md",
        "jira/GPT2SP-LICENSE-MIT.txt",
        "jira/deepse_jirasoftware_storypoints.csv",
    ] {
        assert!(data.join(file).is_file(), "{file} is missing");
    }
}
