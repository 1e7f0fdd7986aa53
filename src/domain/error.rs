//! Errors raised by domain rules. Each message names what was wrong and what
//! is allowed, so it can be shown to a user as is.

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Error)]
pub enum DomainError {
    #[error("invalid {field} `{value}`: expected {expected}")]
    Invalid {
        field: String,
        value: String,
        expected: String,
    },
    #[error("`{0}` is not an item key (expected something like I-3, E-12 or S-104)")]
    BadKey(String),
    #[error("{0}")]
    Rule(String),
    #[error("{key} is not ready: missing {}", .missing.join("; "))]
    NotReady { key: String, missing: Vec<String> },
}

impl DomainError {
    pub fn invalid(field: &str, value: impl ToString, expected: &str) -> DomainError {
        DomainError::Invalid {
            field: field.to_string(),
            value: value.to_string(),
            expected: expected.to_string(),
        }
    }

    pub fn rule(msg: impl Into<String>) -> DomainError {
        DomainError::Rule(msg.into())
    }
}
