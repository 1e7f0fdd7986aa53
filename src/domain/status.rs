//! Workflow status of an item and roadmap lanes.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::error::DomainError;

/// Where an item stands in its workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Status {
    #[default]
    Draft,
    Ready,
    InProgress,
    Done,
    Dropped,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Draft,
        Status::Ready,
        Status::InProgress,
        Status::Done,
        Status::Dropped,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Ready => "ready",
            Status::InProgress => "in-progress",
            Status::Done => "done",
            Status::Dropped => "dropped",
        }
    }

    /// Finished work: nothing else waits on it any more.
    pub fn is_finished(self) -> bool {
        self == Status::Done
    }

    /// Closed work: done or dropped.
    pub fn is_closed(self) -> bool {
        matches!(self, Status::Done | Status::Dropped)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let norm = s.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        match norm.as_str() {
            "draft" => Ok(Status::Draft),
            "ready" => Ok(Status::Ready),
            "in-progress" | "inprogress" | "doing" => Ok(Status::InProgress),
            "done" => Ok(Status::Done),
            "dropped" => Ok(Status::Dropped),
            _ => Err(DomainError::invalid(
                "status",
                s,
                "one of draft, ready, in-progress, done, dropped",
            )),
        }
    }
}

/// A roadmap lane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lane {
    Now,
    Next,
    Later,
}

impl Lane {
    pub const ALL: [Lane; 3] = [Lane::Now, Lane::Next, Lane::Later];

    pub fn as_str(self) -> &'static str {
        match self {
            Lane::Now => "now",
            Lane::Next => "next",
            Lane::Later => "later",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Lane::Now => "Now",
            Lane::Next => "Next",
            Lane::Later => "Later",
        }
    }

    /// The lane before this one, if any.
    pub fn earlier(self) -> Option<Lane> {
        match self {
            Lane::Now => None,
            Lane::Next => Some(Lane::Now),
            Lane::Later => Some(Lane::Next),
        }
    }

    /// The lane after this one, if any.
    pub fn later(self) -> Option<Lane> {
        match self {
            Lane::Now => Some(Lane::Next),
            Lane::Next => Some(Lane::Later),
            Lane::Later => None,
        }
    }
}

impl fmt::Display for Lane {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Lane {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "now" => Ok(Lane::Now),
            "next" => Ok(Lane::Next),
            "later" => Ok(Lane::Later),
            _ => Err(DomainError::invalid("lane", s, "one of now, next, later")),
        }
    }
}

macro_rules! string_serde {
    ($t:ty) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

string_serde!(Status);
string_serde!(Lane);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_round_trips() {
        for s in Status::ALL {
            assert_eq!(s.as_str().parse::<Status>().unwrap(), s);
        }
        assert_eq!("In Progress".parse::<Status>().unwrap(), Status::InProgress);
        let err = "finished".parse::<Status>().unwrap_err().to_string();
        assert!(
            err.contains("status") && err.contains("in-progress"),
            "{err}"
        );
    }

    #[test]
    fn lanes_order() {
        assert!(Lane::Now < Lane::Next && Lane::Next < Lane::Later);
        assert_eq!(Lane::Next.earlier(), Some(Lane::Now));
        assert_eq!(Lane::Later.later(), None);
        assert!("soon".parse::<Lane>().is_err());
    }
}
