//! The contract suite's machinery: the [`Target`] a backend provides, the
//! cases, and the macro that makes them tests.
#![allow(dead_code)]

pub mod cases;
pub mod postgres;
pub mod sqlite;

use std::path::Path;

use backlog::store::{Store, StoreError};
use chrono::{DateTime, TimeZone, Utc};

/// One backlog of one backend, empty until a handle is opened on it.
pub trait Target: Send + Sync {
    /// A new handle on the backlog (creating it the first time), with the
    /// clock pinned to [`now`].
    fn open(&self) -> Store;

    /// A new handle on the backlog that may only read: every write through
    /// it must fail with [`StoreError::ReadOnly`] (a server: `ReadOnlyRole`). Called once the backlog
    /// exists.
    fn open_read_only(&self) -> Store;

    /// Opens the backlog as it is, without creating anything.
    fn try_open(&self) -> Result<Store, StoreError>;

    /// Makes the (not yet created) backlog another program's database:
    /// something there, but not a backlog.
    fn make_foreign(&self);

    /// Makes the (already created) backlog look written by a newer version
    /// of the program (its schema version above this build's).
    fn make_newer(&self);

    /// Everything stored, exactly (a file's bytes, a dump), to show that a
    /// refused open changed nothing.
    fn fingerprint(&self) -> Vec<u8>;

    /// Opens what [`Store::backup_to`] wrote at `path`.
    fn open_backup(&self, path: &Path) -> Store;

    /// How many random sequences a property case runs in quick mode (a
    /// server round trip per statement makes a case slower than on a
    /// file).
    fn property_cases(&self) -> u32 {
        24
    }
}

/// The pinned time of every handle a target opens.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap()
}

/// Instantiates every case of [`cases`] as a test in a module named
/// `$backend`, each on a fresh target made by `$make()`, which gives
/// `None` (having said why) when the backend is not at hand.
macro_rules! contract {
    ($backend:ident, $make:expr) => {
        mod $backend {
            use super::*;
            use crate::contract::cases;

            crate::contract::contract!(@tests $make;
                insert_get_and_load_round_trip_every_field,
                insert_all_round_trips_every_field,
                loads_agree,
                stale_update_is_refused_and_writes_nothing,
                modify_checks_the_version_it_read,
                keys_are_unique_across_two_handles,
                keys_are_unique_across_two_threads,
                a_failing_write_writes_nothing,
                one_write_is_one_change,
                history_records_before_and_after,
                undo_and_redo_across_handles,
                history_matches_what_happened,
                undo_of_a_given_change_and_the_last_change,
                undo_is_refused_when_something_newer_touched_the_item,
                a_new_change_ends_redo,
                an_import_is_undone_as_one_change,
                purge_deletes_the_item_and_its_history,
                purge_takes_the_item_out_of_its_dependents,
                dependencies_are_checked,
                changed_since_gives_the_net_change,
                completions_are_stories_that_became_done,
                planning_settings_are_kept_and_shared,
                one_transaction_may_record_changes_at_their_own_times,
                snapshots_take_list_load_and_delete,
                snapshot_names_are_unique,
                read_only_refuses_every_write,
                foreign_databases_are_refused_untouched,
                newer_databases_are_refused_untouched,
                change_token_moves_when_another_handle_writes,
                backup_opens_with_the_same_contents,
            );
        }
    };
    (@tests $make:expr; $($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                let Some(target) = $make() else { return };
                cases::$case(&target);
            }
        )*
    };
}
pub(crate) use contract;
