//! Errors raised by domain rules. Each message names what was wrong and what
//! is allowed, so it can be shown to a user as is.

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Error)]
pub enum DomainError {
    #[error("invalid {field} `{}`: expected {expected}", quoted(.value))]
    Invalid {
        field: String,
        value: String,
        expected: String,
    },
    #[error("`{}` is not an item key (expected something like I-3, E-12 or S-104)", quoted(.0))]
    BadKey(String),
    #[error("{0}")]
    Rule(String),
    #[error("{key} is not ready: missing {}", .missing.join("; "))]
    NotReady { key: String, missing: Vec<String> },
}

/// The most of a value a message quotes, in characters: a refusal stays
/// one short line however long the value typed or imported (a 5,000
/// character name, a 400-digit number used to be quoted whole).
pub const QUOTED_CHARS: usize = 60;

/// `value` as a message quotes it: whole when short, else its first
/// [`QUOTED_CHARS`] characters and `…`.
pub fn quoted(value: &str) -> std::borrow::Cow<'_, str> {
    match value.char_indices().nth(QUOTED_CHARS) {
        Some((cut, _)) => format!("{}…", &value[..cut]).into(),
        None => value.into(),
    }
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
