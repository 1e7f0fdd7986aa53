//! Views: functions of `(&App, &Theme, Frame, Rect)` that only draw.

mod archive;
mod backlog;
mod confirm;
mod deps;
mod detail;
mod evidence;
mod form;
mod health;
mod help;
mod help_line;
mod history;
mod insights;
mod metrics;
mod palette;
mod picker;
mod planning_lines;
mod ranked;
mod refine;
mod roadmap;
mod status;
mod tab_bar;
mod welcome;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::text::Span;
use ratatui::widgets::Block;
use unicode_width::UnicodeWidthStr;

use super::app::{App, Mode, Tab};
use super::layout;
use super::panel::Panel;
use super::theme::Theme;
use crate::domain::text::{is_printable_ascii, terminal_safe};

/// Draws the whole screen. Nothing drawn reaches the terminal as a
/// control character, a line separator or an invisible character,
/// whichever view drew it ([`keep_terminal_safe`]).
pub fn draw(f: &mut Frame, app: &App) {
    draw_screen(f, app);
    keep_terminal_safe(f.buffer_mut());
}

/// The last word on every cell of a frame: a symbol that
/// [`terminal_safe`] would change — text a view drew without making it
/// safe — is replaced by its safe form when that takes the same columns,
/// else by a blank, so the layout stays as drawn.
fn keep_terminal_safe(buf: &mut Buffer) {
    for cell in &mut buf.content {
        let sym = cell.symbol();
        if is_printable_ascii(sym) {
            continue;
        }
        let safe = terminal_safe(sym, false);
        if safe != sym {
            let same_width = safe.width() == sym.width();
            cell.set_symbol(if same_width { &safe } else { " " });
        }
    }
}

fn draw_screen(f: &mut Frame, app: &App) {
    let area = f.area();
    if app.tab == Tab::Refine
        && !app.backlog.is_empty()
        && app.deps.is_none()
        && app.panel.is_none()
    {
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
    tab_bar::draw_tabs(f, app, &theme, tabs);
    if app.backlog.is_empty() {
        welcome::draw(f, app, &theme, body);
    } else if let Some(panel) = &app.panel {
        match panel {
            Panel::Metrics(m) => metrics::draw(f, app, m, &theme, body),
            Panel::Archive(a) => archive::draw(f, app, a, &theme, body),
        }
    } else if let Some(view) = &app.deps {
        deps::draw(f, app, view, &theme, body);
    } else {
        match app.tab {
            Tab::Backlog => backlog::draw(f, app, &theme, body),
            Tab::Ranked => ranked::draw(f, app, &theme, body),
            Tab::Health => health::draw(f, app, &theme, body),
            Tab::Roadmap => roadmap::draw(f, app, &theme, body),
            Tab::Refine => refine::draw(f, app, &theme, body),
            Tab::Insights => insights::draw(f, app, &theme, body),
        }
    }
    status::draw_status(f, app, &theme, status);
    help_line::draw_help_line(f, app, &theme, help);
    draw_overlay(f, app, &theme);
}

fn draw_overlay(f: &mut Frame, app: &App, theme: &Theme) {
    match &app.mode {
        Mode::Form(form) => form::draw(f, app, theme, form),
        Mode::Picker(p) => picker::draw(f, theme, p),
        Mode::Palette(p) => palette::draw(f, app, theme, p),
        Mode::Help { scroll } => help::draw(f, app, theme, *scroll),
        Mode::Confirm(c) => confirm::draw(f, theme, c),
        Mode::History(h) => history::draw(f, app, theme, h),
        Mode::Normal | Mode::Filter => {}
    }
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

pub use help_line::context_keys;
