//! The store's contract: what every backend promises, checked through the
//! public interface only (`Store`, `Tx`, `StoreError`), never through SQL.
//!
//! Each promise is a function of [`cases`] over a [`Target`], which knows
//! how to open handles on one backlog of its backend and how to make the
//! few things the interface cannot (a read-only handle, another program's
//! database, one from a newer schema). [`contract!`] instantiates every
//! case as a test for one backend: running the suite on a new backend is
//! one line at the bottom of this file.

mod contract;
mod postgres_common;

use contract::postgres::PgTarget;
use contract::sqlite::SqliteTarget;

contract::contract!(sqlite, || Some(SqliteTarget::new()));
contract::contract!(postgres, PgTarget::new);
