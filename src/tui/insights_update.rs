//! `App::update` for the Insights tab: triage of customer insights. `a`
//! links the selected insight to an item (a searchable picker, fuzzy as
//! every picker), `x` unlinks it (from its one item, else from the one
//! picked), `Enter` goes to the linked item (`Esc` comes back), `d`
//! archives it after asking; each write is one undoable change.

use super::action::Effect;
use super::app::{App, Focus, Mode, Tab};
use super::form::{Confirm, PickTarget, Picker, Pin};
use super::insights_state::{InsightPick, InsightWrite};
use super::keymap::Cmd;
use super::tab_state::BackTo;
use crate::domain::text::terminal_safe;
use crate::domain::{Item, Key, parse};

impl App {
    /// The Insights tab's commands (and its tab key, from anywhere; its
    /// triage commands from the palette go to the tab first). `None`: not
    /// one of them.
    pub(super) fn insights_command(&mut self, cmd: Cmd) -> Option<Vec<Effect>> {
        if !matches!(self.mode, Mode::Normal) {
            return None;
        }
        let triage = matches!(
            cmd,
            Cmd::InsightLink | Cmd::InsightUnlink | Cmd::InsightJump
        );
        if cmd == Cmd::TabInsights || (triage && self.tab != Tab::Insights) {
            self.switch_tab(Tab::Insights);
        }
        Some(match cmd {
            Cmd::TabInsights => vec![],
            Cmd::InsightLink => {
                self.insight_link_picker();
                vec![]
            }
            Cmd::InsightUnlink => self.insight_unlink(),
            Cmd::InsightJump => {
                self.insight_jump();
                vec![]
            }
            Cmd::Archive if self.tab == Tab::Insights => {
                self.confirm_insight_archive();
                vec![]
            }
            _ => return None,
        })
    }

    /// The tab's rows, recomputed from the backlog.
    pub(super) fn refresh_insights(&mut self) {
        let h = self.list_height();
        self.insights.rebuild(&self.backlog, h);
    }

    /// The selected insight, as it is now.
    fn selected_insight(&mut self) -> Option<Item> {
        let found = self
            .insights
            .selected_key()
            .and_then(|k| self.backlog.insight(k))
            .cloned();
        if found.is_none() {
            self.info("No insight selected: `backlog insight add` or `insight import` adds some");
        }
        found
    }

    /// The selected insight, if a write may change it.
    fn insight_to_change(&mut self) -> Option<Item> {
        if self.read_only {
            self.error(format!(
                "{} is read-only: nothing was changed",
                self.file_name
            ));
            return None;
        }
        self.selected_insight()
    }

    fn insight_link_picker(&mut self) {
        let Some(insight) = self.insight_to_change() else {
            return;
        };
        let options: Vec<(String, String)> = self
            .backlog
            .items()
            .iter()
            .filter(|i| !insight.depends_on.contains(&i.key) && !self.backlog.is_hidden(i))
            .map(|i| (label(i), i.key.to_string()))
            .collect();
        self.mode = Mode::Picker(
            Picker::new(
                format!(
                    "Link {} “{}” to… (type to search)",
                    insight.key,
                    terminal_safe(&insight.title, false)
                ),
                PickTarget::Insight(InsightPick::Link(Pin::of(&insight))),
                options,
                0,
            )
            .searchable(),
        );
    }

    fn insight_unlink(&mut self) -> Vec<Effect> {
        let Some(insight) = self.insight_to_change() else {
            return vec![];
        };
        match insight.depends_on.as_slice() {
            [] => {
                self.info(format!("{} is linked to nothing", insight.key));
                vec![]
            }
            [target] => self.write(Effect::Insight(InsightWrite::Unlink {
                insight: insight.key,
                target: *target,
            })),
            links => {
                self.links_picker(
                    format!("Unlink {} from…", insight.key),
                    InsightPick::Unlink(Pin::of(&insight)),
                    links,
                );
                vec![]
            }
        }
    }

    fn insight_jump(&mut self) {
        let Some(insight) = self.selected_insight() else {
            return;
        };
        match insight.depends_on.as_slice() {
            [] => self.info(format!(
                "{} waits in the inbox: {} links it to an item",
                insight.key,
                self.keymap.hint(Cmd::InsightLink)
            )),
            [target] => self.insight_go_to(*target),
            links => self.links_picker(
                format!("Go to an item {} is linked to", insight.key),
                InsightPick::Jump,
                links,
            ),
        }
    }

    /// A picker of the items in `links`.
    fn links_picker(&mut self, title: String, pick: InsightPick, links: &[Key]) {
        let options = links
            .iter()
            .map(|k| match self.backlog.get(*k) {
                Some(i) => (label(i), k.to_string()),
                None => (k.to_string(), k.to_string()),
            })
            .collect();
        self.mode = Mode::Picker(Picker::new(title, PickTarget::Insight(pick), options, 0));
    }

    /// Goes to `key` in the Backlog tab (`Esc` comes back here).
    fn insight_go_to(&mut self, key: Key) {
        match self.backlog.get(key) {
            Some(i) if !self.backlog.is_hidden(i) => {}
            Some(_) => {
                self.error(format!("{key} is archived"));
                return;
            }
            None => {
                self.error(format!("{key} no longer exists"));
                return;
            }
        }
        self.back.push(BackTo {
            tab: Tab::Insights,
            health_open: None,
            health_selected: 0,
        });
        self.tab = Tab::Backlog;
        self.focus = Focus::List;
        self.select_tree_key(key);
        self.clamp_lists();
    }

    fn confirm_insight_archive(&mut self) {
        let Some(insight) = self.insight_to_change() else {
            return;
        };
        self.mode = Mode::Confirm(Confirm {
            message: format!(
                "Archive {} “{}”? (undo with {})",
                insight.key,
                terminal_safe(&insight.title, false),
                self.keymap.hint(Cmd::Undo)
            ),
            effect: Effect::Insight(InsightWrite::Archive {
                insight: insight.key,
            }),
        });
    }

    /// What a picker opened on the Insights tab does with its choice.
    pub(super) fn insight_pick(
        &mut self,
        pick: InsightPick,
        value: &str,
    ) -> Result<Vec<Effect>, String> {
        let target = parse::key(value).map_err(|e| e.to_string())?;
        let current = |app: &App, pin: Pin| match app.backlog.insight(pin.key) {
            Some(i) if i.version == pin.version => Ok(()),
            Some(_) => Err(format!(
                "{} was changed elsewhere since you opened this picker: nothing was changed",
                pin.key
            )),
            None => Err(format!("{} no longer exists", pin.key)),
        };
        match pick {
            InsightPick::Link(pin) => {
                current(self, pin)?;
                Ok(self.write(Effect::Insight(InsightWrite::Link {
                    insight: pin.key,
                    target,
                })))
            }
            InsightPick::Unlink(pin) => {
                current(self, pin)?;
                Ok(self.write(Effect::Insight(InsightWrite::Unlink {
                    insight: pin.key,
                    target,
                })))
            }
            InsightPick::Jump => {
                self.insight_go_to(target);
                Ok(vec![])
            }
        }
    }
}

/// `E-1  Live technician map · epic`: an item as pickers offer it.
fn label(i: &Item) -> String {
    format!(
        "{}  {} · {}",
        i.key,
        terminal_safe(&i.title, false),
        i.kind()
    )
}
