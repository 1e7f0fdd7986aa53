//! `App::update` for the success-metrics panel (`O`): an initiative's
//! metrics listed with where they stand; `a` adds one, `e` edits its name,
//! baseline and target (its check-ins kept), `x` removes it (asks first).
//! Each is one version-checked write, undone with `u`.

use super::action::Effect;
use super::app::{App, Mode};
use super::form::{Confirm, Field, Form, FormTarget, Pin};
use super::keymap::Cmd;
use super::panel::{MetricsPanel, Panel};
use crate::domain::text::{clean_title, count};
use crate::domain::{Item, Key, Kind, Metric};

impl App {
    /// `O`: the metrics of the selected initiative, or of the initiative
    /// above the selected epic or story.
    pub(super) fn open_metrics(&mut self) {
        let Some(mut item) = self.selected_item() else {
            self.error("Nothing selected");
            return;
        };
        while item.kind() != Kind::Initiative {
            match item.parent.and_then(|p| self.backlog.get(p)) {
                Some(p) => item = p,
                None => {
                    self.error(
                        "Success metrics belong to initiatives; this item has none above it",
                    );
                    return;
                }
            }
        }
        self.panel = Some(Panel::Metrics(MetricsPanel {
            key: item.key,
            selected: 0,
        }));
    }

    /// The initiative the metrics panel shows, if it is open.
    pub fn metrics_initiative(&self) -> Option<&Item> {
        match &self.panel {
            Some(Panel::Metrics(m)) => self.backlog.get(m.key),
            _ => None,
        }
    }

    /// After the backlog changed: closed if the initiative is gone or
    /// archived, the selection kept in range.
    pub(super) fn refresh_metrics(&mut self) {
        let Some(Panel::Metrics(m)) = &mut self.panel else {
            return;
        };
        let key = m.key;
        match self.backlog.get(key) {
            Some(i) if !self.backlog.is_hidden(i) => {
                m.selected = m.selected.min(i.metrics.len().saturating_sub(1));
            }
            _ => {
                self.panel = None;
                self.info(format!("{key} is gone or archived: metrics closed"));
            }
        }
    }

    pub(super) fn metrics_command(&mut self, cmd: Cmd) -> Vec<Effect> {
        let Some(Panel::Metrics(m)) = &mut self.panel else {
            return vec![];
        };
        let n = self.backlog.get(m.key).map_or(0, |i| i.metrics.len());
        match cmd {
            Cmd::MetricsDown if n > 0 => m.selected = (m.selected + 1).min(n - 1),
            Cmd::MetricsUp => m.selected = m.selected.saturating_sub(1),
            Cmd::MetricsAdd => self.metric_form(None),
            Cmd::MetricsEdit if n == 0 => self.metric_form(None),
            Cmd::MetricsEdit => {
                let at = m.selected;
                self.metric_form(Some(at));
            }
            Cmd::MetricsRemove => self.confirm_remove_metric(),
            Cmd::MetricsClose => self.panel = None,
            _ => {}
        }
        vec![]
    }

    /// The initiative the panel shows, for a change: refused on a
    /// read-only file.
    fn metrics_target(&mut self) -> Option<Item> {
        if self.read_only {
            self.error(format!(
                "{} is read-only: nothing was changed",
                self.file_name
            ));
            return None;
        }
        self.metrics_initiative().cloned()
    }

    /// The form that adds a metric (`None`) or edits metric `n` (from 0).
    fn metric_form(&mut self, n: Option<usize>) {
        let Some(item) = self.metrics_target() else {
            return;
        };
        let blank = Metric {
            name: String::new(),
            baseline: String::new(),
            target: String::new(),
            checkins: Vec::new(),
        };
        let (title, target, m) = match n.and_then(|n| item.metrics.get(n).map(|m| (n, m))) {
            Some((n, m)) => (
                format!("Metric {} of {} {}", n + 1, item.key, item.title),
                FormTarget::EditMetric(Pin::of(&item), n),
                m,
            ),
            None => (
                format!("New success metric of {} {}", item.key, item.title),
                FormTarget::AddMetric(Pin::of(&item)),
                &blank,
            ),
        };
        let fields = vec![
            Field::new(
                "Name",
                "what you measure, e.g. calls to dispatch per job",
                &m.name,
            ),
            Field::new(
                "Baseline",
                "where it starts, with its unit if any: 46, 7 min, 9.5%",
                &m.baseline,
            ),
            Field::new(
                "Target",
                "where it should get to: 20, 3 min, 15%",
                &m.target,
            ),
        ];
        self.mode = Mode::Form(Form::new(title, target, fields));
    }

    /// What a submitted metric form saves: the initiative with the metric
    /// added, or changed (its check-ins kept).
    pub(super) fn submit_metric(
        &self,
        form: &Form,
        pin: Pin,
        n: Option<usize>,
    ) -> Result<Effect, String> {
        let mut item = self.current(pin.key, pin.version)?;
        let name = clean_title("metric name", &form.value(0)).map_err(|e| e.to_string())?;
        let (baseline, target) = (
            form.value(1).trim().to_string(),
            form.value(2).trim().to_string(),
        );
        let summary = match n {
            Some(n) => {
                let m = item
                    .metrics
                    .get_mut(n)
                    .ok_or_else(|| format!("{} no longer has a metric {}", pin.key, n + 1))?;
                (m.name, m.baseline, m.target) = (name, baseline, target);
                format!("edit metric {} of {}", n + 1, pin.key)
            }
            None => {
                item.metrics.push(Metric {
                    name,
                    baseline,
                    target,
                    checkins: Vec::new(),
                });
                format!("add a metric to {}", pin.key)
            }
        };
        Ok(Effect::Save {
            summary,
            items: vec![item],
        })
    }

    fn confirm_remove_metric(&mut self) {
        let Some(Panel::Metrics(m)) = &self.panel else {
            return;
        };
        let at = m.selected;
        let Some(mut item) = self.metrics_target() else {
            return;
        };
        let key: Key = item.key;
        if at >= item.metrics.len() {
            self.error(format!("{key} has no success metrics to remove"));
            return;
        }
        let removed = item.metrics.remove(at);
        let checkins = if removed.checkins.is_empty() {
            String::new()
        } else {
            format!(
                " and its {}",
                count(removed.checkins.len(), "check-in", "check-ins")
            )
        };
        self.mode = Mode::Confirm(Confirm {
            message: format!(
                "Remove metric {} “{}” of {key}{checkins}? (undo with {})",
                at + 1,
                removed.name,
                self.keymap.hint(Cmd::Undo)
            ),
            effect: Effect::Save {
                items: vec![item],
                summary: format!("remove metric {} of {key}", at + 1),
            },
        });
    }
}
