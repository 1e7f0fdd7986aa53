//! The table of every command: its name (for the config file and the
//! palette), what it does, its default keys and where those keys apply.
//! `?` help, the palette, hints and the config file all read it.

/// Where a command's keys apply. In a tab, its own scope wins over
/// `Global`; while a dialog, the filter line or the help is open, only
/// that mode's scopes apply (the help also takes global commands: they
/// close it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Global,
    Roadmap,
    Refine,
    Insights,
    /// The dependency view (`b`).
    Deps,
    /// The success-metrics panel (`O`).
    Metrics,
    /// The archive panel (`A`).
    Archive,
    Help,
    Confirm,
    Filter,
    Form,
    /// A multi-line field of a form (wins over `Form`).
    Field,
    Picker,
    /// A picker without a search line (wins over `Picker`).
    ListPicker,
    Palette,
}

impl Scope {
    pub const ALL: [Scope; 15] = [
        Scope::Global,
        Scope::Roadmap,
        Scope::Refine,
        Scope::Insights,
        Scope::Deps,
        Scope::Metrics,
        Scope::Archive,
        Scope::Help,
        Scope::Confirm,
        Scope::Filter,
        Scope::Form,
        Scope::Field,
        Scope::Picker,
        Scope::ListPicker,
        Scope::Palette,
    ];

    /// The heading of the scope's section in `?` help.
    pub fn title(self) -> &'static str {
        match self {
            Scope::Global => "Everywhere",
            Scope::Roadmap => "Roadmap tab",
            Scope::Refine => "Refine tab",
            Scope::Insights => "Insights tab",
            Scope::Deps => "Dependency view (b)",
            Scope::Metrics => "Success metrics (O)",
            Scope::Archive => "Archive (A)",
            Scope::Help => "This help",
            Scope::Confirm => "Yes / no questions",
            Scope::Filter => "Filter line (other keys type)",
            Scope::Form => "Forms (other keys edit the field)",
            Scope::Field => "Multi-line fields",
            Scope::Picker => "Pickers (other keys search)",
            Scope::ListPicker => "Pickers without a search line",
            Scope::Palette => "Command palette (other keys search)",
        }
    }

    /// Whether the scope belongs to a dialog, the filter line or the help
    /// rather than to the lists (its commands are not in the palette).
    pub fn is_modal(self) -> bool {
        !matches!(
            self,
            Scope::Global | Scope::Roadmap | Scope::Refine | Scope::Insights
        )
    }
}

/// One command's entry.
pub struct Info {
    pub cmd: Cmd,
    /// The name in the config file and the palette.
    pub name: &'static str,
    pub description: &'static str,
    /// The default keys, as written in the config file.
    pub keys: &'static [&'static str],
    pub scope: Scope,
}

/// Defines [`Cmd`] and [`TABLE`] from one line per command: scope,
/// variant, name, description, default keys.
macro_rules! commands {
    ($($scope:ident $cmd:ident $name:literal $description:literal [$($key:literal),*];)*) => {
        /// A command a key can trigger.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Cmd {
            $($cmd,)*
        }

        /// Every command, in the order help and the palette list them.
        pub const TABLE: &[Info] = &[
            $(Info {
                cmd: Cmd::$cmd,
                name: $name,
                description: $description,
                keys: &[$($key),*],
                scope: Scope::$scope,
            },)*
        ];
    };
}

commands! {
    Global     TabBacklog "tab-backlog" "Backlog tab" ["1"];
    Global     TabRanked "tab-ranked" "Ranked tab" ["2"];
    Global     TabRoadmap "tab-roadmap" "Roadmap tab" ["3"];
    Global     TabRefine "tab-refine" "Refine tab" ["4"];
    Global     TabHealth "tab-health" "Health tab" ["5"];
    Global     TabInsights "tab-insights" "Insights tab" ["6"];
    Global     Down "down" "Move down" ["j", "down"];
    Global     Up "up" "Move up" ["k", "up"];
    Global     PageDown "page-down" "Page down" ["pagedown", "ctrl-d"];
    Global     PageUp "page-up" "Page up" ["pageup", "ctrl-u"];
    Global     Top "top" "Go to the top" ["g", "home"];
    Global     Bottom "bottom" "Go to the bottom" ["G", "end"];
    Global     Collapse "collapse" "Collapse / go to parent" ["h", "left"];
    Global     Expand "expand" "Expand" ["l", "right"];
    Global     Open "open" "Open / expand" ["enter"];
    Global     Focus "focus" "Switch focus: list / criteria" ["tab"];
    Global     NewInitiative "new-initiative" "New initiative" ["n"];
    Global     AddChild "add-child" "Add a child (epic or story)" ["a"];
    Global     Edit "edit" "Edit the item (or criterion)" ["e"];
    Global     EditInEditor "edit-in-editor" "Edit the description in $EDITOR" ["E"];
    Global     AddCriterion "add-criterion" "Add an acceptance criterion" ["c"];
    Global     ToggleCriterion "toggle-criterion" "Toggle the selected criterion" ["space"];
    Global     DeleteCriterion "delete-criterion" "Delete the selected criterion" ["x"];
    Global     MoveDown "move-down" "Move criterion / item down" ["J"];
    Global     MoveUp "move-up" "Move criterion / item up" ["K"];
    Global     Points "points" "Set points" ["p"];
    Global     Rice "rice" "Set RICE inputs" ["r"];
    Global     Wsjf "wsjf" "Set WSJF inputs" ["w"];
    Global     Status "status" "Change status" ["S"];
    Global     MoveToParent "move" "Move to another parent" ["m"];
    Global     Depends "depends" "Dependencies: view, add, remove" ["b"];
    Global     Labels "labels" "Labels: add or remove" ["#"];
    Global     SwitchModel "switch-model" "Switch sort model RICE / WSJF" ["s"];
    Global     ToggleKind "toggle-kind" "Ranked: stories / epics" ["t"];
    Global     Filter "filter" "Filter as you type" ["/"];
    Global     Palette "palette" "Command palette" [":"];
    Global     Help "help" "Help: all keys" ["?"];
    Global     Undo "undo" "Undo" ["u"];
    Global     Redo "redo" "Redo" ["ctrl-r"];
    Global     Archive "archive" "Archive (asks first)" ["d"];
    Global     Theme "theme" "Switch theme (high contrast)" ["T"];
    Global     MarkReady "mark-ready" "Mark the story ready (Definition of Ready checked)" ["R"];
    Global     Decide "decide" "Record a decision with its rationale" ["D"];
    Global     ExportReport "export-report" "Write the stakeholder report (last 30 days, Markdown)" ["W"];
    Global     CheckIn "checkin" "Record a metric check-in on the initiative" ["M"];
    Global     Metrics "metrics" "Success metrics of the initiative: add, edit, remove" ["O"];
    Global     ArchiveBrowser "archive-browser" "Archived items: restore, delete for good" ["A"];
    Global     Park "park" "Park the story (label `parked`) and move on" ["z"];
    Global     ExportSummary "export-summary" "Export the refinement session summary (Markdown)" ["X"];
    Global     History "history" "History of the item: when, who, what" ["v"];
    Refine     RefineNext "refine-next" "Refine: next story in the queue" ["n", "right"];
    Refine     RefinePrev "refine-prev" "Refine: previous story in the queue" ["p", "left"];
    Refine     QuickPoints "quick-points" "Refine: estimate with the 1-2-3-5-8-13-20 picker" ["f"];
    Refine     RefineScope "refine-scope" "Refine: choose the epic or initiative to refine" ["o"];
    Roadmap    LaneEarlier "lane-earlier" "Roadmap: move the card to the previous lane" ["H", "<"];
    Roadmap    LaneLater "lane-later" "Roadmap: move the card to the next lane" ["L", ">"];
    Roadmap    Unpin "unpin" "Roadmap: put a card pinned with J / K back in score order" ["="];
    Roadmap    ToggleLevel "toggle-level" "Roadmap: epics / initiatives" ["i"];
    Roadmap    ExportRoadmap "export-roadmap" "Roadmap: export (Markdown, HTML, JSON, CSV, text)" ["x"];
    Roadmap    TakeSnapshot "take-snapshot" "Roadmap: take a snapshot" ["t"];
    Roadmap    CompareSnapshot "compare-snapshot" "Roadmap: mark the changes since a snapshot" ["c"];
    Insights   InsightLink "insight-link" "Insights: link the insight to an item (search)" ["a"];
    Insights   InsightUnlink "insight-unlink" "Insights: unlink it from an item (undoable)" ["x"];
    Insights   InsightJump "insight-jump" "Insights: go to the linked item" ["enter"];
    Deps       DepsDown "deps-down" "Next row" ["j", "down"];
    Deps       DepsUp "deps-up" "Previous row" ["k", "up"];
    Deps       DepsPageDown "deps-page-down" "Page down" ["pagedown", "ctrl-d"];
    Deps       DepsPageUp "deps-page-up" "Page up" ["pageup", "ctrl-u"];
    Deps       DepsTop "deps-top" "Go to the top" ["g", "home"];
    Deps       DepsBottom "deps-bottom" "Go to the bottom" ["G", "end"];
    Deps       DepsFold "deps-fold" "Fold the branch / go to where it hangs" ["h", "left"];
    Deps       DepsUnfold "deps-unfold" "Unfold the branch" ["l", "right"];
    Deps       DepsJump "deps-jump" "Go to the item in the Backlog tab" ["enter"];
    Deps       DepsAdd "deps-add" "Add a dependency (search)" ["a"];
    Deps       DepsRemove "deps-remove" "Remove the selected direct link (undoable)" ["d", "x"];
    Deps       DepsClose "deps-close" "Close the view" ["esc", "b"];
    Metrics    MetricsDown "metrics-down" "Next metric" ["j", "down"];
    Metrics    MetricsUp "metrics-up" "Previous metric" ["k", "up"];
    Metrics    MetricsAdd "metrics-add" "Add a metric (name, baseline, target)" ["a"];
    Metrics    MetricsEdit "metrics-edit" "Edit the metric (its check-ins kept)" ["e", "enter"];
    Metrics    MetricsRemove "metrics-remove" "Remove the metric (asks first; undoable)" ["x", "d"];
    Metrics    MetricsClose "metrics-close" "Close the panel" ["esc", "O"];
    Archive    ArchiveDown "archive-down" "Next archived item" ["j", "down"];
    Archive    ArchiveUp "archive-up" "Previous archived item" ["k", "up"];
    Archive    ArchiveRestore "archive-restore" "Restore the item (undoable)" ["r", "enter"];
    Archive    ArchivePurge "archive-purge" "Delete the item for good (asks first)" ["P"];
    Archive    ArchiveClose "archive-close" "Close the panel" ["esc", "A"];
    Global     Back "back" "Back / cancel / clear filter" ["esc"];
    Global     Quit "quit" "Quit" ["q", "ctrl-c"];
    Help       HelpDown "help-down" "Scroll down" ["j", "down"];
    Help       HelpUp "help-up" "Scroll up" ["k", "up"];
    Help       HelpPageDown "help-page-down" "Scroll a page down" ["pagedown", "ctrl-d", "space"];
    Help       HelpPageUp "help-page-up" "Scroll a page up" ["pageup", "ctrl-u"];
    Help       HelpClose "help-close" "Close the help (so does any other command)" ["esc"];
    Confirm    ConfirmYes "confirm-yes" "Yes: do it" ["y", "Y", "enter"];
    Confirm    ConfirmNo "confirm-no" "No: cancel" ["n", "N", "esc", "q"];
    Filter     FilterKeep "filter-keep" "Keep the filter, back to the list" ["enter", "down", "up"];
    Filter     FilterClear "filter-clear" "Clear the filter, back to the list" ["esc"];
    Filter     FilterErase "filter-erase" "Delete the last character" ["backspace"];
    Form       FormSave "form-save" "Save" ["enter", "alt-enter"];
    Form       FormSaveAnother "form-save-another" "Save, and add another (new items)" ["ctrl-n", "ctrl-enter"];
    Form       FormCancel "form-cancel" "Cancel" ["esc"];
    Form       FormReachFromEvidence "reach-evidence" "RICE form: reach from the customers in the evidence (again: as typed)" ["ctrl-t"];
    Form       FormNextField "form-next-field" "Next field" ["tab", "down"];
    Form       FormPrevField "form-prev-field" "Previous field" ["backtab", "up"];
    Field      FieldNewLine "field-new-line" "New line" ["alt-enter", "ctrl-j"];
    Field      FieldLineDown "field-line-down" "Cursor down a line" ["down"];
    Field      FieldLineUp "field-line-up" "Cursor up a line" ["up"];
    Picker     PickerDown "picker-down" "Next option" ["down", "tab"];
    Picker     PickerUp "picker-up" "Previous option" ["up", "backtab"];
    Picker     PickerChoose "picker-choose" "Choose the option" ["enter"];
    Picker     PickerCancel "picker-cancel" "Cancel" ["esc"];
    ListPicker ListPickerDown "list-picker-down" "Next option" ["j"];
    ListPicker ListPickerUp "list-picker-up" "Previous option" ["k"];
    Palette    PaletteDown "palette-down" "Next command" ["down", "tab"];
    Palette    PaletteUp "palette-up" "Previous command" ["up", "backtab"];
    Palette    PaletteRun "palette-run" "Run the command" ["enter"];
    Palette    PaletteClose "palette-close" "Close the palette" ["esc"];
}

impl Cmd {
    /// Every command, in table order.
    pub fn all() -> impl Iterator<Item = Cmd> {
        TABLE.iter().map(|t| t.cmd)
    }

    /// The commands the palette offers: those of the lists, not of dialogs.
    pub fn runnable() -> impl Iterator<Item = Cmd> {
        TABLE.iter().filter(|t| !t.scope.is_modal()).map(|t| t.cmd)
    }

    fn info(self) -> &'static Info {
        TABLE
            .iter()
            .find(|t| t.cmd == self)
            .expect("every Cmd has a TABLE entry")
    }

    pub fn name(self) -> &'static str {
        self.info().name
    }

    pub fn description(self) -> &'static str {
        self.info().description
    }

    pub fn scope(self) -> Scope {
        self.info().scope
    }

    pub fn from_name(name: &str) -> Option<Cmd> {
        TABLE.iter().find(|t| t.name == name).map(|t| t.cmd)
    }
}
