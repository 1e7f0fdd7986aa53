//! `App::update` for metric check-ins: the form (on an initiative, or on
//! the initiative of the selected epic or story) and what submitting it
//! saves. The rule itself is the domain's (`domain::checkin::record`).

use super::action::Effect;
use super::app::{App, Mode};
use super::form::{Field, Form, FormTarget, Pin};
use crate::domain::checkin::{NewCheckIn, record};
use crate::domain::parse::{date, position};
use crate::domain::text::terminal_safe;
use crate::domain::{Item, Kind};

impl App {
    /// The initiative a check-in goes to: the selection, or the
    /// initiative above it.
    fn checkin_initiative(&self) -> Option<Item> {
        let mut item = self.selected_item()?;
        while item.kind() != Kind::Initiative {
            item = self.backlog.get(item.parent?)?;
        }
        Some(item.clone())
    }

    pub(super) fn checkin_form(&mut self) {
        if self.target(None, "Metric check-ins").is_none() {
            return;
        }
        let Some(item) = self.checkin_initiative() else {
            self.error("Metric check-ins apply to initiatives; this item has none above it");
            return;
        };
        if item.metrics.is_empty() {
            self.error(format!(
                "{} has no success metrics to check in (backlog metric add {} NAME)",
                item.key, item.key
            ));
            return;
        }
        let names: Vec<String> = item
            .metrics
            .iter()
            .enumerate()
            .map(|(n, m)| format!("{} {}", n + 1, terminal_safe(&m.name, false)))
            .collect();
        let today = self.now.date_naive().to_string();
        let fields = vec![
            Field::new("Metric", names.join(" · "), "1"),
            Field::new("Value", "a number, like the baseline and target", ""),
            Field::new("Date", "YYYY-MM-DD", &today),
            Field::new("Note", "optional: what moved it", ""),
        ];
        self.mode = Mode::Form(Form::new(
            format!("Check-in on {} {}", item.key, item.title),
            FormTarget::CheckIn(Pin::of(&item)),
            fields,
        ));
    }

    pub(super) fn submit_checkin(&self, form: &Form, pin: Pin) -> Result<Effect, String> {
        let mut item = self.current(pin.key, pin.version)?;
        let e = |d: crate::domain::DomainError| d.to_string();
        let c = NewCheckIn {
            metric: position("metric", &form.value(0)).map_err(e)?,
            value: form.value(1),
            date: date(&form.value(2)).map_err(e)?,
            note: form.value(3),
        };
        record(&mut item, &c).map_err(e)?;
        Ok(Effect::Save {
            summary: format!("check in metric {} of {}", c.metric, pin.key),
            items: vec![item],
        })
    }
}
