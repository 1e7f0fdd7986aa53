//! `edit KEY [...]`: change fields of an item in one transaction.

use std::io::Write;

use anyhow::{Result, bail};

use crate::cli::args::EditArgs;
use crate::cli::context::Context;
use crate::domain::parse::{self, key, lane, points};
use crate::domain::ready::set_status;
use crate::domain::text::optional_text;
use crate::domain::{DomainError, Kind, Status};
use crate::store::StoreError;

pub fn run(ctx: &Context, a: EditArgs, out: &mut dyn Write) -> Result<()> {
    let k = key(&a.key)?;
    // Parse everything before touching the file.
    let status: Option<Status> = a.status.as_deref().map(parse::status).transpose()?;
    let new_lane = a.lane.as_deref().map(lane).transpose()?;
    let parent = a.parent.as_deref().map(key).transpose()?;
    let pts = a.points.as_deref().map(points).transpose()?;
    let rank = a.rank.as_deref().map(parse::rank).transpose()?;
    let nothing = a.title.is_none()
        && status.is_none()
        && new_lane.is_none()
        && parent.is_none()
        && pts.is_none()
        && a.persona.is_none()
        && a.goal.is_none()
        && a.benefit.is_none()
        && a.description.is_none()
        && a.owner.is_none()
        && a.outcome.is_none()
        && a.hypothesis.is_none()
        && a.add_labels.is_empty()
        && a.remove_labels.is_empty()
        && rank.is_none();
    if nothing {
        bail!(
            "nothing to change: give at least one of --title, --status, --lane, --parent, --points, --as, --want, --so-that, --description, --owner, --outcome, --hypothesis, --label, --unlabel, --rank"
        );
    }
    let mut store = ctx.write()?;
    let item = store.write(&format!("edit {k}"), |tx| {
        let mut item = tx.get(k)?;
        if let Some(v) = a.if_version
            && v != item.version
        {
            return Err(StoreError::Stale {
                key: k,
                expected: v,
                found: item.version,
            });
        }
        let mut changed = Vec::new();
        if let Some(t) = &a.title {
            item.set_title(t)?;
            changed.push("title");
        }
        if let Some(p) = parent {
            let expected = k.kind.parent_kind().ok_or_else(|| {
                DomainError::rule(format!("{k} is an initiative: it has no parent"))
            })?;
            if p.kind != expected {
                return Err(DomainError::rule(format!(
                    "{k} can only move under {} {expected}, and {p} is {} {}",
                    super::add::article(expected),
                    super::add::article(p.kind),
                    p.kind
                ))
                .into());
            }
            if item.parent != Some(p) {
                tx.get(p)?;
                item.parent = Some(p);
                item.rank = tx.next_rank(Some(p))?;
                changed.push("parent");
            }
        }
        if let Some(l) = new_lane {
            item.set_lane(l)?;
            changed.push("lane");
        }
        if let Some(p) = pts {
            item.set_points(p)?;
            changed.push("points");
        }
        story_text(&mut item, &a.persona, "persona", |i, v| i.persona = v, &mut changed)?;
        story_text(&mut item, &a.goal, "goal", |i, v| i.goal = v, &mut changed)?;
        story_text(&mut item, &a.benefit, "benefit", |i, v| i.benefit = v, &mut changed)?;
        if let Some(d) = &a.description {
            item.description = d.trim_end().to_string();
            changed.push("description");
        }
        if let Some(o) = &a.owner {
            item.owner = optional_text(o);
            changed.push("owner");
        }
        for (text, name) in [(&a.outcome, "outcome"), (&a.hypothesis, "hypothesis")] {
            if let Some(t) = text {
                item.require_kind(Kind::Initiative, name)?;
                let v = optional_text(t);
                if name == "outcome" {
                    item.outcome = v;
                } else {
                    item.hypothesis = v;
                }
                changed.push(name);
            }
        }
        for l in &a.add_labels {
            let l = l.trim();
            if l.is_empty() {
                return Err(DomainError::invalid("label", l, "a non-empty word").into());
            }
            if !item.labels.iter().any(|x| x == l) {
                item.labels.push(l.to_string());
            }
            changed.push("labels");
        }
        for l in &a.remove_labels {
            item.labels.retain(|x| x != l.trim());
            changed.push("labels");
        }
        if let Some(r) = rank {
            item.rank = r;
            changed.push("rank");
        }
        // Status last: the Definition of Ready sees the other edits.
        if let Some(s) = status {
            let backlog = tx.load()?;
            let overridden = set_status(&mut item, s, |d| backlog.status_of(d), a.force).map_err(|e| match e {
                DomainError::NotReady { key, missing } => StoreError::Refused(format!(
                    "{key} does not meet the Definition of Ready: missing {} (use --force to mark it ready anyway)",
                    missing.join("; ")
                )),
                other => other.into(),
            })?;
            if !overridden.is_empty() {
                tx.set_note(format!("forced ready despite missing: {}", overridden.join("; ")));
            }
            changed.push("status");
        }
        changed.dedup();
        tx.set_summary(format!("edit {k}: {}", changed.join(", ")));
        tx.update(&item)
    })?;
    writeln!(out, "{} updated (version {})", item.key, item.version)?;
    Ok(())
}

/// Sets persona/goal/benefit, which belong to stories.
fn story_text(
    item: &mut crate::domain::Item,
    value: &Option<String>,
    name: &'static str,
    set: impl FnOnce(&mut crate::domain::Item, Option<String>),
    changed: &mut Vec<&'static str>,
) -> Result<(), StoreError> {
    if let Some(v) = value {
        item.require_kind(Kind::Story, name)?;
        set(item, optional_text(v));
        changed.push(name);
    }
    Ok(())
}
