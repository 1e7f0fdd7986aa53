//! `App::update` for the Refine tab: stepping through the queue, quick
//! estimates, scope, marking ready, parking, decisions.

use super::action::Effect;
use super::app::{App, Focus, Mode, Tab};
use super::form::{Field, Form, FormTarget, PickTarget, Picker, Pin};
use super::layout;
use super::refine_body::{RefineBody, count_points, max_scroll};
use super::theme::Theme;
use crate::domain::number::fmt_plain;
use crate::domain::ready::set_status;
use crate::domain::{DomainError, Kind, Status};

impl App {
    pub(super) fn refine_step(&mut self, d: isize) {
        if self.tab != Tab::Refine || self.refine.queue.is_empty() {
            return;
        }
        let before = self.selected_key();
        let last = self.refine.queue.len() as isize - 1;
        self.refine.pos = (self.refine.pos as isize + d).clamp(0, last) as usize;
        if self.selected_key() != before {
            self.focus = Focus::List;
            self.criterion = 0;
            self.refine.scroll = 0;
        }
        self.forget_message_about(before);
    }

    /// The story's body as drawn now, and the rows it shows at once.
    fn refine_body(&self) -> Option<(RefineBody, usize)> {
        let item = self.selected_item()?;
        let areas = layout::refine_areas(self.size);
        let theme = Theme::new(self.refine.theme, self.no_color);
        let body = RefineBody::build(self, &theme, item, &areas);
        Some((body, areas.visible_rows()))
    }

    /// Scrolls the story's body `d` lines (down when positive), no
    /// further than its last line.
    pub(super) fn refine_scroll(&mut self, d: isize) {
        let Some((body, visible)) = self.refine_body() else {
            return;
        };
        let max = max_scroll(&body, visible) as isize;
        self.refine.scroll = (self.refine.scroll as isize)
            .saturating_add(d)
            .clamp(0, max) as usize;
    }

    /// Rows the Refine tab scrolls by a page.
    pub(super) fn refine_page(&self) -> isize {
        layout::refine_areas(self.size).visible_rows().max(2) as isize - 1
    }

    /// Scrolls the body so the selected criterion shows whole.
    pub(super) fn refine_follow_criterion(&mut self) {
        if self.tab != Tab::Refine || self.focus != Focus::Criteria {
            return;
        }
        let Some((body, visible)) = self.refine_body() else {
            return;
        };
        let Some(&first) = body.criteria_rows.get(self.criterion) else {
            return;
        };
        let end = body
            .criteria_rows
            .get(self.criterion + 1)
            .copied()
            .unwrap_or(body.left.len())
            .max(first + 1);
        let s = &mut self.refine.scroll;
        if first < *s {
            *s = first;
        } else if end > *s + visible {
            *s = (end - visible).min(first);
        }
        *s = (*s).min(max_scroll(&body, visible));
    }

    pub(super) fn quick_points(&mut self) {
        let Some(item) = self.target(Some(Kind::Story), "Points") else {
            return;
        };
        let options: Vec<(String, String)> = crate::domain::scoring::FIBONACCI
            .iter()
            .map(|p| (count_points(*p), fmt_plain(*p)))
            .collect();
        let selected = item
            .points
            .and_then(|p| {
                crate::domain::scoring::FIBONACCI
                    .iter()
                    .position(|f| *f == p)
            })
            .unwrap_or(2);
        self.mode = Mode::Picker(Picker::new(
            format!("Estimate {} {} (type a number)", item.key, item.title),
            PickTarget::Points(Pin::of(&item)),
            options,
            selected,
        ));
    }

    pub(super) fn scope_picker(&mut self) {
        let mut options = vec![("All stories".to_string(), "all".to_string())];
        for kind in [Kind::Initiative, Kind::Epic] {
            options.extend(
                self.backlog
                    .items()
                    .iter()
                    .filter(|i| i.kind() == kind && !self.backlog.is_hidden(i))
                    .map(|i| (format!("{}  {}", i.key, i.title), i.key.to_string())),
            );
        }
        self.mode = Mode::Picker(
            Picker::new(
                "Refine which epic or initiative? (type to search)",
                PickTarget::Scope,
                options,
                0,
            )
            .searchable(),
        );
    }

    pub(super) fn mark_ready(&mut self) -> Vec<Effect> {
        let Some(mut item) = self.target(Some(Kind::Story), "Ready") else {
            return vec![];
        };
        if item.status == Status::Ready {
            self.info(format!("{} is already ready", item.key));
            return vec![];
        }
        let backlog = &self.backlog;
        match set_status(&mut item, Status::Ready, |k| backlog.status_of(k), false) {
            Ok(_) => {
                let summary = format!("{} is ready", item.key);
                self.write(Effect::Save {
                    items: vec![item],
                    summary,
                })
            }
            Err(DomainError::NotReady { key, missing }) => {
                self.error(format!(
                    "{key} is not ready: missing {}",
                    missing.join("; ")
                ));
                vec![]
            }
            Err(e) => {
                self.error(e.to_string());
                vec![]
            }
        }
    }

    pub(super) fn park(&mut self) -> Vec<Effect> {
        let Some(mut item) = self.target(Some(Kind::Story), "Park") else {
            return vec![];
        };
        let parked = crate::domain::session::PARKED;
        let summary = if item.labels.iter().any(|l| l == parked) {
            item.labels.retain(|l| l != parked);
            format!("{} unparked", item.key)
        } else {
            item.labels.push(parked.to_string());
            format!("{} parked", item.key)
        };
        self.write(Effect::Save {
            items: vec![item],
            summary,
        })
    }

    pub(super) fn decide_form(&mut self) {
        let Some(item) = self.target(None, "Decisions") else {
            return;
        };
        let fields = vec![
            Field::new("Decision", "what was decided", ""),
            Field::new("Rationale", "why", ""),
        ];
        self.mode = Mode::Form(Form::new(
            format!("Decision on {} {}", item.key, item.title),
            FormTarget::Decide(Pin::of(&item)),
            fields,
        ));
    }
}
