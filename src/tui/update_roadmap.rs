//! `App::update` for the Roadmap tab: moving between columns and cards,
//! moving cards between lanes and within a lane, export, snapshots and
//! comparing with a snapshot. Every move is a stored, undoable change.

use super::action::Effect;
use super::app::{App, Compare, Mode};
use super::form::{Field, Form, FormTarget, PickTarget, Picker};
use super::keymap::Cmd;
use crate::domain::roadmap::{Step, move_lane, shift_rank, unpin};
use crate::domain::snapshot::Snapshot;
use crate::transfer::roadmap::{Format, default_file_name};

impl App {
    /// Handles `cmd` if it means something particular on the Roadmap tab.
    pub(super) fn roadmap_command(&mut self, cmd: Cmd) -> Option<Vec<Effect>> {
        match cmd {
            Cmd::Down => self.roadmap_move(1),
            Cmd::Up => self.roadmap_move(-1),
            Cmd::PageDown => self.roadmap_move(super::layout::cards_per_column(self.size) as isize),
            Cmd::PageUp => {
                self.roadmap_move(-(super::layout::cards_per_column(self.size) as isize))
            }
            Cmd::Top => self.roadmap_move(isize::MIN / 2),
            Cmd::Bottom => self.roadmap_move(isize::MAX / 2),
            Cmd::Collapse => self.roadmap_column(-1),
            Cmd::Expand => self.roadmap_column(1),
            Cmd::LaneEarlier => return Some(self.roadmap_lane(Step::Earlier)),
            Cmd::LaneLater => return Some(self.roadmap_lane(Step::Later)),
            Cmd::MoveUp => return Some(self.roadmap_rank(Step::Earlier)),
            Cmd::MoveDown => return Some(self.roadmap_rank(Step::Later)),
            Cmd::Unpin => return Some(self.roadmap_unpin()),
            Cmd::SwitchModel => {
                self.model = self.model.toggled();
                self.refresh_roadmap();
                self.info(format!("Roadmap ordered by {}", self.model.label()));
            }
            Cmd::ToggleLevel => {
                self.roadmap.level = self.roadmap.level.toggled();
                self.roadmap.selected = [0; 4];
                self.roadmap.offset = [0; 4];
                self.refresh_roadmap();
                self.info(format!("Roadmap of {}", self.roadmap.level.plural()));
            }
            Cmd::ExportRoadmap => self.export_form(),
            Cmd::TakeSnapshot => {
                let name = crate::domain::snapshot::default_name(self.now);
                let fields = vec![Field::new(
                    "Name",
                    "e.g. Q3 review; a name in use is refused",
                    &name,
                )];
                self.mode = Mode::Form(Form::new(
                    "Take a snapshot of the roadmap",
                    FormTarget::Snapshot,
                    fields,
                ));
            }
            Cmd::CompareSnapshot => {
                if self.roadmap.compare.take().is_some() {
                    self.info("Stopped comparing");
                    return Some(vec![]);
                }
                return Some(vec![Effect::ListSnapshots]);
            }
            Cmd::Back if self.roadmap.compare.is_some() => {
                self.roadmap.compare = None;
                self.info("Stopped comparing");
            }
            Cmd::Open => {
                // Show the card's item in the Backlog tree.
                if let Some(k) = self.selected_roadmap_key() {
                    self.tab = super::app::Tab::Backlog;
                    self.roadmap.roadmap = None;
                    self.select_tree_key(k);
                    self.clamp_lists();
                }
            }
            _ => return None,
        }
        Some(vec![])
    }

    fn roadmap_move(&mut self, d: isize) {
        let col = self.roadmap.column;
        let len = self.roadmap_cards(col).len();
        if len == 0 {
            return;
        }
        let s = &mut self.roadmap.selected[col];
        *s = (*s as isize).saturating_add(d).clamp(0, len as isize - 1) as usize;
        self.clamp_roadmap();
    }

    fn roadmap_column(&mut self, d: isize) {
        let columns = if self.roadmap_cards(3).is_empty() {
            3
        } else {
            4
        };
        self.roadmap.column = (self.roadmap.column as isize + d).clamp(0, columns - 1) as usize;
    }

    fn roadmap_lane(&mut self, step: Step) -> Vec<Effect> {
        let (Some(roadmap), Some(key)) = (&self.roadmap.roadmap, self.selected_roadmap_key())
        else {
            return vec![];
        };
        match move_lane(roadmap, &self.backlog, key, step) {
            Ok(item) => {
                let to = item.lane.map_or("unplanned", |l| l.as_str());
                let summary = format!("move {key} to {to}");
                self.write(Effect::Save {
                    items: vec![item],
                    summary,
                })
            }
            Err(e) => {
                self.error(e.to_string());
                vec![]
            }
        }
    }

    fn roadmap_rank(&mut self, step: Step) -> Vec<Effect> {
        let (Some(roadmap), Some(key)) = (&self.roadmap.roadmap, self.selected_roadmap_key())
        else {
            return vec![];
        };
        match shift_rank(roadmap, &self.backlog, key, step) {
            Ok(items) if items.is_empty() => vec![],
            Ok(items) => {
                // Only a pin move returns the card with a pin (an
                // equal-score swap moves unpinned cards only).
                let pinned = items.iter().find(|i| i.key == key).and_then(|i| i.pinned);
                let summary = match pinned {
                    Some(place) => format!(
                        "pin {key} at {place} in {} (over its score; = unpins)",
                        self.roadmap_lane_name(key)
                    ),
                    None => format!(
                        "move {key} {}",
                        if step == Step::Earlier { "up" } else { "down" }
                    ),
                };
                self.write(Effect::Save { items, summary })
            }
            Err(e) => {
                self.error(e.to_string());
                vec![]
            }
        }
    }

    /// `=`: the selected card back in score order.
    fn roadmap_unpin(&mut self) -> Vec<Effect> {
        let Some(key) = self.selected_roadmap_key() else {
            return vec![];
        };
        match unpin(&self.backlog, key) {
            Ok(item) => {
                let summary = format!("unpin {key}: back in score order");
                self.write(Effect::Save {
                    items: vec![item],
                    summary,
                })
            }
            Err(e) => {
                self.error(e.to_string());
                vec![]
            }
        }
    }

    /// The lane the card `key` shows in, as a heading says it.
    fn roadmap_lane_name(&self, key: crate::domain::Key) -> &'static str {
        self.roadmap
            .roadmap
            .as_ref()
            .and_then(|r| r.locate(key))
            .map_or("its lane", |(lane, _, _)| {
                lane.map_or("Unplanned", crate::domain::Lane::title)
            })
    }

    fn export_form(&mut self) {
        let Some(roadmap) = &self.roadmap.roadmap else {
            return;
        };
        let name = default_file_name(roadmap, Format::Md);
        let fields = vec![
            Field::new("Format", "empty: md · or html · json · csv · text", ""),
            Field::new(
                "File",
                "in the current directory unless a path is given; empty: named after the format",
                &name,
            ),
        ];
        self.mode = Mode::Form(Form::new(
            "Export the roadmap",
            FormTarget::ExportRoadmap,
            fields,
        ));
    }

    /// The export a submitted form asks for.
    pub(super) fn export_effect(&self, form: &Form) -> Result<Effect, String> {
        let raw = form.value(0);
        let format: Format = if raw.trim().is_empty() {
            Format::Md
        } else {
            raw.parse()
                .map_err(|e: crate::domain::DomainError| e.to_string())?
        };
        let mut path = form.value(1).trim().to_string();
        let default_md = self
            .roadmap
            .roadmap
            .as_ref()
            .map(|r| default_file_name(r, Format::Md));
        if path.is_empty() || (Some(&path) == default_md.as_ref() && format != Format::Md) {
            // The suggested name follows the chosen format.
            path = self
                .roadmap
                .roadmap
                .as_ref()
                .map_or(format!("roadmap.{}", format.extension()), |r| {
                    default_file_name(r, format)
                });
        }
        Ok(Effect::ExportRoadmap {
            format,
            path,
            model: self.model,
            level: self.roadmap.level,
        })
    }

    /// Offers the stored snapshots to compare with.
    pub(super) fn snapshot_picker(&mut self, list: Vec<(String, chrono::DateTime<chrono::Utc>)>) {
        if list.is_empty() {
            self.info(format!(
                "No snapshots yet: {} takes one",
                self.keymap.hint(Cmd::TakeSnapshot)
            ));
            return;
        }
        let options = list
            .into_iter()
            .map(|(name, taken)| {
                (
                    format!("{name}  ({})", taken.format("%Y-%m-%d %H:%M")),
                    name,
                )
            })
            .collect();
        self.mode = Mode::Picker(
            Picker::new(
                "Compare the roadmap with… (type to search)",
                PickTarget::Compare,
                options,
                0,
            )
            .searchable(),
        );
    }

    /// Starts comparing with `snapshot`.
    pub(super) fn compare_with(&mut self, snapshot: Snapshot) {
        let name = snapshot.name.clone();
        self.roadmap.compare = Some(Compare {
            snapshot,
            marks: Default::default(),
            moves: Default::default(),
            summary: String::new(),
            dropped: Vec::new(),
        });
        self.refresh_roadmap();
        let summary = self
            .roadmap
            .compare
            .as_ref()
            .map(|c| c.summary.clone())
            .unwrap_or_default();
        self.info(format!("Compared with “{name}”: {summary}"));
    }
}
