//! `edit KEY [...]`: change fields of an item in one transaction.

use std::io::Write;

use anyhow::{Result, bail};

use crate::cli::args::EditArgs;
use crate::cli::context::Context;
use crate::domain::DomainError;
use crate::domain::parse::{self, key, lane, points};
use crate::ops::edit::{FieldEdits, edit};
use crate::store::StoreError;

pub fn run(ctx: &Context, a: EditArgs, out: &mut dyn Write) -> Result<()> {
    let k = key(&a.key)?;
    // Parse everything before touching the file.
    let edits = FieldEdits {
        status: a.status.as_deref().map(parse::status).transpose()?,
        lane: a.lane.as_deref().map(lane).transpose()?,
        parent: a.parent.as_deref().map(key).transpose()?,
        points: a.points.as_deref().map(points).transpose()?,
        rank: a.rank.as_deref().map(parse::rank).transpose()?,
        pinned: a.pin.as_deref().map(parse::pinned).transpose()?,
        title: a.title,
        persona: a.persona,
        goal: a.goal,
        benefit: a.benefit,
        description: a.description,
        owner: a.owner,
        outcome: a.outcome,
        hypothesis: a.hypothesis,
        add_labels: a.add_labels,
        remove_labels: a.remove_labels,
        if_version: a.if_version,
        force: a.force,
    };
    if edits.is_empty() {
        bail!(
            "nothing to change: give at least one of --title, --status, --lane, --parent, --points, --as, --want, --so-that, --description, --owner, --outcome, --hypothesis, --label, --unlabel, --rank, --pin"
        );
    }
    let mut store = ctx.write()?;
    let item = edit(&mut store, k, edits)
        .map_err(|e| match e {
            StoreError::Domain(DomainError::NotReady { key, missing }) => StoreError::Refused(format!(
                "{key} does not meet the Definition of Ready: missing {} (use --force to mark it ready anyway)",
                missing.join("; ")
            )),
            other => other,
        })?
        .value;
    writeln!(out, "{} updated (version {})", item.key, item.version)?;
    Ok(())
}
