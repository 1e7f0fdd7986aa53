//! The item columns shared by the Backlog and Ranked lists.

use ratatui::text::Span;

use super::text::{cell, cell_right};
use crate::domain::number::fmt_plain;
use crate::domain::{Item, Lane, Model};
use crate::tui::theme::Theme;

/// Which optional columns fit in `width`.
#[derive(Debug, Clone, Copy)]
pub struct Columns {
    pub status: bool,
    pub points: bool,
    pub rice: bool,
    pub wsjf: bool,
    pub lane: bool,
}

pub const STATUS_W: usize = 11;
pub const POINTS_W: usize = 4;
pub const RICE_W: usize = 8;
pub const WSJF_W: usize = 6;
pub const LANE_W: usize = 5;

impl Columns {
    /// Drops columns as the list narrows, keeping at least 32 columns for
    /// the title: the lane first, then the score of the model not in use,
    /// points, status, and last the score of the model in use.
    pub fn for_width(width: usize, lead: usize, model: Model) -> Columns {
        let mut c = Columns {
            status: true,
            points: true,
            rice: true,
            wsjf: true,
            lane: true,
        };
        let need = |c: &Columns| {
            lead + 32
                + (c.status as usize) * (STATUS_W + 1)
                + (c.points as usize) * (POINTS_W + 1)
                + (c.rice as usize) * (RICE_W + 1)
                + (c.wsjf as usize) * (WSJF_W + 1)
                + (c.lane as usize) * (LANE_W + 1)
        };
        let drop_other: fn(&mut Columns) = match model {
            Model::Rice => |c| c.wsjf = false,
            Model::Wsjf => |c| c.rice = false,
        };
        let drop_active: fn(&mut Columns) = match model {
            Model::Rice => |c| c.rice = false,
            Model::Wsjf => |c| c.wsjf = false,
        };
        for drop in [
            |c: &mut Columns| c.lane = false,
            drop_other,
            |c: &mut Columns| c.points = false,
            |c: &mut Columns| c.status = false,
            drop_active,
        ] {
            if need(&c) <= width {
                break;
            }
            drop(&mut c);
        }
        c
    }

    pub fn width(&self) -> usize {
        (self.status as usize) * (STATUS_W + 1)
            + (self.points as usize) * (POINTS_W + 1)
            + (self.rice as usize) * (RICE_W + 1)
            + (self.wsjf as usize) * (WSJF_W + 1)
            + (self.lane as usize) * (LANE_W + 1)
    }

    /// The header cells; `sorted`: the rows are in `model`'s order, and
    /// its column says so with an arrow (never over rows in another order).
    pub fn header(&self, model: Model, sorted: bool) -> String {
        let mut s = String::new();
        let mark = |m: Model, label: &str| {
            if sorted && m == model {
                format!("{label}▼")
            } else {
                label.to_string()
            }
        };
        if self.status {
            s.push(' ');
            s.push_str(&cell("STATUS", STATUS_W));
        }
        if self.points {
            s.push(' ');
            s.push_str(&cell_right("PTS", POINTS_W));
        }
        if self.rice {
            s.push(' ');
            s.push_str(&cell_right(&mark(Model::Rice, "RICE"), RICE_W));
        }
        if self.wsjf {
            s.push(' ');
            s.push_str(&cell_right(&mark(Model::Wsjf, "WSJF"), WSJF_W));
        }
        if self.lane {
            s.push(' ');
            s.push_str(&cell("LANE", LANE_W));
        }
        s
    }

    /// The cells of one item.
    pub fn spans(&self, item: &Item, lane: Option<Lane>, theme: &Theme) -> Vec<Span<'static>> {
        let mut v = Vec::new();
        if self.status {
            v.push(Span::raw(" "));
            v.push(Span::styled(
                cell(item.status.as_str(), STATUS_W),
                theme.status(item.status),
            ));
        }
        if self.points {
            v.push(Span::raw(" "));
            v.push(Span::raw(cell_right(
                &item.points.map_or("–".into(), fmt_plain),
                POINTS_W,
            )));
        }
        if self.rice {
            v.push(Span::raw(" "));
            v.push(Span::styled(
                cell_right(&Model::Rice.display(item.rice_score()), RICE_W),
                theme.score,
            ));
        }
        if self.wsjf {
            v.push(Span::raw(" "));
            v.push(Span::styled(
                cell_right(&Model::Wsjf.display(item.wsjf_score()), WSJF_W),
                theme.score,
            ));
        }
        if self.lane {
            v.push(Span::raw(" "));
            v.push(Span::styled(
                cell(lane.map_or("–", |l| l.as_str()), LANE_W),
                theme.dim,
            ));
        }
        v
    }
}
