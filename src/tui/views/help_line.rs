//! The help line at the bottom: the filter as typed, and the keys that
//! work here, from the live keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::{App, Focus, Mode, Tab};
use crate::tui::keymap::Cmd;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::fit;

/// The keys that work here, from the live keymap.
pub fn context_keys(app: &App) -> Vec<(String, &'static str)> {
    let k = |c: Cmd| app.keymap.hint(c);
    match &app.mode {
        Mode::Filter => {
            return vec![
                ("type".into(), "filter"),
                (k(Cmd::FilterKeep), "keep"),
                (k(Cmd::FilterClear), "clear"),
            ];
        }
        Mode::Form(_) => {
            return vec![
                (k(Cmd::FormSave), "save"),
                (k(Cmd::FormNextField), "next field"),
                (k(Cmd::FieldNewLine), "new line"),
                (k(Cmd::FormCancel), "cancel"),
            ];
        }
        Mode::Picker(_) => {
            return vec![
                (
                    format!("{}{}", k(Cmd::PickerUp), k(Cmd::PickerDown)),
                    "choose",
                ),
                (k(Cmd::PickerChoose), "pick"),
                (k(Cmd::PickerCancel), "cancel"),
            ];
        }
        Mode::Palette(_) => {
            return vec![
                (
                    format!("{}{}", k(Cmd::PaletteUp), k(Cmd::PaletteDown)),
                    "choose",
                ),
                (k(Cmd::PaletteRun), "pick"),
                (k(Cmd::PaletteClose), "cancel"),
            ];
        }
        Mode::Confirm(_) => {
            return vec![(k(Cmd::ConfirmYes), "yes"), (k(Cmd::ConfirmNo), "no")];
        }
        Mode::Help { .. } | Mode::History(_) => {
            return vec![
                (format!("{}/{}", k(Cmd::HelpDown), k(Cmd::HelpUp)), "scroll"),
                (k(Cmd::HelpClose), "close"),
            ];
        }
        Mode::Normal if app.panel.is_some() => {
            return match &app.panel {
                Some(crate::tui::panel::Panel::Metrics(_)) => super::metrics::keys(app),
                _ => super::archive::keys(app),
            };
        }
        Mode::Normal if app.deps.is_some() => {
            return vec![
                (format!("{}/{}", k(Cmd::DepsDown), k(Cmd::DepsUp)), "move"),
                (
                    format!("{}/{}", k(Cmd::DepsFold), k(Cmd::DepsUnfold)),
                    "fold",
                ),
                (k(Cmd::DepsJump), "go to"),
                (k(Cmd::DepsAdd), "add"),
                (k(Cmd::DepsRemove), "remove"),
                (k(Cmd::Undo), "undo"),
                (k(Cmd::DepsClose), "close"),
                (k(Cmd::Help), "help"),
            ];
        }
        Mode::Normal => {}
    }
    if app.backlog.is_empty() {
        return vec![
            (k(Cmd::NewInitiative), "new initiative"),
            (k(Cmd::Help), "help"),
            (k(Cmd::Quit), "quit"),
        ];
    }
    let mut v = Vec::new();
    match app.tab {
        Tab::Backlog if app.focus == Focus::Criteria => {
            v.extend([
                (k(Cmd::ToggleCriterion), "toggle"),
                (k(Cmd::Edit), "edit"),
                (k(Cmd::AddCriterion), "add"),
                (
                    format!("{}/{}", k(Cmd::MoveDown), k(Cmd::MoveUp)),
                    "reorder",
                ),
                (k(Cmd::DeleteCriterion), "delete"),
                (k(Cmd::Back), "back"),
            ]);
        }
        Tab::Backlog => {
            v.extend([
                (format!("{}/{}", k(Cmd::Collapse), k(Cmd::Expand)), "fold"),
                (k(Cmd::AddChild), "add"),
                (k(Cmd::Edit), "edit"),
                (k(Cmd::AddCriterion), "criterion"),
                (k(Cmd::Points), "points"),
                (k(Cmd::Rice), "RICE"),
                (k(Cmd::Wsjf), "WSJF"),
                (k(Cmd::Status), "status"),
                (k(Cmd::Focus), "criteria"),
            ]);
        }
        Tab::Refine => {
            let r = |c: Cmd| app.keymap.keys(c).first().map_or("–".into(), |b| b.label());
            v.extend([
                (
                    format!("{}/{}", r(Cmd::RefineNext), r(Cmd::RefinePrev)),
                    "next/prev",
                ),
                (k(Cmd::AddCriterion), "criterion"),
                (k(Cmd::Focus), "criteria"),
                (r(Cmd::QuickPoints), "points"),
                (k(Cmd::Edit), "edit"),
                (k(Cmd::MarkReady), "ready"),
                (k(Cmd::Decide), "decision"),
                (k(Cmd::Park), "park"),
                (r(Cmd::RefineScope), "scope"),
                (k(Cmd::ExportSummary), "summary"),
            ]);
        }
        Tab::Health => {
            if app.health.open.is_some() {
                v.extend([(k(Cmd::Open), "go to item"), (k(Cmd::Back), "back")]);
            } else {
                v.extend([(k(Cmd::Open), "open")]);
            }
        }
        Tab::Roadmap => {
            let r = |c: Cmd| app.keymap.keys(c).first().map_or("–".into(), |b| b.label());
            v.extend([
                (
                    format!("{}/{}", r(Cmd::LaneEarlier), r(Cmd::LaneLater)),
                    "move lane",
                ),
                (format!("{}/{}", k(Cmd::MoveDown), k(Cmd::MoveUp)), "rank"),
                (k(Cmd::SwitchModel), "RICE/WSJF"),
                (r(Cmd::ToggleLevel), "epics/initiatives"),
                (r(Cmd::ExportRoadmap), "export"),
                (r(Cmd::TakeSnapshot), "snapshot"),
                (r(Cmd::CompareSnapshot), "compare"),
            ]);
            let pinned = app
                .selected_roadmap_key()
                .and_then(|k| app.backlog.get(k))
                .is_some_and(|i| i.pinned.is_some());
            if pinned {
                v.push((r(Cmd::Unpin), "unpin"));
            }
        }
        Tab::Insights => {
            let r = |c: Cmd| app.keymap.keys(c).first().map_or("–".into(), |b| b.label());
            v.extend([
                (r(Cmd::InsightLink), "link"),
                (r(Cmd::InsightUnlink), "unlink"),
                (r(Cmd::InsightJump), "go to item"),
                (k(Cmd::Archive), "archive"),
            ]);
        }
        Tab::Ranked => {
            v.extend([
                (k(Cmd::SwitchModel), "RICE/WSJF"),
                (k(Cmd::ToggleKind), "stories/epics"),
                (k(Cmd::Rice), "RICE"),
                (k(Cmd::Wsjf), "WSJF"),
                (k(Cmd::Open), "open in tree"),
            ]);
        }
    }
    v.extend([
        (k(Cmd::Filter), "filter"),
        (k(Cmd::Undo), "undo"),
        (k(Cmd::Help), "help"),
        (k(Cmd::Quit), "quit"),
    ]);
    v
}

pub fn draw_help_line(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let mut spans: Vec<Span> = Vec::new();
    if matches!(app.mode, Mode::Filter) || !app.shown_filter().is_empty() {
        spans.push(Span::styled(" / ", theme.help_key));
        spans.push(Span::styled(
            format!(
                "{}{} ",
                fit(app.shown_filter(), 30),
                if matches!(app.mode, Mode::Filter) {
                    "▏"
                } else {
                    ""
                }
            ),
            theme.title,
        ));
    }
    let mut width: usize = spans.iter().map(|s| s.content.chars().count()).sum();
    let keys = context_keys(app);
    // `? help` always shows (it lists everything the line has no room for).
    let help_key = app.keymap.hint(Cmd::Help);
    let help_at_end = matches!(app.mode, Mode::Normal);
    let reserve = if help_at_end {
        help_key.chars().count() + " help ".len() + 1
    } else {
        0
    };
    for (key, what) in keys.iter().filter(|(_, w)| !help_at_end || *w != "help") {
        let piece = key.chars().count() + what.chars().count() + 3;
        if width + piece + reserve > area.width as usize {
            break;
        }
        spans.push(Span::styled(format!(" {key}"), theme.help_key));
        spans.push(Span::styled(format!(" {what} "), theme.dim));
        width += piece;
    }
    if help_at_end && width + reserve <= area.width as usize {
        spans.push(Span::styled(format!(" {help_key}"), theme.help_key));
        spans.push(Span::styled(" help ", theme.dim));
    }
    f.render_widget(
        Paragraph::new(Line::from(spans)).style(Style::default()),
        area,
    );
}
