//! `import FILE` and `export [-o FILE]`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use crate::cli::args::{EpicFromArg, ImportArgs, ImportFormat, ListsAsArg};
use crate::cli::context::Context;
use crate::cli::render::safe;
use crate::domain::Kind;
use crate::domain::parse::key;
use crate::domain::text::{count_of, kinds_phrase, shown_path};
use crate::ops::export::read_export;
use crate::ops::import::{ImportOptions, Input, Outcome, import, preview};
use crate::ops::output::{Destination, write_file_with};
use crate::transfer::detect::{self, Foreign, JsonKind};
use crate::transfer::import_json;
use crate::transfer::import_notes::LISTED_MAX;
use crate::transfer::import_plan::{Ref, kind_index};
use crate::transfer::limits::Limits;
use crate::transfer::{import_csv, import_stories, import_taskwarrior, import_trello, input};

pub fn run_export(ctx: &Context, output: Option<PathBuf>, out: &mut dyn Write) -> Result<()> {
    let store = ctx.read()?;
    // Written as it is made: a document is as big as the backlog's texts.
    let exported = read_export(&store)?;
    match Destination::parse(output.as_deref()) {
        Destination::Stdout => exported.write_to(&mut *out)?,
        Destination::File(path) => {
            write_file_with(&path, |w| exported.write_to(w))?;
            writeln!(
                out,
                "exported {} to {}",
                exported.counts_phrase(),
                shown_path(&path)
            )?;
        }
    }
    Ok(())
}

pub fn run_import(ctx: &Context, a: ImportArgs, out: &mut dyn Write) -> Result<()> {
    // Messages quote the input (headers, keys, cells): keep them terminal-safe.
    import_inner(ctx, a, out).map_err(|e| anyhow::anyhow!(safe(&format!("{e:#}"))))
}

fn import_inner(ctx: &Context, a: ImportArgs, out: &mut dyn Write) -> Result<()> {
    let label = shown_path(&a.file);
    let limits = if a.no_limits {
        Limits::NONE
    } else {
        Limits::DEFAULT
    };
    // A file whose name does not say its format is read once, within the
    // limits, and told by its first character.
    let (mut format, read) = match a.format.or_else(|| format_of_name(&a.file)) {
        Some(f) => (f, None),
        None => {
            let bytes = read_within(&a.file, &label, &limits)?;
            (format_of_bytes(&label, &bytes)?, Some(bytes))
        }
    };
    if a.merge && format != ImportFormat::Json {
        bail!(
            "--merge is for backlog documents (JSON): CSV and story imports always add to the backlog"
        );
    }
    if !a.map.is_empty() && format != ImportFormat::Csv {
        bail!("--map is for CSV files");
    }
    let epic = a.epic.as_deref().map(key).transpose()?;
    if epic.is_some_and(|k| k.kind != Kind::Epic) {
        bail!("--epic takes an epic key, such as E-3");
    }
    let bytes = match read {
        Some(bytes) => bytes,
        None => read_within(&a.file, &label, &limits)?,
    };
    if let Some(Foreign(what)) = detect::binary(&bytes) {
        bail!("{label} is {what}");
    }
    let text = input::decode(&label, bytes)?;
    if format == ImportFormat::Json {
        format = match detect::json(&text) {
            Ok(JsonKind::Document) => ImportFormat::Json,
            Ok(JsonKind::Trello) => ImportFormat::Trello,
            Ok(JsonKind::Taskwarrior) => ImportFormat::Taskwarrior,
            Err(Foreign(what)) => bail!("{label} is {what}"),
        };
    }
    if matches!(format, ImportFormat::Csv | ImportFormat::Stories) && detect::is_json(&text) {
        // A JSON file under another name: read it as what it is.
        format = match detect::json(&text) {
            Ok(JsonKind::Trello) => ImportFormat::Trello,
            Ok(JsonKind::Taskwarrior) => ImportFormat::Taskwarrior,
            Ok(JsonKind::Document) => bail!(
                "{label} holds JSON, not CSV or text: if it is a backlog document (`backlog export`), import it with --format json"
            ),
            Err(Foreign(what)) => bail!("{label} is {what}"),
        };
    }
    if a.merge && format != ImportFormat::Json {
        bail!(
            "--merge is for backlog documents (JSON): other imports add to the backlog, and update what an earlier import of the same tool added"
        );
    }
    if epic.is_some() && format == ImportFormat::Json {
        bail!("--epic is for CSV and story imports: a document brings its own epics");
    }
    if (a.lists_as.is_some() || a.epic_from.is_some()) && format != ImportFormat::Trello {
        bail!("--lists-as and --epic-from are for Trello boards");
    }
    if a.lists_as == Some(ListsAsArg::Lane) && a.epic_from == Some(EpicFromArg::Label) {
        bail!("--lists-as lane and --epic-from label both choose the epics: use one of them");
    }
    if epic.is_some()
        && (a.lists_as == Some(ListsAsArg::Lane) || a.epic_from == Some(EpicFromArg::Label))
    {
        bail!(
            "--epic puts every card into one epic: leave out --lists-as lane and --epic-from label"
        );
    }
    let trello = import_trello::Options {
        epic,
        lists_as: match a.lists_as {
            Some(ListsAsArg::Lane) => import_trello::ListsAs::Lane,
            _ => import_trello::ListsAs::Status,
        },
        epic_from: match a.epic_from {
            Some(EpicFromArg::Label) => import_trello::EpicFrom::Label,
            _ => import_trello::EpicFrom::Board,
        },
    };
    let now = ctx.now();
    if format == ImportFormat::Stories {
        limits.check_lines(&label, &text)?;
    }
    let input = match format {
        ImportFormat::Trello => Input::Plan(import_trello::plan(&label, &text, &trello, now)?),
        ImportFormat::Taskwarrior => {
            Input::Plan(import_taskwarrior::plan(&label, &text, epic, now)?)
        }
        ImportFormat::Json => {
            Input::Document(import_json::parse_limited(&label, &text, now, limits)?)
        }
        ImportFormat::Csv => Input::Plan(import_csv::plan(
            &label,
            &text,
            &import_csv::Options { map: a.map, epic },
            now,
        )?),
        ImportFormat::Stories => Input::Plan(import_stories::plan(
            &label,
            &text,
            &import_stories::Options::for_file(&label, epic),
            now,
        )?),
    };
    if let Input::Plan(plan) = &input {
        limits.check_plan(&label, plan)?;
    }
    // The parsed items are all that is needed now: free the text before the
    // store's page cache grows, and hand its memory back to the system at
    // once: SQLite allocates with the system's malloc, and the allocator
    // would keep the freed pages for a while (a 200 MB document's text
    // stayed resident while SQLite wrote its 200 MB description).
    crate::cli::give_back(text);

    let options = ImportOptions {
        merge: a.merge,
        label: &label,
    };
    if a.dry_run {
        let store = if ctx.on_server || ctx.path.exists() {
            Some(ctx.read()?)
        } else {
            None
        };
        let outcome = preview(store.as_ref(), &ctx.path, input, options)?;
        return report(&outcome, &label, &ctx.path, true, out);
    }

    let mut store = ctx.write()?;
    let outcome = import(&mut store, input, options)?.value;
    report(&outcome, &label, &ctx.path, false, out)
}

/// The file's bytes, refused unread when it is bigger than `limits` allow
/// (and never more than that read, whatever it claims its size is).
pub(crate) fn read_within(path: &Path, label: &str, limits: &Limits) -> Result<Vec<u8>> {
    use std::io::Read as _;
    let file = std::fs::File::open(path).with_context(|| format!("cannot read {label}"))?;
    let meta = file
        .metadata()
        .with_context(|| format!("cannot read {label}"))?;
    limits.check_size(label, meta.len())?;
    // A pipe or a device does not say its size: room for as much as may be
    // read, so the buffer never doubles (and copies) on the way to the limit.
    let room = if meta.is_file() {
        meta.len()
    } else {
        limits.max_bytes.min(Limits::DEFAULT.max_bytes) + 1
    };
    let mut bytes = Vec::with_capacity(usize::try_from(room).unwrap_or(0));
    file.take(limits.max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {label}"))?;
    limits.check_read(label, bytes.len() as u64)?;
    Ok(bytes)
}

/// The format a file's name implies, if it does.
fn format_of_name(path: &Path) -> Option<ImportFormat> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "json" => Some(ImportFormat::Json),
        "csv" | "tsv" => Some(ImportFormat::Csv),
        "txt" | "text" | "md" | "stories" => Some(ImportFormat::Stories),
        _ => None,
    }
}

/// The format of a file its name does not tell, from its first character.
fn format_of_bytes(label: &str, bytes: &[u8]) -> Result<ImportFormat> {
    if let Some(Foreign(what)) = detect::binary(bytes) {
        bail!("{label} is {what}");
    }
    let head = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if head == Some(&b'{') || head == Some(&b'[') {
        return Ok(ImportFormat::Json);
    }
    bail!(
        "cannot tell the format of {label} from its name: add --format json, csv or stories (json also reads Trello boards and taskwarrior exports)"
    )
}

fn report(
    outcome: &Outcome,
    label: &str,
    db: &Path,
    dry_run: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let (verb, tail) = if dry_run {
        ("dry run: importing", " would create")
    } else {
        ("imported", ":")
    };
    match outcome {
        Outcome::Exact {
            items,
            next,
            snapshots,
            ..
        } => {
            let mut counts = [0; 3];
            for i in items.iter().filter(|i| i.kind().in_hierarchy()) {
                counts[kind_index(i.kind())] += 1;
            }
            writeln!(
                out,
                "{verb} {} into {}{tail} {}",
                safe(label),
                shown_path(db),
                kinds_phrase(counts)
            )?;
            writeln!(
                out,
                "  keys kept as in the document; next keys I-{}, E-{}, S-{}",
                next.initiative, next.epic, next.story
            )?;
            let insights = items.len() - counts.iter().sum::<usize>();
            if insights > 0 {
                writeln!(
                    out,
                    "  {insights} customer insights (F-{} next)",
                    next.insight
                )?;
            }
            if !snapshots.is_empty() {
                let names: Vec<String> = snapshots.iter().map(|s| safe(&s.name)).collect();
                writeln!(
                    out,
                    "  {} roadmap snapshots: {}",
                    names.len(),
                    names.join(", ")
                )?;
            }
        }
        Outcome::Planned {
            plan,
            applied,
            refresh,
        } => {
            writeln!(
                out,
                "{verb} {} into {}{tail} {}",
                safe(label),
                shown_path(db),
                kinds_phrase(applied.counts())
            )?;
            if refresh.matched() > 0 {
                let added = applied.items.len();
                writeln!(
                    out,
                    "  {added} added, {} updated, {} unchanged (items of an earlier import, matched by their keys in the source)",
                    refresh.updates.len(),
                    refresh.unchanged,
                )?;
                for u in refresh.updates.iter().take(LISTED_MAX) {
                    writeln!(
                        out,
                        "    {} ({}): {}",
                        u.item.key,
                        safe(u.item.external_key.as_deref().unwrap_or_default()),
                        u.fields.join(", ")
                    )?;
                }
                if refresh.updates.len() > LISTED_MAX {
                    writeln!(out, "    … and {} more", refresh.updates.len() - LISTED_MAX)?;
                }
            }
            // The containers the import made up or reused, with how many
            // items went into each.
            for (n, p) in plan.items.iter().enumerate() {
                if p.kind() == Kind::Story || (p.origin.is_some() && !p.reuse) || applied.skipped[n]
                {
                    continue;
                }
                // Only what this import adds: not the items an earlier
                // import made (matched, or a container found again), nor
                // those left out.
                let children = plan
                    .items
                    .iter()
                    .enumerate()
                    .filter(|(i, c)| {
                        c.parent == Some(Ref::New(n))
                            && c.matches.is_none()
                            && !applied.reused[*i]
                            && !applied.skipped[*i]
                    })
                    .count();
                if applied.reused[n] && children == 0 {
                    // An existing container that gains nothing: no news.
                    continue;
                }
                let child_kind = p.kind().child_kind().unwrap_or(Kind::Story);
                let state = if applied.reused[n] {
                    format!("existing {}", p.kind())
                } else {
                    format!("new {}", p.kind())
                };
                writeln!(
                    out,
                    "  {:<6} {} ({state}, {} added)",
                    applied.keys[n].to_string(),
                    safe(&p.item.title),
                    count_of(children, child_kind)
                )?;
            }
            let c = plan.story_coverage();
            if c.stories > 0 && !applied.items.is_empty() {
                let pct = |n: usize| (n * 100 + c.stories / 2) / c.stories;
                writeln!(
                    out,
                    "  {}: {} with persona and goal ({}%), {} with a benefit ({}%)",
                    count_of(c.stories, Kind::Story),
                    c.persona_and_goal,
                    pct(c.persona_and_goal),
                    c.benefit,
                    pct(c.benefit)
                )?;
            }
            for note in &plan.notes {
                writeln!(out, "  {}", safe(note))?;
            }
            if plan.show_mapping {
                writeln!(out, "keys:")?;
                for (n, p) in plan.items.iter().enumerate() {
                    if let Some(origin) = &p.origin {
                        writeln!(out, "  {} → {}", safe(origin), applied.keys[n])?;
                    }
                }
            }
        }
    }
    // Undo cannot yet take back a change that created items depending on
    // items created after them (the store's undo sees the dependency gone
    // and refuses), so only offer it when nothing imported has any.
    let has_deps = outcome.items().iter().any(|i| !i.depends_on.is_empty());
    if dry_run {
        writeln!(out, "nothing was written (dry run)")?;
    } else if !has_deps {
        writeln!(out, "undo it with `backlog undo`")?;
    }
    Ok(())
}
