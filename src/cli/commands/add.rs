//! `add initiative|epic|story`: prints the new key alone.

use std::io::Write;

use anyhow::Result;

use crate::cli::args::AddCommand;
use crate::cli::context::Context;
use crate::domain::Kind;
use crate::domain::parse::{key, lane, points};
use crate::ops::create::{NewItem, Place, create};

pub fn run(ctx: &Context, cmd: AddCommand, out: &mut dyn Write) -> Result<()> {
    // Parse everything before touching the file.
    let (place, new) = match cmd {
        AddCommand::Initiative {
            title,
            lane: l,
            outcome,
            hypothesis,
            owner,
            description,
        } => (
            Place::new(Kind::Initiative, None)?,
            NewItem {
                lane: l.as_deref().map(lane).transpose()?.flatten(),
                outcome,
                hypothesis,
                owner,
                description,
                ..NewItem::titled(&title)
            },
        ),
        AddCommand::Epic {
            title,
            initiative,
            lane: l,
            owner,
            description,
        } => (
            Place::new(Kind::Epic, Some(key(&initiative)?))?,
            NewItem {
                lane: l.as_deref().map(lane).transpose()?.flatten(),
                owner,
                description,
                ..NewItem::titled(&title)
            },
        ),
        AddCommand::Story(s) => (
            Place::new(Kind::Story, Some(key(&s.epic)?))?,
            NewItem {
                persona: s.persona,
                goal: s.goal,
                benefit: s.benefit,
                points: s.points.as_deref().map(points).transpose()?.flatten(),
                criteria: s.criteria,
                owner: s.owner,
                description: s.description,
                ..NewItem::titled(&s.title)
            },
        ),
    };
    let mut store = ctx.write()?;
    let done = create(&mut store, place, new)?;
    writeln!(out, "{}", done.value.key)?;
    Ok(())
}
