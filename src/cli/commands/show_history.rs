//! `show --history`: an item's changes, field by field, as text and JSON.
//! In text, a list (decisions, criteria, metrics and their check-ins,
//! dependencies, evidence) shows the entries added and removed, not the
//! whole list before and after.

use std::cell::RefCell;
use std::io::Write;

use anyhow::Result;
use serde::ser::{Error as _, Serialize, SerializeMap, Serializer};
use serde_json::Value;

use crate::cli::render::{safe, truncate};
use crate::domain::Item;
use crate::domain::number::fmt_plain;
use crate::store::HistoryEntry;

/// Field-level differences between two item states: (field, old, new).
/// Objects (score inputs) are compared one level down (`rice_inputs.reach`).
fn diff(before: Option<&Item>, after: Option<&Item>) -> Vec<(String, Value, Value)> {
    diff_states(state(before), state(after))
}

/// An item state as the JSON object [`diff`] compares (`{}`: none).
fn state(item: Option<&Item>) -> Value {
    match item.map(serde_json::to_value) {
        Some(Ok(v)) => v,
        _ => Value::Object(serde_json::Map::new()),
    }
}

/// [`diff`] of two states made JSON: their values are moved into the
/// differences, not copied (a description can be hundreds of megabytes).
fn diff_states(before: Value, after: Value) -> Vec<(String, Value, Value)> {
    let mut out = Vec::new();
    diff_values("", before, after, &mut out);
    out.retain(|(f, ..)| !matches!(f.as_str(), "version" | "updated" | "created" | "key"));
    out
}

fn diff_values(prefix: &str, b: Value, a: Value, out: &mut Vec<(String, Value, Value)>) {
    let (mut bm, mut am) = match (b, a) {
        (Value::Object(bm), Value::Object(am)) => (bm, am),
        (Value::Object(bm), Value::Null) if !prefix.is_empty() => (bm, serde_json::Map::new()),
        (Value::Null, Value::Object(am)) if !prefix.is_empty() => (serde_json::Map::new(), am),
        (b, a) => {
            if b != a {
                out.push((prefix.to_string(), b, a));
            }
            return;
        }
    };
    let mut fields: Vec<String> = bm.keys().chain(am.keys()).cloned().collect();
    fields.sort();
    fields.dedup();
    for f in fields {
        let (old, new) = (
            bm.remove(&f).unwrap_or(Value::Null),
            am.remove(&f).unwrap_or(Value::Null),
        );
        if old == new {
            continue;
        }
        let name = if prefix.is_empty() {
            f
        } else {
            format!("{prefix}.{f}")
        };
        if prefix.is_empty() && (old.is_object() || new.is_object()) {
            diff_values(&name, old, new, out);
        } else {
            out.push((name, old, new));
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

pub(super) fn write_entry(e: &HistoryEntry, out: &mut dyn Write) -> Result<()> {
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
                for line in change_lines(&field, &old, &new) {
                    writeln!(out, "      {line}")?;
                }
            }
        }
    }
    Ok(())
}

/// One entry as `show --history --json` writes it. The entry is used up:
/// each state is dropped once made JSON, and its values move into the
/// changes.
pub(super) fn history_json(e: HistoryEntry) -> Value {
    let created = e.before.is_none();
    let before = state(e.before.as_ref());
    drop(e.before);
    let after = state(e.after.as_ref());
    if e.after
        .as_ref()
        .is_some_and(|i| i.description.len() >= BIG_TEXT)
    {
        crate::cli::give_back(e.after);
    } else {
        drop(e.after);
    }
    let changes: Vec<Value> = diff_states(before, after)
        .into_iter()
        .map(|(f, old, new)| serde_json::json!({"field": f, "old": old, "new": new}))
        .collect();
    serde_json::json!({
        "at": e.change.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "author": e.change.author,
        "summary": e.change.summary,
        "note": e.change.note,
        "undone": e.change.undone,
        "created": created,
        "changes": changes,
    })
}

/// `show --json`'s object: the item's fields and, with `--history`, its
/// history among them, where serde_json's sorted object puts the key.
/// Each field is dropped once written, and the history is read only when
/// its key is reached, after the fields before it (the description among
/// them), and written an entry at a time: an item with a big text never
/// has its text and its history's copies in memory together.
pub(super) struct Shown<F> {
    fields: RefCell<serde_json::Map<String, Value>>,
    history: RefCell<Option<F>>,
}

impl<F: FnOnce() -> anyhow::Result<Vec<HistoryEntry>>> Shown<F> {
    /// The fields, and the history `read` returns (`None`: no history).
    pub(super) fn new(fields: serde_json::Map<String, Value>, read: Option<F>) -> Self {
        Shown {
            fields: RefCell::new(fields),
            history: RefCell::new(read),
        }
    }
}

/// A text from which its memory is handed back once written (see
/// [`crate::cli::give_back`]).
const BIG_TEXT: usize = 1 << 20;

/// The key the history is written under.
const HISTORY: &str = "history";

impl<F: FnOnce() -> anyhow::Result<Vec<HistoryEntry>>> Serialize for Shown<F> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let fields = std::mem::take(&mut *self.fields.borrow_mut());
        let mut read = self.history.borrow_mut().take();
        let mut map = s.serialize_map(Some(fields.len() + usize::from(read.is_some())))?;
        let history = |map: &mut S::SerializeMap, read: F| {
            let entries = read().map_err(|e| S::Error::custom(format!("{e:#}")))?;
            map.serialize_entry(HISTORY, &Entries(RefCell::new(entries)))
        };
        for (key, value) in fields {
            if key.as_str() > HISTORY
                && let Some(read) = read.take()
            {
                history(&mut map, read)?;
            }
            map.serialize_entry(&key, &value)?;
            if matches!(&value, Value::String(s) if s.len() >= BIG_TEXT) {
                // Its memory goes back before the history is read (a
                // command keeps what it frees, and mimalloc did not reuse
                // it for the history's copy: three times the text).
                crate::cli::give_back(value);
            }
        }
        if let Some(read) = read {
            history(&mut map, read)?;
        }
        map.end()
    }
}

/// History entries, each made JSON as it is written and dropped after.
struct Entries(RefCell<Vec<HistoryEntry>>);

impl Serialize for Entries {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let entries = std::mem::take(&mut *self.0.borrow_mut());
        s.collect_seq(entries.into_iter().map(history_json))
    }
}

/// One field's change as lines of text: `field: old → new`, or for two
/// lists the entries removed (`field: − entry`) and added (`field: +
/// entry`); a list entry that changed inside (a metric given a check-in,
/// a criterion ticked) is described one level down, under its name.
fn change_lines(field: &str, old: &Value, new: &Value) -> Vec<String> {
    let empty = Vec::new();
    let (olds, news) = match (old, new) {
        (Value::Array(o), Value::Array(n)) => (o, n),
        (Value::Array(o), Value::Null) => (o, &empty),
        (Value::Null, Value::Array(n)) => (&empty, n),
        _ => return vec![format!("{field}: {} → {}", short(old), short(new))],
    };
    let removed: Vec<&Value> = olds.iter().filter(|v| !news.contains(v)).collect();
    let added: Vec<&Value> = news.iter().filter(|v| !olds.contains(v)).collect();
    let mut lines = Vec::new();
    // Entries with the same label on both sides changed in place.
    let mut paired: Vec<(&Value, &Value)> = Vec::new();
    let mut gone: Vec<&Value> = Vec::new();
    let mut came: Vec<&Value> = added.clone();
    for o in removed {
        let name = label(o);
        match came.iter().position(|n| name.is_some() && label(n) == name) {
            Some(at) => paired.push((o, came.remove(at))),
            None => gone.push(o),
        }
    }
    for o in gone {
        lines.push(format!("{field}: − {}", entry(o)));
    }
    for n in came {
        lines.push(format!("{field}: + {}", entry(n)));
    }
    for (o, n) in paired {
        let name = format!(
            "{field} {}",
            label(o).map(|l| short(&l)).unwrap_or_default()
        );
        let (Value::Object(om), Value::Object(nm)) = (o, n) else {
            continue;
        };
        let mut keys: Vec<&String> = om.keys().chain(nm.keys()).collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            let (a, b) = (
                om.get(k).unwrap_or(&Value::Null),
                nm.get(k).unwrap_or(&Value::Null),
            );
            if a != b {
                lines.extend(change_lines(&format!("{name}.{k}"), a, b));
            }
        }
    }
    if lines.is_empty() && olds != news {
        // The same entries in another order (duplicates aside).
        lines.push(format!("{field}: reordered"));
    }
    lines
}

/// What names a list entry across changes: a metric's or criterion's
/// name or text (a decision or check-in is added whole, never renamed).
fn label(v: &Value) -> Option<Value> {
    let m = v.as_object()?;
    ["name", "text"].iter().find_map(|k| m.get(*k).cloned())
}

/// A list entry on one line: a key or text as is (no quotes); an object by its
/// date, its main text and the rest (`2026-10-28 Pull E-11 into Next ·
/// because …`), a criterion with a tick when done.
fn entry(v: &Value) -> String {
    let m = match v {
        Value::Object(m) => m,
        Value::String(s) => return truncate(&safe(s), 90),
        _ => return short(v),
    };
    let text = |k: &str| m.get(k).and_then(Value::as_str).filter(|s| !s.is_empty());
    let mut parts: Vec<String> = Vec::new();
    if let Some(d) = text("date") {
        parts.push(d.to_string());
    }
    for k in ["name", "text", "decision", "value"] {
        if let Some(t) = text(k) {
            parts.push(format!("“{t}”"));
        }
    }
    if m.get("done").and_then(Value::as_bool) == Some(true) {
        parts.push("(done)".into());
    }
    for k in ["note", "rationale", "baseline", "target"] {
        if let Some(t) = text(k) {
            parts.push(format!("{k}: {t}"));
        }
    }
    if parts.is_empty() {
        return short(v);
    }
    truncate(&safe(&parts.join(" ")), 90)
}
