//! SIGTERM or SIGHUP (a closed terminal window) end the TUI the normal
//! way: terminal restored, the `--demo` copy removed. Runs the real binary
//! in a pseudo-terminal made by util-linux `script`.

#![cfg(unix)]

use std::path::Path;
use std::process::{Command, Stdio};

fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

fn pty_available() -> bool {
    Command::new("script")
        .args(["-qec", "true", "/dev/null"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs the TUI in a pty, sends it `signal` after a second, then prints
/// the terminal's settings; returns all the pty showed.
fn signalled(dir: &Path, signal: &str, args: &str) -> String {
    let bin = env!("CARGO_BIN_EXE_backlog");
    let shell = format!(
        "sh -c {}; stty -a",
        sh_quote(&format!(
            "me=$$; (sleep 1; kill -{signal} $me) & exec {} {args}",
            sh_quote(bin)
        ))
    );
    let out = Command::new("script")
        .args(["-qec", &shell, "/dev/null"])
        .env("TMPDIR", dir)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir)
        .env_remove("BACKLOG_DB")
        .env_remove("BACKLOG_TEST_PANIC")
        .stdin(Stdio::null())
        .output()
        .expect("run script");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn sigterm_and_sighup_restore_the_terminal_and_clean_up() {
    if !pty_available() {
        eprintln!("skipped: no pseudo-terminal (util-linux `script`) available");
        return;
    }
    for signal in ["TERM", "HUP"] {
        let dir = tempfile::tempdir().unwrap();
        let shown = signalled(dir.path(), signal, "--demo");
        let enter = shown
            .find("\x1b[?1049h")
            .expect("entered the alternate screen");
        let leave = shown
            .rfind("\x1b[?1049l")
            .expect("left the alternate screen");
        assert!(leave > enter, "SIG{signal}: left before entering");
        let stty = &shown[leave..];
        assert!(
            stty.contains(" icanon") && !stty.contains("-icanon"),
            "SIG{signal}: raw mode still on: {stty}"
        );
        assert!(
            stty.contains(" echo") && !stty.contains("-echo "),
            "SIG{signal}: echo off: {stty}"
        );
        let left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("backlog-demo-"))
            .collect();
        assert!(
            left.is_empty(),
            "SIG{signal}: the demo copy was left behind: {left:?}"
        );
    }
}
