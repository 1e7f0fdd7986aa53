//! A panic inside the TUI restores the terminal and prints a readable
//! error. The debug binary panics right after its first draw when
//! `BACKLOG_TEST_PANIC` is set; it runs here in a real pseudo-terminal
//! made by util-linux `script` (Debian: bsdutils, an Essential package).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ENTER_ALT: &str = "\x1b[?1049h";
const LEAVE_ALT: &str = "\x1b[?1049l";
const MOUSE_ON: &str = "\x1b[?1000h";
const MOUSE_OFF: &str = "\x1b[?1000l";
const CURSOR_SHOWN: &str = "\x1b[?25h";

fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// Whether `script` can give us a pseudo-terminal here.
fn pty_available() -> bool {
    Command::new("script")
        .args(["-qec", "true", "/dev/null"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs `shell` (sh syntax) inside a pty with the panic switch on; returns
/// everything the pty showed.
fn in_pty(dir: &Path, shell: &str) -> String {
    let out = dir.join("pty.out");
    let mut child = Command::new("script")
        .args(["-qec", &format!("sh -c {}", sh_quote(shell)), "/dev/null"])
        .env("BACKLOG_TEST_PANIC", "1")
        .env("RUST_BACKTRACE", "0")
        .env("XDG_CONFIG_HOME", dir)
        .env("HOME", dir)
        .env_remove("BACKLOG_DB")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .expect("run script");
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "the TUI did not exit within 30 s; output:\n{}",
                String::from_utf8_lossy(&std::fs::read(&out).unwrap())
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    String::from_utf8_lossy(&std::fs::read(&out).unwrap()).into_owned()
}

fn skip_reason() -> Option<&'static str> {
    if !cfg!(debug_assertions) {
        return Some("BACKLOG_TEST_PANIC only works in debug builds");
    }
    if !cfg!(unix) || !pty_available() {
        return Some("no pseudo-terminal (util-linux `script`) available");
    }
    None
}

#[test]
fn panic_restores_the_terminal_and_says_what_happened() {
    if let Some(why) = skip_reason() {
        eprintln!("note: skipping the pty panic test: {why}");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let bin = env!("CARGO_BIN_EXE_backlog");
    let shell = format!(
        "stty rows 24 cols 80; {} --db {}; echo BACKLOG_EXIT=$?; stty -a",
        sh_quote(bin),
        sh_quote(db.to_str().unwrap())
    );
    let out = in_pty(dir.path(), &shell);

    // It drew on the alternate screen, then left it, with mouse capture
    // off and the cursor shown, before the message was printed.
    let enter = out.find(ENTER_ALT).expect("entered the alternate screen");
    let leave = out.rfind(LEAVE_ALT).expect("left the alternate screen");
    assert!(enter < leave, "left before entering?\n{out:?}");
    assert!(out[enter..].contains("1 Backlog"), "drew a frame first");
    let mouse_on = out.find(MOUSE_ON).expect("mouse capture was on");
    assert!(out[mouse_on..].contains(MOUSE_OFF), "mouse capture left on");
    assert!(out[leave..].contains(CURSOR_SHOWN), "cursor left hidden");
    let crashed = out.find("backlog crashed").expect("says it crashed");
    assert!(
        out[..crashed].contains(LEAVE_ALT),
        "the message was printed on the alternate screen, where it vanishes"
    );
    assert!(
        out[crashed..].contains("test panic requested by BACKLOG_TEST_PANIC"),
        "the panic message is shown:\n{out}"
    );
    assert!(out.contains("BACKLOG_EXIT=101"), "exit status:\n{out}");

    // Raw mode is off again: the pty is canonical and echoes.
    let stty = &out[out.find("BACKLOG_EXIT=").unwrap()..];
    let flags: Vec<&str> = stty
        .split(|c: char| c.is_whitespace() || c == ';')
        .collect();
    for flag in ["icanon", "echo", "isig", "icrnl", "opost"] {
        assert!(
            flags.contains(&flag) && !flags.contains(&format!("-{flag}").as_str()),
            "{flag} not restored:\n{stty}"
        );
    }
}

#[test]
fn panic_message_goes_to_stderr() {
    if let Some(why) = skip_reason() {
        eprintln!("note: skipping the pty panic test: {why}");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let err = dir.path().join("stderr.txt");
    let shell = format!(
        "stty rows 24 cols 80; {} --db {} 2>{}",
        sh_quote(env!("CARGO_BIN_EXE_backlog")),
        sh_quote(db.to_str().unwrap()),
        sh_quote(err.to_str().unwrap())
    );
    let out = in_pty(dir.path(), &shell);
    let stderr = std::fs::read_to_string(&err).unwrap();
    assert!(stderr.contains("backlog crashed"), "{stderr}");
    assert!(
        stderr.contains("test panic requested by BACKLOG_TEST_PANIC"),
        "{stderr}"
    );
    // Nothing of the TUI's drawing leaks into stderr.
    assert!(!stderr.contains('\x1b'), "{stderr:?}");
    assert!(out.contains(LEAVE_ALT));
}
