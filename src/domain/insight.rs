//! Customer insights (`F-1`, `F-2`, …): a piece of evidence (a support
//! ticket, an interview note, a sales call) from a customer, linked to the
//! items it argues for.
//!
//! An insight is stored as an [`Item`] of kind [`Kind::Insight`], so that it
//! is version-checked, in the history (undo / redo) and in the lossless
//! export like every item: its text is the item's title, what it came from
//! is [`InsightInfo`], and the items it is evidence for are its
//! `depends_on` links (held by the insight, as dependencies are held by the
//! dependent). It has no parent, no children, and never shows in a tree,
//! ranking or roadmap: [`super::Backlog`] keeps insights apart.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::error::DomainError;
use super::item::Item;
use super::key::{Key, Kind};
use super::text::optional_text;

/// Where an insight came from. Every field is optional.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InsightInfo {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
}

impl InsightInfo {
    /// The same information with every text trimmed (empty text: none).
    pub fn cleaned(self) -> InsightInfo {
        let clean = |t: Option<String>| t.as_deref().and_then(optional_text);
        InsightInfo {
            customer: clean(self.customer),
            segment: clean(self.segment),
            source: clean(self.source),
            url: clean(self.url),
            date: self.date,
        }
    }
}

/// A new insight with its text and information (no links yet).
pub fn new_insight(
    key: Key,
    text: &str,
    info: InsightInfo,
    now: DateTime<Utc>,
) -> Result<Item, DomainError> {
    if key.kind != Kind::Insight {
        return Err(DomainError::rule(format!("{key} is not an insight key")));
    }
    let mut item = Item::new(key, text, None, now)?;
    item.insight = Some(info.cleaned());
    Ok(item)
}

/// Checks that `insight` may be linked to `target`: an item of the
/// hierarchy, not an insight (itself or another).
pub fn check_link(insight: Key, target: Key) -> Result<(), DomainError> {
    if insight.kind != Kind::Insight {
        return Err(DomainError::rule(format!("{insight} is not an insight")));
    }
    if target == insight {
        return Err(DomainError::rule(format!(
            "{insight} cannot be linked to itself"
        )));
    }
    if target.kind == Kind::Insight {
        return Err(DomainError::rule(format!(
            "{insight} cannot be linked to {target}: insights link to initiatives, epics and stories"
        )));
    }
    Ok(())
}

/// The customer behind an insight, folded for counting distinct customers
/// (case and surrounding space do not make another customer).
pub fn customer_of(insight: &Item) -> Option<String> {
    let c = insight.insight.as_ref()?.customer.as_deref()?;
    let t = c.trim();
    (!t.is_empty()).then(|| t.to_lowercase())
}

/// The date an insight speaks for: its own date, else the day it was
/// recorded.
pub fn insight_date(insight: &Item) -> NaiveDate {
    insight
        .insight
        .as_ref()
        .and_then(|i| i.date)
        .unwrap_or_else(|| insight.created.date_naive())
}
