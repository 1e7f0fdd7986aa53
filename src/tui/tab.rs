//! The tabs of the TUI, in the order of the tab bar.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Backlog,
    Ranked,
    Roadmap,
    Refine,
    Health,
    Insights,
}

impl Tab {
    pub const ALL: [Tab; 6] = [
        Tab::Backlog,
        Tab::Ranked,
        Tab::Roadmap,
        Tab::Refine,
        Tab::Health,
        Tab::Insights,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Backlog => "Backlog",
            Tab::Ranked => "Ranked",
            Tab::Roadmap => "Roadmap",
            Tab::Refine => "Refine",
            Tab::Health => "Health",
            Tab::Insights => "Insights",
        }
    }

    /// The tab's number in the bar, from 1.
    pub fn number(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0) + 1
    }

    /// Whether the tab shows a list beside (or above) the detail pane.
    pub fn has_detail_pane(self) -> bool {
        matches!(self, Tab::Backlog | Tab::Ranked | Tab::Insights)
    }
}
