//! A metric's trend as a sparkline for the HTML pages (roadmap export,
//! stakeholder report): the check-ins that read as numbers, oldest first,
//! as the points of an SVG polyline in a small fixed box. Numbers only:
//! nothing a user typed reaches the SVG.

use serde::Serialize;

/// The sparkline's box, in SVG units (drawn at this size in CSS pixels).
pub const WIDTH: f64 = 80.0;
pub const HEIGHT: f64 = 18.0;

/// Room kept at the top and bottom so that the stroke is not cut.
const PAD: f64 = 2.0;

/// A sparkline ready for a template.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    /// `x,y x,y …` for `<polyline points="…">`.
    pub points: String,
    /// The last point, for a dot that marks where the metric stands.
    pub last_x: String,
    pub last_y: String,
    /// `3 check-ins: 46 → 33` for the SVG's title (a tooltip; read aloud).
    pub label: String,
}

/// The trend of `series` (oldest first); `None` with fewer than two
/// values (one value is no trend).
pub fn trend(series: &[f64]) -> Option<Trend> {
    let values: Vec<f64> = series.iter().copied().filter(|v| v.is_finite()).collect();
    if values.len() < 2 {
        return None;
    }
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let span = hi - lo;
    let step = WIDTH / (values.len() - 1) as f64;
    let xy: Vec<(f64, f64)> = values
        .iter()
        .enumerate()
        .map(|(n, v)| {
            let x = n as f64 * step;
            // Higher values higher up; a flat series in the middle.
            let y = if span > 0.0 {
                PAD + (hi - v) / span * (HEIGHT - 2.0 * PAD)
            } else {
                HEIGHT / 2.0
            };
            (x, y)
        })
        .collect();
    let num = |v: f64| format!("{:.1}", v);
    let points = xy
        .iter()
        .map(|(x, y)| format!("{},{}", num(*x), num(*y)))
        .collect::<Vec<_>>()
        .join(" ");
    let (lx, ly) = xy[xy.len() - 1];
    let plain = crate::domain::number::fmt_plain;
    Some(Trend {
        points,
        last_x: num(lx),
        last_y: num(ly),
        label: format!(
            "{} check-ins: {} → {}",
            values.len(),
            plain(values[0]),
            plain(values[values.len() - 1])
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_value_is_no_trend() {
        assert_eq!(trend(&[]), None);
        assert_eq!(trend(&[4.0]), None);
        assert_eq!(trend(&[4.0, f64::NAN]), None);
    }

    #[test]
    fn higher_values_are_drawn_higher_across_the_whole_box() {
        let t = trend(&[46.0, 40.0, 33.0]).unwrap();
        assert_eq!(t.points, "0.0,2.0 40.0,8.5 80.0,16.0");
        assert_eq!((t.last_x.as_str(), t.last_y.as_str()), ("80.0", "16.0"));
        assert_eq!(t.label, "3 check-ins: 46 → 33");
    }

    #[test]
    fn a_flat_series_runs_through_the_middle() {
        let t = trend(&[5.0, 5.0]).unwrap();
        assert_eq!(t.points, "0.0,9.0 80.0,9.0");
    }
}
