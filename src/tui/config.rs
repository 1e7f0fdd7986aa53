//! The config file (TOML in the config directory): theme and key bindings
//! override the embedded defaults one entry at a time.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::keymap::Keymap;
use super::theme::ThemeName;

/// The embedded defaults, also the documented example.
pub const DEFAULT_CONFIG: &str = include_str!("../../assets/config.toml");

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    theme: Option<String>,
    stale_days: Option<i64>,
    checkin_days: Option<i64>,
    #[serde(default)]
    keys: toml::Table,
}

/// The settings the TUI runs with.
#[derive(Debug, Clone)]
pub struct Config {
    pub theme: ThemeName,
    pub keymap: Keymap,
    /// Health: in-progress items unchanged this many days are stale.
    pub stale_days: i64,
    /// Health: success metrics without a check-in this many days are stale.
    pub checkin_days: i64,
    /// Problems found in the user's file, shown in the status line.
    pub warnings: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            theme: ThemeName::Default,
            keymap: Keymap::default(),
            stale_days: 14,
            checkin_days: crate::domain::health_metrics::DEFAULT_CHECKIN_DAYS,
            warnings: Vec::new(),
        }
    }
}

/// `config.toml` in the platform's config directory.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "backlog").map(|d| d.config_dir().join("config.toml"))
}

impl Config {
    /// Defaults, then the embedded config, then the user's file if any.
    pub fn load(path: Option<&Path>) -> Config {
        let mut cfg = Config::default();
        cfg.apply(DEFAULT_CONFIG, "built-in config");
        if let Some(p) = path
            && let Ok(text) = std::fs::read_to_string(p)
        {
            cfg.apply(&text, &p.display().to_string());
        }
        cfg
    }

    /// Applies one TOML text over the current settings.
    pub fn apply(&mut self, text: &str, source: &str) {
        let raw: RawConfig = match toml::from_str(text) {
            Ok(r) => r,
            Err(e) => {
                let msg = e.message().replace('\n', " ");
                self.warnings.push(format!("{source}: {msg}"));
                return;
            }
        };
        if let Some(t) = raw.theme {
            match ThemeName::parse(&t) {
                Some(name) => self.theme = name,
                None => self.warnings.push(format!(
                    "{source}: unknown theme `{t}` (default or high-contrast)"
                )),
            }
        }
        match raw.stale_days {
            Some(d) if d >= 0 => self.stale_days = d,
            Some(d) => self
                .warnings
                .push(format!("{source}: stale_days must be 0 or more, not {d}")),
            None => {}
        }
        match raw.checkin_days {
            Some(d) if d >= 0 => self.checkin_days = d,
            Some(d) => self
                .warnings
                .push(format!("{source}: checkin_days must be 0 or more, not {d}")),
            None => {}
        }
        let mut overrides = Vec::new();
        for (name, value) in raw.keys {
            let keys = match value {
                toml::Value::String(s) => vec![s],
                toml::Value::Array(a) => a
                    .into_iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
                _ => {
                    self.warnings.push(format!(
                        "{source}: keys.{name} must be a key or a list of keys"
                    ));
                    continue;
                }
            };
            overrides.push((name, keys));
        }
        let (keymap, problems) = self.keymap.clone().with_overrides(&overrides);
        self.keymap = keymap;
        self.warnings
            .extend(problems.into_iter().map(|p| format!("{source}: {p}")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keymap::Cmd;

    #[test]
    fn embedded_config_is_clean() {
        let c = Config::load(None);
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    }

    #[test]
    fn user_entries_override_one_at_a_time() {
        let mut c = Config::load(None);
        c.apply("theme = \"high-contrast\"\n[keys]\nquit = \"Q\"\n", "test");
        assert_eq!(c.theme, ThemeName::HighContrast);
        assert_eq!(c.keymap.label(Cmd::Quit), "Q");
        assert_eq!(c.keymap.label(Cmd::Down), "j ↓");
        c.apply("[keys\n", "broken");
        assert_eq!(c.warnings.len(), 1);
    }
}
