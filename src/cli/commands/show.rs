//! `show KEY [--json] [--history]`.

use std::io::Write;

use anyhow::Result;
use serde_json::Value;

use crate::cli::context::Context;
use crate::cli::json::item::ItemJson;
use crate::cli::render::{safe, safe_multiline, truncate};
use crate::domain::number::fmt_plain;
use crate::domain::parse::key;
use crate::domain::ready::missing_for_ready;
use crate::domain::{Backlog, Item, Kind, Model};
use crate::store::HistoryEntry;

pub fn run(ctx: &Context, k: &str, json: bool, history: bool, out: &mut dyn Write) -> Result<()> {
    let store = ctx.read()?;
    let backlog = store.load()?;
    // A key of this backlog, else the key an item had in the tool it was
    // imported from (`backlog show ABC-123`).
    let k = match key(k) {
        Ok(k) => k,
        Err(e) => match backlog.by_external_key(k) {
            Some(item) => item.key,
            None => return Err(e.into()),
        },
    };
    let item = backlog
        .get(k)
        .ok_or(crate::store::StoreError::NoSuchItem(k))?;
    let entries = if history {
        store.history(k)?
    } else {
        Vec::new()
    };
    if json {
        let mut v = serde_json::to_value(ItemJson::new(item, &backlog))?;
        if history {
            v["history"] = Value::Array(entries.iter().map(history_json).collect());
        }
        crate::transfer::json_text::to_writer_pretty(&mut *out, &v)?;
        writeln!(out)?;
        return Ok(());
    }
    write_item(item, &backlog, out)?;
    if history {
        writeln!(out, "\nHistory")?;
        if entries.is_empty() {
            writeln!(out, "  (none recorded)")?;
        }
        for e in &entries {
            write_entry(e, out)?;
        }
    }
    Ok(())
}

fn write_item(item: &Item, backlog: &Backlog, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "{}  {}", item.key, safe(&item.title))?;
    let mut line = format!("{} · {}", item.kind(), item.status);
    if item.archived {
        line.push_str(" · archived");
    }
    if let Some(p) = item.parent.and_then(|p| backlog.get(p)) {
        line.push_str(&format!(
            " · in {} {}",
            p.key,
            truncate(&safe(&p.title), 50)
        ));
    }
    writeln!(out, "{line}")?;
    let mut facts = Vec::new();
    match (item.lane, backlog.effective_lane(item)) {
        (Some(l), _) => facts.push(format!("lane: {l}")),
        (None, Some(l)) => facts.push(format!("lane: {l} (inherited)")),
        _ => {}
    }
    if let Some(p) = item.pinned {
        facts.push(format!("pinned at {p} in its lane"));
    }
    if let Some(o) = &item.owner {
        facts.push(format!("owner: {}", safe(o)));
    }
    if !item.labels.is_empty() {
        facts.push(format!("labels: {}", safe(&item.labels.join(", "))));
    }
    match (&item.external_key, &item.source) {
        (Some(x), Some(tool)) => facts.push(format!("imported as: {} ({})", safe(x), safe(tool))),
        (Some(x), None) => facts.push(format!("imported as: {}", safe(x))),
        (None, Some(tool)) => facts.push(format!("imported from: {}", safe(tool))),
        (None, None) => {}
    }
    if item.kind() == Kind::Story {
        facts.push(format!(
            "points: {}",
            item.points.map_or("–".into(), fmt_plain)
        ));
    }
    if !facts.is_empty() {
        writeln!(out, "{}", facts.join("   "))?;
    }
    if let Some(s) = item.user_story_sentence() {
        writeln!(out, "\n{}", safe(&s))?;
    }
    if let Some(o) = &item.outcome {
        writeln!(out, "\nOutcome: {}", safe(o))?;
    }
    if let Some(h) = &item.hypothesis {
        writeln!(out, "Hypothesis: {}", safe(h))?;
    }
    if !item.metrics.is_empty() {
        writeln!(out, "\nSuccess metrics")?;
        for (n, m) in item.metrics.iter().enumerate() {
            writeln!(
                out,
                "  {}. {}: {} → {}{}",
                n + 1,
                safe(&m.name),
                if m.baseline.is_empty() {
                    "?".to_string()
                } else {
                    safe(&m.baseline)
                },
                if m.target.is_empty() {
                    "?".to_string()
                } else {
                    safe(&m.target)
                },
                super::checkin::show_suffix(m)
            )?;
        }
    }
    if !item.description.trim().is_empty() {
        writeln!(out, "\nDescription")?;
        for l in safe_multiline(&item.description).lines() {
            writeln!(out, "  {l}")?;
        }
    }
    if item.kind() == Kind::Story {
        writeln!(
            out,
            "\nAcceptance criteria ({}/{} met)",
            item.criteria_done(),
            item.criteria.len()
        )?;
        if item.criteria.is_empty() {
            writeln!(
                out,
                "  (none yet: add one with `backlog ac add {} TEXT`)",
                item.key
            )?;
        }
        for (n, c) in item.criteria.iter().enumerate() {
            let mark = if c.done { "[x]" } else { "[ ]" };
            writeln!(out, "  {}. {mark} {}", n + 1, safe(&c.text))?;
        }
        let missing = missing_for_ready(item, |k| backlog.status_of(k));
        if missing.is_empty() {
            writeln!(out, "\nDefinition of Ready: met")?;
        } else {
            writeln!(out, "\nDefinition of Ready: missing {}", missing.join("; "))?;
        }
    }
    if item.kind() != Kind::Initiative {
        writeln!(out, "\nRICE  {}", item.explain(Model::Rice))?;
        writeln!(out, "WSJF  {}", item.explain(Model::Wsjf))?;
    }
    if !item.depends_on.is_empty() {
        writeln!(out, "\nDepends on")?;
        for d in &item.depends_on {
            match backlog.get(*d) {
                Some(i) => writeln!(
                    out,
                    "  {} ({})  {}",
                    d,
                    i.status,
                    truncate(&safe(&i.title), 60)
                )?,
                None => writeln!(out, "  {d} (gone)")?,
            }
        }
    }
    let dependents = backlog.dependents(item.key);
    if !dependents.is_empty() {
        let shown: Vec<String> = dependents.iter().map(ToString::to_string).collect();
        writeln!(out, "Blocks: {}", shown.join(", "))?;
    }
    let children: Vec<&Item> = backlog.children(item.key).filter(|c| !c.archived).collect();
    if !children.is_empty() {
        let label = if item.kind() == Kind::Initiative {
            "Epics"
        } else {
            "Stories"
        };
        writeln!(out, "\n{label} ({})", children.len())?;
        for c in children {
            writeln!(
                out,
                "  {:<6} {:<11} {}",
                c.key.to_string(),
                c.status.to_string(),
                truncate(&safe(&c.title), 60)
            )?;
        }
    }
    if let Some(head) = backlog.evidence_heading(item.key) {
        writeln!(out, "\n{head}")?;
        for e in backlog.evidence_entries(item.key) {
            writeln!(out, "  {:<6} “{}”", e.key.to_string(), safe(e.quote))?;
            writeln!(out, "         {} · {}", safe(e.customer), e.date)?;
        }
    }
    if !item.decisions.is_empty() {
        writeln!(out, "\nDecisions")?;
        for d in &item.decisions {
            writeln!(out, "  {}  {}", d.date, safe(&d.decision))?;
            if !d.rationale.is_empty() {
                writeln!(out, "              because {}", safe(&d.rationale))?;
            }
        }
    }
    writeln!(
        out,
        "\ncreated {} · updated {} · version {}",
        item.created.format("%Y-%m-%d %H:%M"),
        item.updated.format("%Y-%m-%d %H:%M"),
        item.version
    )?;
    Ok(())
}

/// Field-level differences between two item states: (field, old, new).
/// Objects (score inputs) are compared one level down (`rice_inputs.reach`).
fn diff(before: Option<&Item>, after: Option<&Item>) -> Vec<(String, Value, Value)> {
    let to_value = |i: Option<&Item>| match i.map(serde_json::to_value) {
        Some(Ok(v)) => v,
        _ => Value::Object(serde_json::Map::new()),
    };
    let mut out = Vec::new();
    diff_values("", &to_value(before), &to_value(after), &mut out);
    out.retain(|(f, ..)| !matches!(f.as_str(), "version" | "updated" | "created" | "key"));
    out
}

fn diff_values(prefix: &str, b: &Value, a: &Value, out: &mut Vec<(String, Value, Value)>) {
    let empty = serde_json::Map::new();
    let (bm, am) = match (b, a) {
        (Value::Object(bm), Value::Object(am)) => (bm, am),
        (Value::Object(bm), Value::Null) if !prefix.is_empty() => (bm, &empty),
        (Value::Null, Value::Object(am)) if !prefix.is_empty() => (&empty, am),
        _ => {
            if b != a {
                out.push((prefix.to_string(), b.clone(), a.clone()));
            }
            return;
        }
    };
    let mut fields: Vec<&String> = bm.keys().chain(am.keys()).collect();
    fields.sort();
    fields.dedup();
    for f in fields {
        let name = if prefix.is_empty() {
            f.clone()
        } else {
            format!("{prefix}.{f}")
        };
        let (old, new) = (
            bm.get(f).unwrap_or(&Value::Null),
            am.get(f).unwrap_or(&Value::Null),
        );
        if old == new {
            continue;
        }
        if prefix.is_empty() && (old.is_object() || new.is_object()) {
            diff_values(&name, old, new, out);
        } else {
            out.push((name, old.clone(), new.clone()));
        }
    }
}

fn short(v: &Value) -> String {
    let s = match v {
        Value::Null => "–".to_string(),
        Value::String(s) => format!("“{s}”"),
        Value::Number(n) => n.as_f64().map_or(n.to_string(), fmt_plain),
        other => other.to_string(),
    };
    truncate(&safe(&s), 60)
}

fn write_entry(e: &HistoryEntry, out: &mut dyn Write) -> Result<()> {
    let undone = if e.change.undone { " (undone)" } else { "" };
    let by = e
        .change
        .author
        .as_ref()
        .map(|a| format!("  by {}", safe(a)))
        .unwrap_or_default();
    writeln!(
        out,
        "  {}  {}{undone}{by}",
        e.change.at.format("%Y-%m-%d %H:%M:%S"),
        safe(&e.change.summary)
    )?;
    if let Some(n) = &e.change.note {
        writeln!(out, "      note: {}", safe(n))?;
    }
    match (&e.before, &e.after) {
        (None, Some(_)) => writeln!(out, "      created")?,
        (Some(_), None) => writeln!(out, "      deleted")?,
        _ => {
            for (field, old, new) in diff(e.before.as_ref(), e.after.as_ref()) {
                writeln!(out, "      {field}: {} → {}", short(&old), short(&new))?;
            }
        }
    }
    Ok(())
}

fn history_json(e: &HistoryEntry) -> Value {
    let changes: Vec<Value> = diff(e.before.as_ref(), e.after.as_ref())
        .into_iter()
        .map(|(f, old, new)| serde_json::json!({"field": f, "old": old, "new": new}))
        .collect();
    serde_json::json!({
        "at": e.change.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "author": e.change.author,
        "summary": e.change.summary,
        "note": e.change.note,
        "undone": e.change.undone,
        "created": e.before.is_none(),
        "changes": changes,
    })
}
