//! Opening a backlog on a server: connect, refuse what is not ours before
//! writing anything, migrate under the advisory lock, and find out whether
//! this role may write.

use std::path::PathBuf;

use postgres::Client;

use super::connect::connect;
use super::errors::query_error;
use super::schema::{self, Found, LATEST_VERSION};
use super::target::Target;
use crate::store::StoreError;

/// An open connection, and what opening found.
pub struct Opened {
    pub client: Client,
    /// Whether this role (or the server) refuses writes.
    pub read_only: bool,
    /// Whether opening created the backlog's tables.
    pub created: bool,
}

/// "schema team_a of database backlog at db:5432", for messages.
pub fn place(target: &Target) -> String {
    match &target.schema {
        Some(s) => format!(
            "schema “{s}” of database “{}” at {}",
            target.dbname,
            target.host_port()
        ),
        None => format!("database “{}” at {}", target.dbname, target.host_port()),
    }
}

/// Connects and checks (with `create`: makes) the backlog's schema.
pub fn open(target: &Target, create: bool) -> Result<Opened, StoreError> {
    let mut client = connect(target)?;
    let err = |e: postgres::Error| query_error(&e, target);
    let found = schema::inspect(&mut client).map_err(err)?;
    let created = match refuse(&found, target)? {
        Some(LATEST_VERSION) => false,
        Some(_) => migrate(&mut client, target)?,
        None if create => migrate(&mut client, target)?,
        None => {
            return Err(StoreError::Refused(format!(
                "there is no backlog in {}: create one with `backlog init` (or load the demo with `backlog demo`)",
                place(target)
            )));
        }
    };
    let row = client
        .query_one(
            "SELECT has_table_privilege('items', 'INSERT, UPDATE, DELETE') \
             AND has_table_privilege('changes', 'INSERT, UPDATE') \
             AND has_table_privilege('backlog_meta', 'UPDATE') \
             AND NOT pg_is_in_recovery() \
             AND current_setting('default_transaction_read_only') = 'off'",
            &[],
        )
        .map_err(err)?;
    Ok(Opened {
        client,
        read_only: !row.get::<_, bool>(0),
        created,
    })
}

/// The schema version found (`None`: no backlog yet), or the refusal of a
/// newer or foreign schema.
fn refuse(found: &Found, target: &Target) -> Result<Option<i64>, StoreError> {
    match found {
        Found::Empty => Ok(None),
        Found::Backlog(v) if *v > LATEST_VERSION => Err(StoreError::TooNew {
            path: PathBuf::from(format!("the backlog in {}", place(target))),
            found: *v,
            supported: LATEST_VERSION,
        }),
        Found::Backlog(v) => Ok(Some(*v)),
        Found::OtherApplication(app) => Err(StoreError::NotABacklogDatabase {
            place: place(target),
            why: format!(
                "it belongs to another program (“{app}”); nothing was changed: pick another schema with options=-csearch_path=NAME"
            ),
        }),
        Found::ForeignMeta => Err(StoreError::NotABacklogDatabase {
            place: place(target),
            why: "its table backlog_meta belongs to another program (its columns are not the backlog's); nothing was changed: pick another schema with options=-csearch_path=NAME".into(),
        }),
        Found::Foreign(tables) => Err(StoreError::NotABacklogDatabase {
            place: place(target),
            why: format!(
                "it holds tables named {} of another program; nothing was changed: pick another schema with options=-csearch_path=NAME",
                tables.join(", ")
            ),
        }),
    }
}

/// Creates or upgrades the schema in one transaction under the advisory
/// lock, re-reading what is there once the lock is held (another client
/// may have done it meanwhile). Returns whether it created the tables.
fn migrate(client: &mut Client, target: &Target) -> Result<bool, StoreError> {
    let err = |e: postgres::Error| query_error(&e, target);
    let mut tx = client.transaction().map_err(err)?;
    if let Some(name) = &target.schema {
        let exists: bool = tx
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)",
                &[name],
            )
            .and_then(|r| r.try_get(0))
            .map_err(err)?;
        if !exists {
            // Two clients creating it at once: the loser fails on the
            // unique name and is told to try again (nothing half-made).
            tx.batch_execute(&format!("CREATE SCHEMA {}", quote_ident(name)))
                .map_err(err)?;
        }
    }
    tx.batch_execute(schema::LOCK_SQL).map_err(err)?;
    let from = match refuse(&schema::inspect_tx(&mut tx).map_err(err)?, target)? {
        Some(LATEST_VERSION) => return Ok(false),
        Some(v) => v,
        None => 0,
    };
    schema::apply(&mut tx, from).map_err(err)?;
    tx.commit().map_err(err)?;
    Ok(from == 0)
}

/// An SQL identifier, quoted.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
