//! `show KEY [--json] [--history]`.

use std::io::Write;

use anyhow::Result;
use serde_json::Value;

use super::show_history::{Shown, write_entry};
use crate::cli::context::Context;
use crate::cli::json::item::ItemJson;
use crate::cli::render::{safe, truncate, write_safe_lines};
use crate::domain::number::fmt_plain;
use crate::domain::parse::key;
use crate::domain::ready::missing_for_ready;
use crate::domain::{Backlog, Item, Kind, Model};

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
    // The history is read once the item is written and the backlog's
    // memory handed back (a command keeps what it frees, and mimalloc did
    // not reuse it for the history's copies): an item with a big text is
    // then held once, not with its history's copies beside it.
    if json {
        let Value::Object(fields) = serde_json::to_value(ItemJson::new(item, &backlog))? else {
            unreachable!("an item is a JSON object");
        };
        crate::cli::give_back(backlog);
        let read = history.then_some(|| Ok(store.history(k)?));
        crate::transfer::json_text::to_writer_pretty(&mut *out, &Shown::new(fields, read))?;
        writeln!(out)?;
        return Ok(());
    }
    write_item(item, &backlog, out)?;
    crate::cli::give_back(backlog);
    if history {
        let entries = store.history(k)?;
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
        write_safe_lines(out, &item.description, "  ")?;
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
