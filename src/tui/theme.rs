//! Colours and styles. `NO_COLOR` turns colour off; the high-contrast
//! theme is for projectors and screen shares.

use ratatui::style::{Color, Modifier, Style};

use crate::domain::Status;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeName {
    Default,
    HighContrast,
}

impl ThemeName {
    pub fn parse(s: &str) -> Option<ThemeName> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "default" => Some(ThemeName::Default),
            "high-contrast" | "contrast" | "projector" => Some(ThemeName::HighContrast),
            _ => None,
        }
    }

    pub fn toggled(self) -> ThemeName {
        match self {
            ThemeName::Default => ThemeName::HighContrast,
            ThemeName::HighContrast => ThemeName::Default,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ThemeName::Default => "default",
            ThemeName::HighContrast => "high-contrast",
        }
    }
}

/// Every style a view uses, so views never pick colours themselves.
#[derive(Debug, Clone)]
pub struct Theme {
    pub name: ThemeName,
    pub base: Style,
    pub dim: Style,
    pub title: Style,
    pub key: Style,
    pub selected: Style,
    pub tab: Style,
    pub tab_active: Style,
    pub border: Style,
    pub border_focus: Style,
    pub heading: Style,
    pub ok: Style,
    pub warn: Style,
    pub error: Style,
    pub score: Style,
    pub status_bar: Style,
    pub help_key: Style,
}

impl Theme {
    pub fn new(name: ThemeName, no_color: bool) -> Theme {
        if no_color {
            return Theme::monochrome(name);
        }
        match name {
            ThemeName::Default => Theme {
                name,
                base: Style::default(),
                dim: Style::default().fg(Color::DarkGray),
                title: Style::default().add_modifier(Modifier::BOLD),
                key: Style::default().fg(Color::Cyan),
                selected: Style::default()
                    .bg(Color::Rgb(40, 52, 74))
                    .add_modifier(Modifier::BOLD),
                tab: Style::default().fg(Color::Gray),
                tab_active: Style::default()
                    .fg(Color::Black)
                    .bg(Color::Cyan)
                    .add_modifier(Modifier::BOLD),
                border: Style::default().fg(Color::DarkGray),
                border_focus: Style::default().fg(Color::Cyan),
                heading: Style::default()
                    .fg(Color::Yellow)
                    .add_modifier(Modifier::BOLD),
                ok: Style::default().fg(Color::Green),
                warn: Style::default().fg(Color::Yellow),
                error: Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
                score: Style::default().fg(Color::Magenta),
                status_bar: Style::default().fg(Color::Gray).bg(Color::Rgb(30, 30, 30)),
                help_key: Style::default()
                    .fg(Color::Cyan)
                    .add_modifier(Modifier::BOLD),
            },
            ThemeName::HighContrast => Theme {
                name,
                base: Style::default().fg(Color::White).bg(Color::Black),
                dim: Style::default().fg(Color::Gray).bg(Color::Black),
                title: Style::default()
                    .fg(Color::White)
                    .bg(Color::Black)
                    .add_modifier(Modifier::BOLD),
                key: Style::default()
                    .fg(Color::LightYellow)
                    .bg(Color::Black)
                    .add_modifier(Modifier::BOLD),
                selected: Style::default()
                    .fg(Color::Black)
                    .bg(Color::LightYellow)
                    .add_modifier(Modifier::BOLD),
                tab: Style::default().fg(Color::White).bg(Color::Black),
                tab_active: Style::default()
                    .fg(Color::Black)
                    .bg(Color::White)
                    .add_modifier(Modifier::BOLD),
                border: Style::default().fg(Color::White).bg(Color::Black),
                border_focus: Style::default().fg(Color::LightYellow).bg(Color::Black),
                heading: Style::default()
                    .fg(Color::LightCyan)
                    .bg(Color::Black)
                    .add_modifier(Modifier::BOLD),
                ok: Style::default()
                    .fg(Color::LightGreen)
                    .bg(Color::Black)
                    .add_modifier(Modifier::BOLD),
                warn: Style::default()
                    .fg(Color::LightYellow)
                    .bg(Color::Black)
                    .add_modifier(Modifier::BOLD),
                error: Style::default()
                    .fg(Color::LightRed)
                    .bg(Color::Black)
                    .add_modifier(Modifier::BOLD),
                score: Style::default()
                    .fg(Color::LightMagenta)
                    .bg(Color::Black)
                    .add_modifier(Modifier::BOLD),
                status_bar: Style::default().fg(Color::Black).bg(Color::White),
                help_key: Style::default()
                    .fg(Color::LightYellow)
                    .bg(Color::Black)
                    .add_modifier(Modifier::BOLD),
            },
        }
    }

    fn monochrome(name: ThemeName) -> Theme {
        let plain = Style::default();
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let rev = Style::default().add_modifier(Modifier::REVERSED);
        Theme {
            name,
            base: plain,
            dim: plain,
            title: bold,
            key: plain,
            selected: rev,
            tab: plain,
            tab_active: rev,
            border: plain,
            border_focus: bold,
            heading: bold,
            ok: plain,
            warn: bold,
            error: bold,
            score: plain,
            status_bar: rev,
            help_key: bold,
        }
    }

    pub fn status(&self, s: Status) -> Style {
        match s {
            Status::Draft => self.dim,
            Status::Ready => self.ok,
            Status::InProgress => self.warn,
            Status::Done => self.ok,
            Status::Dropped => self.dim,
        }
    }
}
