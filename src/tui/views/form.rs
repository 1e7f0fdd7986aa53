//! A form dialog: labelled text fields, hints, an inline error.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::block;
use crate::tui::app::App;
use crate::tui::form::Form;
use crate::tui::layout;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::fit;

const LABEL_W: u16 = 18;

pub fn draw(f: &mut Frame, app: &App, theme: &Theme, form: &Form) {
    let area = f.area();
    let rows: u16 = form
        .fields
        .iter()
        .map(|fl| if fl.multiline { 5 } else { 2 })
        .sum();
    // The tab bar and the status line stay in view where there is room.
    let max = match area.height.saturating_sub(4) {
        h if h >= 8 => h,
        _ => area.height,
    };
    let height = (rows + 4).min(max);
    let width = area.width.saturating_sub(4).clamp(40, 100);
    let r = layout::centered(area, width, height);
    f.render_widget(Clear, r);
    // A form taller than the screen scrolls to keep the focused field
    // in view, with a marker of the fields above and below.
    let room = height.saturating_sub(3);
    let (first, shown) = visible_fields(form, room);
    let b = block(
        format!(" {} ", fit(&form.title, width as usize - 4)),
        true,
        theme,
    )
    .title_bottom(Line::from(super::scroll_hint(first, shown, form.fields.len())).right_aligned());
    let inner = b.inner(r);
    f.render_widget(b, r);

    let mut y = inner.y;
    for (i, field) in form.fields.iter().enumerate().skip(first) {
        let h = if field.multiline { 4 } else { 1 };
        if y + h > inner.y + inner.height.saturating_sub(1) {
            break;
        }
        let focused = i == form.focus;
        let label = Rect::new(inner.x, y, LABEL_W.min(inner.width), 1);
        f.render_widget(
            Paragraph::new(Span::styled(
                field.label,
                if focused {
                    theme.help_key
                } else {
                    theme.heading
                },
            )),
            label,
        );
        let input = Rect::new(inner.x + LABEL_W, y, inner.width.saturating_sub(LABEL_W), h);
        if focused {
            let mut ta = field.input.clone();
            ta.set_style(theme.base);
            ta.set_cursor_line_style(Style::default());
            ta.set_cursor_style(theme.selected);
            f.render_widget(&ta, input);
        } else {
            // From the start, cut with an ellipsis: a text area would
            // show the end, scrolled to its cursor.
            let lines: Vec<Line> = field
                .input
                .lines()
                .iter()
                .take(h as usize)
                .map(|l| Line::from(fit(l, input.width as usize)))
                .collect();
            f.render_widget(Paragraph::new(lines).style(theme.base), input);
        }
        let hint = Rect::new(
            inner.x + LABEL_W,
            y + h,
            inner.width.saturating_sub(LABEL_W),
            1,
        );
        f.render_widget(
            Paragraph::new(Span::styled(
                fit(&field.hint, hint.width as usize),
                theme.dim,
            )),
            hint,
        );
        y += h + 1;
    }
    let last = Rect::new(
        inner.x,
        inner.y + inner.height.saturating_sub(1),
        inner.width,
        1,
    );
    let line = match (&form.error, form.pending) {
        (Some(e), _) => Line::from(Span::styled(fit(e, last.width as usize), theme.error)),
        (None, true) => Line::from(Span::styled("Saving…", theme.dim)),
        (None, false) => {
            use crate::tui::keymap::Cmd;
            let another = match form.target {
                crate::tui::form::FormTarget::NewItem { .. } => format!(
                    " · {} saves, adds another",
                    app.keymap.hint(Cmd::FormSaveAnother)
                ),
                _ => String::new(),
            };
            Line::from(Span::styled(
                fit(
                    &format!(
                        "{} saves{another} · {} next field · {} cancels",
                        app.keymap.hint(Cmd::FormSave),
                        app.keymap.hint(Cmd::FormNextField),
                        app.keymap.hint(Cmd::FormCancel)
                    ),
                    last.width as usize,
                ),
                theme.dim,
            ))
        }
    };
    f.render_widget(Paragraph::new(line), last);
    let _ = app;
}

/// Rows a field takes: its input and its hint.
fn field_rows(field: &crate::tui::form::Field) -> u16 {
    if field.multiline { 5 } else { 2 }
}

/// The first field drawn and how many fit in `room` rows: from the top,
/// unless the focused field would not fit, then as far down as it needs.
fn visible_fields(form: &Form, room: u16) -> (usize, usize) {
    let rows =
        |from: usize, to: usize| -> u16 { form.fields[from..=to].iter().map(field_rows).sum() };
    let mut first = 0;
    while first < form.focus && rows(first, form.focus) > room {
        first += 1;
    }
    let mut shown = 0;
    let mut used = 0;
    for field in &form.fields[first..] {
        used += field_rows(field);
        if used > room {
            break;
        }
        shown += 1;
    }
    (first, shown.max(1).min(form.fields.len() - first))
}
