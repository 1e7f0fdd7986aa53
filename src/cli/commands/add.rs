//! `add initiative|epic|story`: prints the new key alone.

use std::io::Write;

use anyhow::Result;

use crate::cli::args::{AddCommand, AddStory};
use crate::cli::context::Context;
use crate::domain::parse::{key, lane, points};
use crate::domain::text::optional_text;
use crate::domain::{Item, Key, Kind};
use crate::store::StoreError;

pub fn run(ctx: &Context, cmd: AddCommand, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.write()?;
    let now = store.now();
    let new_key = match cmd {
        AddCommand::Initiative {
            title,
            lane: l,
            outcome,
            hypothesis,
            owner,
            description,
        } => {
            let l = l.as_deref().map(lane).transpose()?.flatten();
            store.write("add initiative", |tx| {
                let k = tx.next_key(Kind::Initiative)?;
                let mut item = Item::new(k, &title, None, now)?;
                item.lane = l;
                item.outcome = outcome.as_deref().and_then(optional_text);
                item.hypothesis = hypothesis.as_deref().and_then(optional_text);
                item.owner = owner.as_deref().and_then(optional_text);
                item.description = description.unwrap_or_default();
                item.rank = tx.next_rank(None)?;
                tx.set_summary(format!("add {k}"));
                Ok(tx.insert(&item)?.key)
            })?
        }
        AddCommand::Epic {
            title,
            initiative,
            lane: l,
            owner,
            description,
        } => {
            let parent = parent_key(&initiative, Kind::Initiative)?;
            let l = l.as_deref().map(lane).transpose()?.flatten();
            store.write("add epic", |tx| {
                tx.get(parent)?;
                let k = tx.next_key(Kind::Epic)?;
                let mut item = Item::new(k, &title, Some(parent), now)?;
                item.lane = l;
                item.owner = owner.as_deref().and_then(optional_text);
                item.description = description.unwrap_or_default();
                item.rank = tx.next_rank(Some(parent))?;
                tx.set_summary(format!("add {k} under {parent}"));
                Ok(tx.insert(&item)?.key)
            })?
        }
        AddCommand::Story(s) => add_story(&mut store, s, now)?,
    };
    writeln!(out, "{new_key}")?;
    Ok(())
}

fn add_story(
    store: &mut crate::store::Store,
    s: AddStory,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Key> {
    let parent = parent_key(&s.epic, Kind::Epic)?;
    let pts = s.points.as_deref().map(points).transpose()?.flatten();
    Ok(store.write("add story", |tx| {
        tx.get(parent)?;
        let k = tx.next_key(Kind::Story)?;
        let mut item = Item::new(k, &s.title, Some(parent), now)?;
        item.persona = s.persona.as_deref().and_then(optional_text);
        item.goal = s.goal.as_deref().and_then(optional_text);
        item.benefit = s.benefit.as_deref().and_then(optional_text);
        item.set_points(pts)?;
        for c in &s.criteria {
            item.add_criterion(c)?;
        }
        item.owner = s.owner.as_deref().and_then(optional_text);
        item.description = s.description.clone().unwrap_or_default();
        item.rank = tx.next_rank(Some(parent))?;
        tx.set_summary(format!("add {k} under {parent}"));
        Ok(tx.insert(&item)?.key)
    })?)
}

/// Parses a parent key and checks its kind.
fn parent_key(s: &str, kind: Kind) -> Result<Key, StoreError> {
    let k = key(s)?;
    if k.kind != kind {
        return Err(StoreError::Refused(format!(
            "{k} is {} {}, not {} {kind}",
            article(k.kind),
            k.kind,
            article(kind)
        )));
    }
    Ok(k)
}

pub(crate) fn article(kind: Kind) -> &'static str {
    if kind == Kind::Story { "a" } else { "an" }
}
