//! `App::update` for forms, pickers and confirmations: opening them on
//! the selected item, and turning a submitted one into an effect.

use super::action::Effect;
use super::app::{App, Focus, Mode};
use super::form::{Confirm, Field, Form, FormTarget, PickTarget, Picker, Pin};
use super::keymap::Cmd;
use crate::domain::number::fmt_plain;
use crate::domain::parse;
use crate::domain::ready::set_status;
use crate::domain::scoring::Field as ScoreField;
use crate::domain::text::{count, optional_text};
use crate::domain::{DomainError, Item, Key, Kind, Status};

const POINTS_HINT: &str = "1 2 3 5 8 13 20 · empty clears";
const FIB_HINT: &str = "1 2 3 5 8 13 20";

impl App {
    pub(super) fn add_child(&mut self) {
        let Some(item) = self.selected_item() else {
            self.new_item_form(Kind::Initiative, None);
            return;
        };
        let (kind, parent) = match item.kind() {
            Kind::Initiative => (Kind::Epic, item.key),
            Kind::Epic => (Kind::Story, item.key),
            Kind::Story => match item.parent {
                Some(p) => (Kind::Story, p),
                None => return,
            },
            Kind::Insight => return,
        };
        self.new_item_form(kind, Some(parent));
    }

    /// The selected item, or a message saying why there is none suitable.
    pub(super) fn target(&mut self, kind: Option<Kind>, what: &str) -> Option<Item> {
        if self.read_only {
            self.error(format!(
                "{} is read-only: nothing was changed",
                self.file_name
            ));
            return None;
        }
        match self.selected_item() {
            Some(i) if kind.is_none_or(|k| i.kind() == k) => Some(i.clone()),
            Some(i) => {
                let msg = format!(
                    "{what} applies to {}; {} is {} {}",
                    kind.map_or("items", |k| k.plural()),
                    i.key,
                    if i.kind() == Kind::Story { "a" } else { "an" },
                    i.kind()
                );
                self.error(msg);
                None
            }
            None => {
                self.error("Nothing selected");
                None
            }
        }
    }

    pub(super) fn edit_form(&mut self) {
        if self.focus == Focus::Criteria {
            let n = self.criterion + 1;
            self.criterion_form(Some(n));
            return;
        }
        let Some(item) = self.target(None, "edit") else {
            return;
        };
        let t = FormTarget::EditItem(Pin::of(&item));
        let fields = self.edit_fields(&item);
        self.mode = Mode::Form(Form::new(
            format!("Edit {} {}", item.key, item.title),
            t,
            fields,
        ));
    }

    /// The fields of the edit form, filled from `item`.
    fn edit_fields(&self, item: &Item) -> Vec<Field> {
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        let lane = item.lane.map_or(String::new(), |l| l.to_string());
        let mut fields = vec![Field::new("Title", "one line", &item.title)];
        match item.kind() {
            Kind::Initiative => {
                fields.push(Field::new("Lane", "now · next · later · empty", &lane));
                fields.push(Field::new("Owner", "", &opt(&item.owner)));
                fields.push(Field::new(
                    "Outcome",
                    "the outcome it pursues",
                    &opt(&item.outcome),
                ));
                fields.push(Field::new(
                    "Hypothesis",
                    "we believe … will …",
                    &opt(&item.hypothesis),
                ));
            }
            Kind::Epic => {
                fields.push(Field::new(
                    "Lane",
                    "now · next · later · empty: initiative's",
                    &lane,
                ));
                fields.push(Field::new("Owner", "", &opt(&item.owner)));
            }
            Kind::Story => {
                fields.push(Field::new("As a", "persona", &opt(&item.persona)));
                fields.push(Field::new(
                    "I want",
                    "goal, e.g. to export invoices",
                    &opt(&item.goal),
                ));
                fields.push(Field::new("So that", "benefit", &opt(&item.benefit)));
                let new_line = self.keymap.hint(Cmd::FieldNewLine);
                fields.extend(super::story_edit::story_fields(item, &new_line));
                fields.push(Field::new("Owner", "", &opt(&item.owner)));
            }
            Kind::Insight => {}
        }
        fields.push(
            Field::new(
                "Description",
                format!(
                    "Markdown · {} new line · {} in the list opens $EDITOR",
                    self.keymap.hint(Cmd::FieldNewLine),
                    self.keymap.hint(Cmd::EditInEditor)
                ),
                &item.description,
            )
            .multiline(),
        );
        fields
    }

    pub(super) fn criterion_form(&mut self, n: Option<usize>) {
        let Some(item) = self.target(Some(Kind::Story), "Acceptance criteria") else {
            return;
        };
        let (title, target, value) = match n {
            Some(n) => match item.criteria.get(n - 1) {
                Some(c) => (
                    format!("Edit criterion {n} of {}", item.key),
                    FormTarget::EditCriterion(Pin::of(&item), n),
                    c.text.clone(),
                ),
                None => return,
            },
            None => (
                format!("New acceptance criterion for {}", item.key),
                FormTarget::AddCriterion(Pin::of(&item)),
                String::new(),
            ),
        };
        let fields = vec![Field::new("Criterion", "Given … when … then …", &value)];
        self.mode = Mode::Form(Form::new(title, target, fields));
    }

    pub(super) fn points_form(&mut self) {
        let Some(item) = self.target(Some(Kind::Story), "Points") else {
            return;
        };
        let v = item.points.map(fmt_plain).unwrap_or_default();
        let fields = vec![Field::new("Points", POINTS_HINT, &v)];
        self.mode = Mode::Form(Form::new(
            format!("Points for {} {}", item.key, item.title),
            FormTarget::Points(Pin::of(&item)),
            fields,
        ));
    }

    pub(super) fn score_form(&mut self, rice: bool) {
        let Some(item) = self.target(None, "Scores") else {
            return;
        };
        if let Err(e) = item.require_scorable() {
            self.error(e.to_string());
            return;
        }
        let v = |x: Option<f64>| x.map(fmt_plain).unwrap_or_default();
        let (title, target, fields) = if rice {
            (
                format!("RICE for {} {}", item.key, item.title),
                FormTarget::Rice(Pin::of(&item)),
                vec![
                    Field::new(
                        "Reach",
                        "people or events per period, ≥ 0",
                        &v(item.rice.reach),
                    ),
                    Field::new(
                        "Impact",
                        "3 massive · 2 high · 1 medium · 0.5 low · 0.25 minimal",
                        &v(item.rice.impact),
                    ),
                    Field::new(
                        "Confidence %",
                        "100 high · 80 medium · 50 low",
                        &v(item.rice.confidence),
                    ),
                    Field::new("Effort", "person-months, > 0", &v(item.rice.effort)),
                ],
            )
        } else {
            (
                format!("WSJF for {} {}", item.key, item.title),
                FormTarget::Wsjf(Pin::of(&item)),
                vec![
                    Field::new("Value", FIB_HINT, &v(item.wsjf.value)),
                    Field::new("Time criticality", FIB_HINT, &v(item.wsjf.time_criticality)),
                    Field::new("Risk reduction", FIB_HINT, &v(item.wsjf.risk_reduction)),
                    Field::new("Job size", FIB_HINT, &v(item.wsjf.job_size)),
                ],
            )
        };
        self.mode = Mode::Form(Form::new(title, target, fields));
        if rice {
            self.offer_reach_evidence(&item);
        }
    }

    pub(super) fn status_picker(&mut self) {
        let Some(item) = self.target(None, "Status") else {
            return;
        };
        let options: Vec<(String, String)> = Status::ALL
            .iter()
            .map(|s| (s.to_string(), s.to_string()))
            .collect();
        let selected = Status::ALL
            .iter()
            .position(|s| *s == item.status)
            .unwrap_or(0);
        self.mode = Mode::Picker(Picker::new(
            format!("Status of {} {}", item.key, item.title),
            PickTarget::Status(Pin::of(&item)),
            options,
            selected,
        ));
    }

    pub(super) fn parent_picker(&mut self) {
        let Some(item) = self.target(None, "Move") else {
            return;
        };
        let Some(parent_kind) = item.kind().parent_kind() else {
            self.error(format!(
                "Initiatives have no parent; reorder them with {} / {}",
                self.keymap.hint(Cmd::MoveDown),
                self.keymap.hint(Cmd::MoveUp)
            ));
            return;
        };
        let options: Vec<(String, String)> = self
            .backlog
            .items()
            .iter()
            .filter(|i| {
                i.kind() == parent_kind && !self.backlog.is_hidden(i) && Some(i.key) != item.parent
            })
            .map(|i| (format!("{}  {}", i.key, i.title), i.key.to_string()))
            .collect();
        if options.is_empty() {
            self.error(format!(
                "There is no other {parent_kind} to move {} to",
                item.key
            ));
            return;
        }
        self.mode = Mode::Picker(
            Picker::new(
                format!("Move {} {} to… (type to search)", item.key, item.title),
                PickTarget::Parent(Pin::of(&item)),
                options,
                0,
            )
            .searchable(),
        );
    }

    pub(super) fn confirm_archive(&mut self) {
        let Some(mut item) = self.target(None, "Archive") else {
            return;
        };
        let below = crate::ops::archive::reach(&self.backlog, item.key).hidden;
        let message = if below > 0 {
            format!(
                "Archive {} “{}” and the {} under it? (undo with {})",
                item.key,
                item.title,
                count(below, "item", "items"),
                self.keymap.hint(Cmd::Undo)
            )
        } else {
            format!(
                "Archive {} “{}”? (undo with {})",
                item.key,
                item.title,
                self.keymap.hint(Cmd::Undo)
            )
        };
        if let Err(e) = item.archive() {
            self.error(e.to_string());
            return;
        }
        let summary = format!("archive {}", item.key);
        self.mode = Mode::Confirm(Confirm {
            message,
            effect: Effect::Save {
                items: vec![item],
                summary,
            },
        });
    }

    /// When the item a form was opened on has changed since: pins the
    /// form to the item as it is now, keeping what was typed, and says
    /// what changed (true: the form was not submitted).
    pub(super) fn rebase_form(&self, form: &mut Form) -> bool {
        let Some(pin) = form.pin() else {
            return false;
        };
        let Some(now) = self.backlog.get(pin.key) else {
            return false;
        };
        if now.version == pin.version {
            return false;
        }
        let what = match form.target {
            FormTarget::EditItem(_) => {
                let theirs = self.edit_fields(now);
                let changed: Vec<&str> = theirs
                    .iter()
                    .zip(&form.initial)
                    .filter(|(f, v)| f.text() != **v)
                    .map(|(f, _)| f.label)
                    .collect();
                if changed.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", changed.join(", "))
                }
            }
            _ => String::new(),
        };
        form.repin(now.version);
        form.error = Some(format!(
            "{} was changed elsewhere meanwhile{what}: your text is kept · {} saves it over theirs, {} discards it",
            pin.key,
            self.keymap.hint(Cmd::FormSave),
            self.keymap.hint(Cmd::FormCancel)
        ));
        true
    }

    /// The stored item a form was opened on, if it has not changed since.
    pub(super) fn current(&self, key: Key, version: i64) -> Result<Item, String> {
        match self.backlog.get(key) {
            Some(i) if i.version == version => Ok(i.clone()),
            Some(_) => Err(format!(
                "{key} was changed elsewhere since you opened this form: {} and try again",
                self.keymap.hint(Cmd::FormCancel)
            )),
            None => Err(format!("{key} no longer exists")),
        }
    }

    pub(super) fn submit(&self, form: &Form) -> Result<Effect, String> {
        let e = |d: DomainError| d.to_string();
        match form.target {
            FormTarget::NewItem { kind, parent } => self.submit_new_item(form, kind, parent),
            FormTarget::EditItem(Pin { key, version }) => {
                let mut item = self.current(key, version)?;
                item.set_title(&form.value(0)).map_err(e)?;
                let mut i = 1;
                let mut next = || {
                    i += 1;
                    form.value(i - 1)
                };
                match item.kind() {
                    Kind::Initiative => {
                        item.set_lane(parse::lane(&next()).map_err(e)?).map_err(e)?;
                        item.owner = optional_text(&next());
                        item.outcome = optional_text(&next());
                        item.hypothesis = optional_text(&next());
                    }
                    Kind::Epic => {
                        item.set_lane(parse::lane(&next()).map_err(e)?).map_err(e)?;
                        item.owner = optional_text(&next());
                    }
                    Kind::Story => {
                        item.persona = optional_text(&next());
                        item.goal = optional_text(&next());
                        item.benefit = optional_text(&next());
                        let (c, p, r, w) = (next(), next(), next(), next());
                        super::story_edit::apply_story_fields(&mut item, &c, &p, &r, &w)
                            .map_err(e)?;
                        item.owner = optional_text(&next());
                    }
                    Kind::Insight => {}
                }
                item.description = next().trim_end().to_string();
                Ok(Effect::Save {
                    summary: format!("edit {key}"),
                    items: vec![item],
                })
            }
            FormTarget::AddCriterion(Pin { key, version }) => {
                let mut item = self.current(key, version)?;
                item.add_criterion(&form.value(0)).map_err(e)?;
                Ok(Effect::Save {
                    summary: format!("add a criterion to {key}"),
                    items: vec![item],
                })
            }
            FormTarget::EditCriterion(Pin { key, version }, n) => {
                let mut item = self.current(key, version)?;
                item.edit_criterion(n, &form.value(0)).map_err(e)?;
                Ok(Effect::Save {
                    summary: format!("edit criterion {n} of {key}"),
                    items: vec![item],
                })
            }
            FormTarget::Points(Pin { key, version }) => {
                let mut item = self.current(key, version)?;
                let p = parse::points(&form.value(0)).map_err(e)?;
                item.set_points(p).map_err(e)?;
                Ok(Effect::Save {
                    summary: format!("{key} points {}", p.map_or("cleared".into(), fmt_plain)),
                    items: vec![item],
                })
            }
            FormTarget::Labels(Pin { key, version }) => {
                let item = self.current(key, version)?;
                self.labels_effect(item, &form.value(0))
            }
            FormTarget::ExportRoadmap => self.export_effect(form),
            FormTarget::Snapshot => {
                let name = crate::domain::snapshot::check_name(&form.value(0)).map_err(e)?;
                Ok(Effect::TakeSnapshot { name })
            }
            FormTarget::CheckIn(pin) => self.submit_checkin(form, pin),
            FormTarget::AddMetric(pin) => self.submit_metric(form, pin, None),
            FormTarget::EditMetric(pin, n) => self.submit_metric(form, pin, Some(n)),
            FormTarget::Decide(Pin { key, version }) => {
                let mut item = self.current(key, version)?;
                let decision =
                    crate::domain::text::clean_title("decision", &form.value(0)).map_err(e)?;
                item.decisions.push(crate::domain::Decision {
                    date: self.now.date_naive(),
                    decision,
                    rationale: form.value(1).trim().to_string(),
                });
                Ok(Effect::Save {
                    summary: format!("decision on {key}"),
                    items: vec![item],
                })
            }
            FormTarget::Rice(Pin { key, version }) | FormTarget::Wsjf(Pin { key, version }) => {
                let mut item = self.current(key, version)?;
                let rice = matches!(form.target, FormTarget::Rice(_));
                let fields = if rice {
                    ScoreField::RICE
                } else {
                    ScoreField::WSJF
                };
                for (i, f) in fields.into_iter().enumerate() {
                    let parsed = parse::optional_score(f, &form.value(i)).map_err(e)?;
                    if rice {
                        item.rice.set(f, parsed);
                    } else {
                        item.wsjf.set(f, parsed);
                    }
                }
                let shown = if rice {
                    item.rice.explain()
                } else {
                    item.wsjf.explain()
                };
                let from_evidence = form
                    .reach_evidence
                    .as_ref()
                    .filter(|ev| rice && ev.applies(&form.value(0)))
                    .map_or(String::new(), |ev| format!("; reach = {}", ev.reason()));
                Ok(Effect::Save {
                    summary: format!(
                        "{key} {} {shown}{from_evidence}",
                        if rice { "RICE" } else { "WSJF" }
                    ),
                    items: vec![item],
                })
            }
        }
    }

    pub(super) fn pick(&mut self, picker: &Picker) -> Result<Vec<Effect>, String> {
        let value = picker.current().ok_or("Nothing to choose")?.to_string();
        match picker.target {
            PickTarget::Status(Pin { key, version }) => {
                let mut item = self.current(key, version)?;
                let status = parse::status(&value).map_err(|e| e.to_string())?;
                let backlog = &self.backlog;
                set_status(&mut item, status, |k| backlog.status_of(k), false).map_err(
                    |e| match e {
                        DomainError::NotReady { key, missing } => {
                            format!("{key} is not ready: missing {}", missing.join("; "))
                        }
                        other => other.to_string(),
                    },
                )?;
                Ok(self.write(Effect::Save {
                    summary: format!("{key} status {status}"),
                    items: vec![item],
                }))
            }
            PickTarget::Parent(Pin { key, version }) => {
                let mut item = self.current(key, version)?;
                let parent = parse::key(&value).map_err(|e| e.to_string())?;
                let rank = self.backlog.next_rank(Some(parent));
                item.place_under(parent, rank).map_err(|e| e.to_string())?;
                Ok(self.write(Effect::Save {
                    summary: format!("move {key} to {parent}"),
                    items: vec![item],
                }))
            }
            PickTarget::Compare => Ok(vec![Effect::LoadSnapshot { name: value }]),
            PickTarget::Insight(pick) => self.insight_pick(pick, &value),
            PickTarget::Depends(Pin { key, version }) => {
                let item = self.current(key, version)?;
                let on = parse::key(&value).map_err(|e| e.to_string())?;
                let effect = self.depends_effect(item, on)?;
                Ok(self.write(effect))
            }
            PickTarget::Scope => {
                self.refine.scope = if value == "all" {
                    None
                } else {
                    Some(parse::key(&value).map_err(|e| e.to_string())?)
                };
                self.refine.chosen = true;
                self.refine.pos = 0;
                self.refine.scroll = 0;
                self.focus = Focus::List;
                self.refresh_refine();
                self.info(format!(
                    "Refining {} not ready",
                    count(self.refine.queue.len(), "story", "stories")
                ));
                Ok(vec![])
            }
            PickTarget::Points(Pin { key, version }) => {
                let mut item = self.current(key, version)?;
                let p = parse::points(&value).map_err(|e| e.to_string())?;
                item.set_points(p).map_err(|e| e.to_string())?;
                Ok(self.write(Effect::Save {
                    summary: format!("{key} points {value}"),
                    items: vec![item],
                }))
            }
        }
    }
}
