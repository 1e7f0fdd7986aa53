//! A backlog on a PostgreSQL server, for teams: named by a
//! `postgres://` / `postgresql://` URL instead of a file path.
//!
//! - [`target`]: the URL, libpq's environment variables and password file
//!   ([`pgpass`]), and a display form without the password;
//! - [`tls`]: rustls for `sslmode` `require`, `verify-ca`, `verify-full`;
//! - [`connect`]: the connection within the connect timeout, and one-line
//!   messages for what can go wrong on the way;
//! - [`schema`] and [`open`]: the tables, created or upgraded in one
//!   transaction under an advisory lock; newer and foreign schemas refused;
//! - [`errors`]: driver errors as one-line messages, and the bounded retry
//!   of serialization failures and deadlocks.

pub mod connect;
pub mod errors;
pub mod open;
pub mod pgpass;
pub mod schema;
pub mod target;
#[cfg(test)]
mod target_tests;
pub mod tls;

pub use target::{Environment, Target, is_url};
