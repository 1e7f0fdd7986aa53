//! `list`: items as a table or as JSON.

use std::io::Write;

use anyhow::Result;

use crate::cli::args::{ListArgs, SortArg};
use crate::cli::cells::{Cells, lay_out};
use crate::cli::context::Context;
use crate::cli::render::{SPLIT_FROM, map_split, safe, truncate};
use crate::domain::number::push_plain;
use crate::domain::parse;
use crate::domain::scoring::rank_sort_key;
use crate::domain::text::{count, is_printable_ascii};
use crate::domain::{Backlog, Item, Key, Kind, Lane, Model, Status};

/// An item at its position, with what ranks it ([`rank_sort_key`]).
type Ranked<'a> = ((u64, bool, i64, Key), (usize, &'a Item));

pub fn run(ctx: &Context, a: ListArgs, out: &mut dyn Write) -> Result<()> {
    let kind: Option<Kind> = a.kind.as_deref().map(parse::kind).transpose()?;
    let status: Option<Status> = a.status.as_deref().map(parse::status).transpose()?;
    let lane: Option<Lane> = a.lane.as_deref().map(str::parse).transpose()?;
    let store = ctx.read()?;
    // The table prints a few columns and filters on fewer: those are all
    // it reads. JSON and the label filter need whole items.
    let backlog = if a.json || a.label.is_some() {
        store.load()?
    } else {
        store.load_for_list()?
    };

    // Items with their positions in the backlog: whether one is hidden and
    // its lane are then read from the backlog's arrays, not looked up by key.
    let mut items: Vec<(usize, &Item)> = match a.sort {
        SortArg::Rank => {
            let mut v: Vec<(usize, &Item)> = backlog
                .tree_order()
                .into_iter()
                .filter_map(|i| Some((backlog.position(i.key)?, i)))
                .collect();
            if a.archived {
                // Tree order skips archived subtrees; list them after.
                v.extend(
                    backlog
                        .items()
                        .iter()
                        .enumerate()
                        .filter(|(n, _)| backlog.is_hidden_at(*n)),
                );
            }
            v
        }
        SortArg::Key | SortArg::Rice | SortArg::Wsjf => {
            backlog.items().iter().enumerate().collect()
        }
    };
    // Filtered before the sort: the order of what is left is the same.
    items.retain(|&(n, i)| {
        (a.archived || !backlog.is_hidden_at(n))
            && kind.is_none_or(|k| i.kind() == k)
            && status.is_none_or(|s| i.status == s)
            && lane.is_none_or(|l| backlog.effective_lane_at(n) == Some(l))
            && a.label
                .as_deref()
                .is_none_or(|l| i.labels.iter().any(|x| x == l))
    });
    if let Some(model) = match a.sort {
        SortArg::Rice => Some(Model::Rice),
        SortArg::Wsjf => Some(Model::Wsjf),
        SortArg::Rank | SortArg::Key => None,
    } {
        // Each score computed once, not at every comparison; keys are
        // unique, so the order is total and the same whichever sort.
        let mut v: Vec<Ranked> = items
            .into_iter()
            .map(|(n, i)| {
                (
                    rank_sort_key(backlog.score_at(n, model), i.rank, i.key),
                    (n, i),
                )
            })
            .collect();
        v.sort_unstable_by_key(|x| x.0);
        items = v.into_iter().map(|x| x.1).collect();
    }

    if a.json {
        let items: Vec<&Item> = items.iter().map(|&(_, i)| i).collect();
        return crate::cli::json_list::write(out, &items, &backlog);
    }
    if items.is_empty() {
        if backlog.is_empty() {
            writeln!(
                out,
                "The backlog is empty. Add an initiative with `backlog add initiative TITLE`, or load the demo with `backlog demo`."
            )?;
        } else {
            writeln!(out, "No items match.")?;
        }
        return Ok(());
    }
    let indent = a.sort == SortArg::Rank;
    // The rows' cells in two blocks built at once (a long list), then the
    // table laid out from them.
    let halves: Vec<&[(usize, &Item)]> = items.chunks(items.len().div_ceil(2)).collect();
    let blocks = map_split(&halves, items.len() >= SPLIT_FROM, |half| {
        let mut cells = Cells::new(7, half.len(), 96);
        for &(n, i) in half.iter() {
            push_row(&mut cells, &backlog, n, i, indent);
        }
        cells
    });
    let text = lay_out(
        &["KEY", "STATUS", "LANE", "PTS", "RICE", "WSJF", "TITLE"],
        &blocks,
        &[false, false, false, true, true, true, false],
    );
    out.write_all(text.as_bytes())?;
    writeln!(out, "{}", count(items.len(), "item", "items"))?;
    Ok(())
}

/// The seven cells of item `i` (at position `n`): key, status, lane,
/// points, RICE, WSJF and its title, indented by its depth when `indent`.
fn push_row(cells: &mut Cells, backlog: &Backlog, n: usize, i: &Item, indent: bool) {
    cells.push_with(|t| i.key.push_onto(t));
    cells.push(i.status.as_str());
    cells.push(backlog.effective_lane_at(n).map_or("–", Lane::as_str));
    match i.points {
        Some(p) => cells.push_with(|t| push_plain(t, p)),
        None => cells.push("–"),
    }
    // The scores as the backlog computed them once.
    for model in [Model::Rice, Model::Wsjf] {
        cells.push_with(|t| model.push_display(t, backlog.score_at(n, model)));
    }
    let depth = if indent {
        match i.kind() {
            Kind::Initiative => 0,
            Kind::Epic => 1,
            Kind::Story | Kind::Insight => 2,
        }
    } else {
        0
    };
    if depth == 0 && !i.archived && i.title.len() <= TITLE_WIDTH && is_printable_ascii(&i.title) {
        // The usual title: safe as it is and short enough.
        cells.push(&i.title);
        return;
    }
    let mut title = if depth == 0 {
        safe(&i.title)
    } else {
        format!("{}{}", "  ".repeat(depth), safe(&i.title))
    };
    if i.archived {
        title.push_str(" [archived]");
    }
    cells.push(&truncate(&title, TITLE_WIDTH));
}

/// The title column's width.
const TITLE_WIDTH: usize = 70;
