//! Views: functions of `(&App, &Theme, Frame, Rect)` that only draw.

mod backlog;
mod confirm;
mod detail;
mod form;
mod health;
mod help;
mod palette;
mod picker;
mod ranked;
mod refine;
mod roadmap;
mod welcome;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::app::{App, Focus, Level, Mode, Tab};
use super::keymap::Cmd;
use super::layout;
use super::theme::Theme;
use super::widgets::text::{counted, fit};

/// Draws the whole screen.
pub fn draw(f: &mut Frame, app: &App) {
    let area = f.area();
    if app.tab == Tab::Refine && !app.backlog.is_empty() {
        // Shared-screen mode: the story fills the screen; tabs, status and
        // help collapse into one quiet line.
        let theme = Theme::new(app.refine.theme, app.no_color);
        f.render_widget(Block::default().style(theme.base), area);
        refine::draw(f, app, &theme, area);
        draw_overlay(f, app, &theme);
        return;
    }
    let theme = Theme::new(app.theme, app.no_color);
    f.render_widget(Block::default().style(theme.base), area);
    let [tabs, body, status, help] = layout::frame(area);
    draw_tabs(f, app, &theme, tabs);
    if app.backlog.is_empty() {
        welcome::draw(f, app, &theme, body);
    } else {
        match app.tab {
            Tab::Backlog => backlog::draw(f, app, &theme, body),
            Tab::Ranked => ranked::draw(f, app, &theme, body),
            Tab::Health => health::draw(f, app, &theme, body),
            Tab::Roadmap => roadmap::draw(f, app, &theme, body),
            Tab::Refine => refine::draw(f, app, &theme, body),
        }
    }
    draw_status(f, app, &theme, status);
    draw_help_line(f, app, &theme, help);
    draw_overlay(f, app, &theme);
}

fn draw_overlay(f: &mut Frame, app: &App, theme: &Theme) {
    match &app.mode {
        Mode::Form(form) => form::draw(f, app, theme, form),
        Mode::Picker(p) => picker::draw(f, theme, p),
        Mode::Palette(p) => palette::draw(f, app, theme, p),
        Mode::Help { scroll } => help::draw(f, app, theme, *scroll),
        Mode::Confirm(c) => confirm::draw(f, theme, c),
        Mode::Normal | Mode::Filter => {}
    }
}

fn draw_tabs(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let mut spans = Vec::new();
    for t in layout::tab_areas(f.area()) {
        let style = if t.tab == app.tab {
            theme.tab_active
        } else {
            theme.tab
        };
        spans.push(Span::styled(t.label, style));
        spans.push(Span::raw(" "));
    }
    let right = format!("{}  ", app.model.label());
    let used: usize = spans.iter().map(|s| s.content.chars().count()).sum();
    let pad = (area.width as usize).saturating_sub(used + right.chars().count());
    spans.push(Span::raw(" ".repeat(pad)));
    spans.push(Span::styled(right, theme.dim));
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_status(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let [i, e, s] = app.backlog.counts();
    let ro = if app.read_only { " · read-only" } else { "" };
    let left = format!(
        " {}{ro} · {} · {} · {} ",
        app.file_name,
        counted(i, "initiative", "initiatives"),
        counted(e, "epic", "epics"),
        counted(s, "story", "stories"),
    );
    let mut spans = vec![Span::styled(
        fit(&left, area.width as usize),
        theme.status_bar,
    )];
    let width = area.width as usize;
    let used = spans[0].content.chars().count();
    if let Some((msg, level)) = &app.message {
        let style = match level {
            Level::Info => theme.status_bar,
            Level::Error => theme.error,
        };
        let room = width.saturating_sub(used + 2);
        spans.push(Span::styled(format!(" {} ", fit(msg, room)), style));
    }
    let used: usize = spans
        .iter()
        .map(|s| unicode_width::UnicodeWidthStr::width(s.content.as_ref()))
        .sum();
    spans.push(Span::styled(
        " ".repeat(width.saturating_sub(used)),
        theme.status_bar,
    ));
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

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
        Mode::Help { .. } => {
            return vec![
                (format!("{}/{}", k(Cmd::HelpDown), k(Cmd::HelpUp)), "scroll"),
                (k(Cmd::HelpClose), "close"),
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
            v.extend([(k(Cmd::Open), "go to item")]);
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

fn draw_help_line(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let mut spans: Vec<Span> = Vec::new();
    if matches!(app.mode, Mode::Filter) || !app.filter.is_empty() {
        spans.push(Span::styled(" / ", theme.help_key));
        spans.push(Span::styled(
            format!(
                "{}{} ",
                fit(&app.filter, 30),
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

/// A bordered block with a title, focused or not.
pub fn block<'a>(title: String, focused: bool, theme: &Theme) -> Block<'a> {
    Block::bordered()
        .title(Span::styled(title, theme.heading))
        .border_style(if focused {
            theme.border_focus
        } else {
            theme.border
        })
        .style(theme.base)
}

/// "↓ 12 more" / "↑ 3 above" hints for a list's bottom border.
pub fn scroll_hint(offset: usize, shown: usize, len: usize) -> String {
    let below = len.saturating_sub(offset + shown);
    match (offset > 0, below > 0) {
        (true, true) => format!(" ↑ {offset} above · ↓ {below} more "),
        (true, false) => format!(" ↑ {offset} above "),
        (false, true) => format!(" ↓ {below} more "),
        (false, false) => String::new(),
    }
}
