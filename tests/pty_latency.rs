//! The end-to-end pty harness (`benches/pty.rs`) keeps working: the real
//! binary in a real pseudo-terminal, each scenario a couple of rounds on a
//! small backlog. Untimed: the figures are the bench's.

#[path = "../benches/pty/mod.rs"]
mod pty;

use std::path::Path;
use std::time::Duration;

use pty::{KEY_SCENARIOS, available, generate, time_first_frame, time_keys};

#[test]
fn every_pty_scenario_draws_a_change() {
    if !available() {
        eprintln!("note: skipping the pty harness test: no pseudo-terminal (util-linux `script`)");
        return;
    }
    let bin = Path::new(env!("CARGO_BIN_EXE_backlog"));
    let dir = tempfile::tempdir().unwrap();
    let db = generate(bin, dir.path(), 300);
    let frames = time_first_frame(bin, &db, dir.path(), 1).expect("a first frame");
    assert_eq!(frames.len(), 1);
    for scenario in KEY_SCENARIOS {
        let samples = time_keys(
            bin,
            &db,
            dir.path(),
            scenario,
            2,
            Duration::from_millis(300),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", scenario.name));
        assert_eq!(samples.len(), 2, "{}", scenario.name);
    }
}
