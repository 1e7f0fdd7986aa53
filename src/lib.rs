//! `backlog`: a terminal backlog and roadmap manager for product managers.
//!
//! Layering (see DESIGN.md §1): `domain` is pure; `store` owns the SQLite
//! file; `transfer` converts between domain values and bytes; `cli` sits on
//! top of all three, and `tui` on top of everything (nothing depends on it).

pub mod cli;
pub mod domain;
pub mod generate;
pub mod store;
pub mod transfer;
pub mod tui;
