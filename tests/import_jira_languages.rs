//! Jira exports in the languages Jira exports in, Jira Cloud's status
//! category and resolution, words in score columns, and a CSV of 100,000
//! columns: through the real binary, on the fixtures of
//! tests/fixtures/import (their sources in tests/fixtures/README.md).

mod common;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::Bk;
use serde_json::Value;

fn fixture(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name);
    assert!(p.is_file(), "missing fixture {}", p.display());
    p.to_string_lossy().into_owned()
}

/// The stories of the backlog, in key order.
fn stories(bk: &Bk) -> Vec<Value> {
    let v = bk.json(["list", "--json", "--kind", "story", "--sort", "key"]);
    v.as_array().unwrap().clone()
}

#[test]
fn every_language_imports_without_map() {
    // (file, epic title, story title, owner, points)
    let cases = [
        (
            "jira_de.csv",
            "Rechnungen",
            "Rechnung als PDF herunterladen",
            "Eva Braun",
            3.0,
        ),
        (
            "jira_fr.csv",
            "Notifications",
            "Recevoir un SMS à l'expédition",
            "Marc Petit",
            2.0,
        ),
        (
            "jira_pt.csv",
            "Cadastro",
            "Cadastrar com e-mail",
            "Rita Lopes",
            3.0,
        ),
        ("jira_pl.csv", "Koszyk", "Dodać produkt do koszyka", "", 5.0),
        (
            "jira_it.csv",
            "Ricerca",
            "Cercare per nome",
            "Gino Neri",
            2.0,
        ),
        (
            "jira_ja.csv",
            "ログイン",
            "パスワードを再設定する",
            "山田花子",
            3.0,
        ),
    ];
    for (file, epic, story, owner, points) in cases {
        let bk = Bk::new();
        let out = bk.ok(["import", &fixture(file)]);
        assert!(!out.contains("columns ignored"), "{file}: {out}");
        assert!(!out.contains("unknown"), "{file}: {out}");
        assert!(
            out.contains("1 sub-task placed under the epic"),
            "{file}: {out}"
        );
        let e = bk.show("E-1");
        assert_eq!(e["title"], epic, "{file}");
        assert_eq!(e["status"], "in-progress", "{file}");
        let s = stories(&bk);
        assert_eq!(s.len(), 2, "{file}: {s:?}");
        assert_eq!(s[0]["title"], story, "{file}");
        assert_eq!(s[0]["parent"], "E-1", "{file}: the story is under its epic");
        assert_eq!(s[0]["status"], "draft", "{file}");
        assert_eq!(s[0]["points"], points, "{file}");
        if owner.is_empty() {
            assert_eq!(s[0]["owner"], Value::Null, "{file}");
        } else {
            assert_eq!(s[0]["owner"], owner, "{file}");
        }
        assert_eq!(s[1]["parent"], "E-1", "{file}: the sub-task under the epic");
        assert_eq!(s[1]["status"], "done", "{file}");
    }
}

#[test]
fn spanish_cloud_export_reads_category_resolution_and_words() {
    let bk = Bk::new();
    let out = bk.ok(["import", &fixture("jira_es.csv")]);
    // Semicolons, a BOM and CRLF: every column is known.
    assert!(!out.contains("columns ignored"), "{out}");
    assert!(
        out.contains("Campo personalizado (Puntos de historia) → points"),
        "{out}"
    );
    // An unknown status is read from the status category, then from the
    // resolution, and the report says so.
    assert!(
        out.contains("Test in UAT → done, unknown status (1)"),
        "{out}"
    );
    assert!(
        out.contains("Verified - UAT → dropped, unknown status (1)"),
        "{out}"
    );
    // Words in a score column are skipped with a note naming the column
    // and line; Jira Service Management's impact words are read.
    assert!(
        out.contains(
            "not imported: words in the score column `Campo personalizado (Impact)`, not numbers (e.g. `Unknown words here`): left empty (line 5;"
        ),
        "{out}"
    );
    let s = stories(&bk);
    let by_title = |t: &str| s.iter().find(|v| v["title"] == t).unwrap().clone();
    let card = by_title("Como cliente, quiero pagar con tarjeta, para no llevar efectivo");
    assert_eq!(
        card["rice_inputs"]["impact"], 2.0,
        "Significant / Large → high"
    );
    assert_eq!(card["labels"], serde_json::json!(["pagos", "web"]));
    assert_eq!(card["owner"], "Ana Ruiz");
    assert_eq!(card["parent"], "E-1");
    assert_eq!(by_title("Probar en UAT")["status"], "done");
    assert_eq!(
        by_title("Probar en UAT")["rice_inputs"]["impact"],
        Value::Null
    );
    assert_eq!(by_title("El recibo sale en blanco")["status"], "dropped");
    assert_eq!(by_title("Validar el número de tarjeta")["parent"], "E-1");
}

#[test]
fn an_explicit_map_insists_on_numbers() {
    let bk = Bk::new();
    let before = bk.bytes();
    let err = bk.err([
        "import",
        &fixture("jira_es.csv"),
        "--map",
        "Campo personalizado (Impact)=impact",
    ]);
    assert!(err.contains("jira_es.csv:5: "), "{err}");
    assert!(err.contains("Unknown words here"), "{err}");
    assert_eq!(bk.bytes(), before, "nothing written");
}

#[test]
fn parents_by_name_are_found_in_the_file_or_named_precisely() {
    let bk = Bk::new();
    let csv = bk.path("names.csv");
    std::fs::write(
        &csv,
        "Issue Type,Summary,Parent summary\n\
         Epic,Checkout,\n\
         Story,Pay by card,Checkout\n\
         Sub-task,Card form,Pay by card\n\
         Story,Gift cards,Loyalty\n",
    )
    .unwrap();
    let out = bk.ok(["import", csv.to_str().unwrap()]);
    assert!(
        out.contains(
            "1 row links to a parent that is neither in the file nor a key of this backlog (e.g. `Loyalty`): placed under Imported (line 5)"
        ),
        "{out}"
    );
    let s = stories(&bk);
    assert_eq!(s[0]["parent"], "E-1");
    assert_eq!(s[1]["parent"], "E-1", "the sub-task follows its story");
    assert_ne!(s[2]["parent"], "E-1");
}

#[test]
fn a_hundred_thousand_columns_import_in_linear_time_with_short_lines() {
    let bk = Bk::new();
    let n = 100_000;
    let mut text = String::from("Summary,Status");
    for i in 0..n {
        text.push_str(if i % 2 == 0 { ",Labels" } else { ",Sprint" });
        if i % 2 == 1 {
            text.push_str(&i.to_string());
        }
    }
    text.push('\n');
    for row in 0..3 {
        text.push_str(&format!("Story {row},Status {row}"));
        for i in 0..n {
            text.push_str(&format!(",l{i}"));
        }
        text.push('\n');
    }
    let csv = bk.path("wide.csv");
    std::fs::write(&csv, text).unwrap();
    let started = Instant::now();
    let out = bk.ok(["import", csv.to_str().unwrap()]);
    let took = started.elapsed();
    // Quadratic in the columns took 33 s (release); linear is well under a
    // second, and a debug build on a busy machine stays far below this.
    assert!(took < Duration::from_secs(20), "took {took:?}");
    for line in out.lines() {
        assert!(line.chars().count() <= 300, "a long line: {line:.400}");
    }
    assert!(out.contains("… and 49,980 more"), "{out}");
    assert!(out.contains("3 stories"), "{out}");
    let s = stories(&bk);
    assert_eq!(s[0]["labels"].as_array().unwrap().len(), n / 2);
}
