//! What a PostgreSQL query can fail with inside the backend: the driver's
//! error (explained, with the server named, at the boundary) or a store
//! error already worded for the user.

use super::errors::{is_lost, is_retryable, query_error};
use super::target::Target;
use crate::store::StoreError;

pub enum Fail {
    Db(postgres::Error),
    Store(StoreError),
}

pub type Pg<T> = std::result::Result<T, Fail>;

impl From<postgres::Error> for Fail {
    fn from(e: postgres::Error) -> Fail {
        Fail::Db(e)
    }
}

impl From<StoreError> for Fail {
    fn from(e: StoreError) -> Fail {
        Fail::Store(e)
    }
}

impl From<crate::domain::DomainError> for Fail {
    fn from(e: crate::domain::DomainError) -> Fail {
        Fail::Store(StoreError::Domain(e))
    }
}

impl Fail {
    /// The user-facing error.
    pub fn explain(self, target: &Target) -> StoreError {
        match self {
            Fail::Db(e) => query_error(&e, target),
            Fail::Store(e) => e,
        }
    }

    pub fn is_retryable(&self) -> bool {
        matches!(self, Fail::Db(e) if is_retryable(e))
    }

    /// Whether the connection was lost (see [`is_lost`]).
    pub fn is_lost(&self) -> bool {
        matches!(self, Fail::Db(e) if is_lost(e))
    }

    /// A stored value that does not read back.
    pub fn bad(what: impl std::fmt::Display) -> Fail {
        Fail::Store(StoreError::BadData(what.to_string()))
    }
}
