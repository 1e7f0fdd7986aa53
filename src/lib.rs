//! `backlog`: a terminal backlog and roadmap manager for product managers.
//!
//! Layering (docs/ARCHITECTURE.md): `domain` is pure; `store` owns the
//! database and all SQL; `transfer` converts between domain values and
//! bytes; `ops` holds the use cases; `cli` and `tui` sit on top, and nothing
//! depends on `tui`. `tests/layers.rs` checks these rules.

pub mod cli;
pub mod domain;
pub mod generate;
pub mod ops;
pub mod store;
pub mod transfer;
pub mod tui;
