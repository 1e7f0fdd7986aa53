//! The RICE form's "reach from the evidence" toggle: `Ctrl-t` fills Reach
//! with the number of distinct customers behind the item (its linked
//! insights, rolled up as `customers` is) and puts back what was typed when
//! pressed again; the saved change says where the reach came from, as
//! `score --reach-from-evidence` does.

use super::app::{App, Mode};
use super::form::{Form, FormTarget};
use crate::domain::text::count;
use crate::domain::{Item, Key};

/// The evidence behind the item a RICE form is on, and the toggle's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReachEvidence {
    pub customers: usize,
    pub insights: Vec<Key>,
    /// Reach is the evidence's (the field holds `customers`).
    pub on: bool,
    /// What the Reach field held before the toggle filled it.
    pub typed: String,
}

impl ReachEvidence {
    /// The evidence behind `item`; `None` when no customer is behind it.
    pub fn of(app: &App, item: &Item) -> Option<ReachEvidence> {
        let customers = app.backlog.customers(item.key);
        (customers > 0).then(|| ReachEvidence {
            customers,
            insights: app
                .backlog
                .evidence_rolled_up(item.key)
                .into_iter()
                .collect(),
            on: false,
            typed: String::new(),
        })
    }

    /// `the 3 customers in its evidence (F-1, F-4)`.
    pub fn reason(&self) -> String {
        let keys: Vec<String> = self.insights.iter().map(ToString::to_string).collect();
        format!(
            "the {} in its evidence ({})",
            count(self.customers, "customer", "customers"),
            keys.join(", ")
        )
    }

    /// The Reach field's hint.
    pub fn hint(&self, key_hint: &str) -> String {
        if self.on {
            format!(
                "from the evidence: {} · {key_hint} to type it instead",
                count(self.customers, "customer", "customers")
            )
        } else {
            format!(
                "people or events per period, ≥ 0 · {key_hint}: the {} in its evidence",
                count(self.customers, "customer", "customers")
            )
        }
    }

    /// Whether the submitted form takes its reach from the evidence.
    pub fn applies(&self, reach_typed: &str) -> bool {
        self.on && reach_typed.trim() == self.customers.to_string()
    }
}

impl App {
    /// `Ctrl-t` in a form: on a RICE form, switches Reach between the
    /// evidence's customer count and what was typed.
    pub(super) fn toggle_reach_evidence(&self, form: &mut Form) {
        if !matches!(form.target, FormTarget::Rice(_)) {
            return;
        }
        let key_hint = self.keymap.hint(super::keymap::Cmd::FormReachFromEvidence);
        let Some(ev) = form.reach_evidence.as_mut() else {
            let key = match form.target {
                FormTarget::Rice(p) => p.key,
                _ => return,
            };
            form.error = Some(format!(
                "{key} has no customer evidence: link insights to it (Insights tab, a) or type a reach"
            ));
            return;
        };
        if ev.on {
            let typed = ev.typed.clone();
            ev.on = false;
            form.fields[0].set_text(&typed);
        } else {
            ev.typed = form.fields[0].text();
            ev.on = true;
            form.fields[0].set_text(&ev.customers.to_string());
        }
        form.fields[0].hint = ev.hint(&key_hint);
        form.focus = 0;
        form.error = None;
    }

    /// A RICE form on `item`, its Reach hint offering the toggle when
    /// customers are behind the item.
    pub(super) fn offer_reach_evidence(&mut self, item: &Item) {
        let key_hint = self.keymap.hint(super::keymap::Cmd::FormReachFromEvidence);
        let evidence = ReachEvidence::of(self, item);
        if let Mode::Form(form) = &mut self.mode
            && let Some(ev) = evidence
        {
            form.fields[0].hint = ev.hint(&key_hint);
            form.reach_evidence = Some(ev);
        }
    }
}
