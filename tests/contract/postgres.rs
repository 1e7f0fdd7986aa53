//! The PostgreSQL target: one backlog in a schema of its own on the
//! server the environment names (see `tests/postgres_common`), skipped
//! loudly without one (failing under `CI=true`).

use std::path::Path;
use std::sync::Mutex;

use backlog::store::postgres::Postgres;
use backlog::store::postgres::schema::LATEST_VERSION;
use backlog::store::sqlite::OpenMode;
use backlog::store::{Store, StoreError};

use super::{Target, now};
use crate::postgres_common::{PgSchema, schema};

pub struct PgTarget {
    schema: PgSchema,
    /// The read-only role made for this backlog, dropped at the end.
    reader: Mutex<Option<String>>,
}

impl PgTarget {
    pub fn new() -> Option<PgTarget> {
        schema("store_contract").map(|schema| PgTarget {
            schema,
            reader: Mutex::new(None),
        })
    }

    fn pinned(mut store: Store) -> Store {
        store.set_clock(Box::new(now));
        store
    }
}

impl Drop for PgTarget {
    fn drop(&mut self) {
        if let Some(role) = self.reader.lock().unwrap().take() {
            let mut c = self.schema.admin();
            let _ = c.batch_execute(&format!("DROP OWNED BY {role}; DROP ROLE {role}"));
        }
    }
}

impl Target for PgTarget {
    fn property_cases(&self) -> u32 {
        6
    }

    fn open(&self) -> Store {
        Self::pinned(Store::from_backend(Box::new(
            Postgres::open(&self.schema.url, OpenMode::Create).unwrap(),
        )))
    }

    fn open_read_only(&self) -> Store {
        let role = format!("{}_reader", self.schema.name);
        self.schema
            .admin()
            .batch_execute(&format!(
                "CREATE ROLE {role} LOGIN PASSWORD 'reader'; GRANT USAGE ON SCHEMA {0} TO {role}; \
                 GRANT SELECT ON ALL TABLES IN SCHEMA {0} TO {role}",
                self.schema.name
            ))
            .unwrap();
        *self.reader.lock().unwrap() = Some(role.clone());
        let url = format!(
            "postgresql://{role}:reader@/?options=-csearch_path%3D{}",
            self.schema.name
        );
        let store = Self::pinned(Store::from_backend(Box::new(
            Postgres::open(&url, OpenMode::Existing).unwrap(),
        )));
        assert!(store.is_read_only());
        store
    }

    fn try_open(&self) -> Result<Store, StoreError> {
        Postgres::open(&self.schema.url, OpenMode::Existing)
            .map(|p| Self::pinned(Store::from_backend(Box::new(p))))
    }

    fn make_foreign(&self) {
        self.schema
            .admin()
            .batch_execute(&format!(
                "CREATE SCHEMA {0}; CREATE TABLE {0}.items (id serial PRIMARY KEY, name text); \
                 INSERT INTO {0}.items (name) VALUES ('not a backlog')",
                self.schema.name
            ))
            .unwrap();
    }

    fn make_newer(&self) {
        self.schema
            .admin()
            .execute(
                "UPDATE backlog_meta SET version = $1",
                &[&((LATEST_VERSION + 1) as i32)],
            )
            .unwrap();
    }

    /// Every row of every table of the schema, as text, in order.
    fn fingerprint(&self) -> Vec<u8> {
        let mut c = self.schema.admin();
        let tables: Vec<String> = c
            .query(
                "SELECT tablename::text FROM pg_tables WHERE schemaname = $1 ORDER BY 1",
                &[&self.schema.name],
            )
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        let mut out = Vec::new();
        for t in tables {
            let rows: Option<String> = c
                .query_one(
                    &format!(
                        "SELECT string_agg(r::text, E'\\n' ORDER BY r::text) FROM {}.{t} r",
                        self.schema.name
                    ),
                    &[],
                )
                .unwrap()
                .get(0);
            out.extend(format!("{t}\n{}\n", rows.unwrap_or_default()).into_bytes());
        }
        out
    }

    /// A server's backup is a SQLite backlog file.
    fn open_backup(&self, path: &Path) -> Store {
        Self::pinned(Store::open(path, OpenMode::Existing).unwrap())
    }
}
