//! A success metric's standing drawn in text: a progress bar (`▰▰▰▱▱▱`),
//! a sparkline of its check-ins (`▁▃▅▇`), and the figures beside them.

use crate::domain::Metric;
use crate::domain::progress::{percent, series, standing};
use crate::domain::text::terminal_safe;

/// A bar `width` cells wide filled to `p` (clamped to 0–1).
pub fn bar(p: f64, width: usize) -> String {
    let filled = ((p.clamp(0.0, 1.0) * width as f64).round() as usize).min(width);
    format!("{}{}", "▰".repeat(filled), "▱".repeat(width - filled))
}

/// One block per value, scaled between the lowest and the highest; the
/// last `width` values when there are more.
pub fn sparkline(values: &[f64], width: usize) -> String {
    const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let shown = &values[values.len().saturating_sub(width)..];
    let lo = shown.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = shown.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    shown
        .iter()
        .map(|v| {
            if hi > lo {
                let level = ((v - lo) / (hi - lo) * 7.0).round() as usize;
                LEVELS[level.min(7)]
            } else {
                LEVELS[3]
            }
        })
        .collect()
}

/// `▰▰▰▱▱▱ 46% now 34 ▇▆▄▂`: the bar, progress, latest value and trend of
/// a metric with check-ins; `None` before its first.
pub fn standing_text(m: &Metric, bar_width: usize) -> Option<String> {
    let now = standing(m);
    let latest = now.latest?;
    let mut parts = Vec::new();
    if let Some(p) = now.progress {
        parts.push(bar(p, bar_width));
        parts.push(percent(p));
    }
    parts.push(format!("now {}", terminal_safe(&latest.value, false)));
    let values = series(m);
    if values.len() > 1 {
        parts.push(sparkline(&values, 12));
    }
    Some(parts.join(" "))
}

/// What a roadmap card adds to its status line: ` · ▰▰▱▱ 46% ▇▆▄▂` for
/// the first of its initiative's metrics with check-ins; nothing without.
pub fn card_suffix(metrics: &[Metric]) -> String {
    let Some(m) = metrics.iter().find(|m| !m.checkins.is_empty()) else {
        return String::new();
    };
    let now = standing(m);
    let mut parts = Vec::new();
    if let Some(p) = now.progress {
        parts.push(format!("{} {}", bar(p, 5), percent(p)));
    } else if let Some(latest) = now.latest {
        parts.push(format!("now {}", terminal_safe(&latest.value, false)));
    }
    let values = series(m);
    if values.len() > 1 {
        parts.push(sparkline(&values, 6));
    }
    format!(" · {}", parts.join(" "))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::CheckIn;

    #[test]
    fn bars_clamp_and_round() {
        assert_eq!(bar(0.5, 6), "▰▰▰▱▱▱");
        assert_eq!(bar(1.7, 4), "▰▰▰▰");
        assert_eq!(bar(-0.3, 4), "▱▱▱▱");
    }

    #[test]
    fn sparklines_scale_between_lowest_and_highest() {
        assert_eq!(sparkline(&[46.0, 43.0, 38.0, 34.0], 12), "█▆▃▁");
        assert_eq!(sparkline(&[5.0, 5.0], 12), "▄▄");
        assert_eq!(sparkline(&[1.0, 2.0, 3.0], 2), "▁█");
        assert_eq!(sparkline(&[], 4), "");
    }

    #[test]
    fn standing_shows_bar_figures_and_trend() {
        let mut m = Metric {
            name: "Calls".into(),
            baseline: "46".into(),
            target: "20".into(),
            checkins: Vec::new(),
        };
        assert_eq!(standing_text(&m, 6), None);
        for (d, v) in [(1, "46"), (2, "33")] {
            m.checkins.push(CheckIn {
                date: NaiveDate::from_ymd_opt(2026, 11, d).unwrap(),
                value: v.into(),
                note: String::new(),
            });
        }
        assert_eq!(standing_text(&m, 6).unwrap(), "▰▰▰▱▱▱ 50% now 33 █▁");
        assert_eq!(card_suffix(std::slice::from_ref(&m)), " · ▰▰▰▱▱ 50% █▁");
        assert_eq!(card_suffix(&[]), "");
        m.target = "soon".into();
        m.baseline.clear();
        assert_eq!(standing_text(&m, 6).unwrap(), "now 33 █▁");
    }
}
