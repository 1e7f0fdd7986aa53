//! The real binary in a real pseudo-terminal, timed from outside: a key
//! written to the terminal, and the redraw read back. Shared by the
//! end-to-end bench (`benches/pty.rs`, timed) and its smoke test
//! (`tests/pty_latency.rs`: every scenario on a small backlog, untimed).
//!
//! The pseudo-terminal is made by util-linux `script` (Debian: bsdutils,
//! an Essential package), which relays what is written to its standard
//! input into the terminal and what the program draws to its standard
//! output; `stty` sets the size first. A reader thread stamps each chunk
//! of output as it arrives. A redraw is the burst of output that follows
//! a key until the terminal stays quiet for [`QUIET`]; its latency is the
//! time from writing the key to the arrival of its last byte (the quiet
//! wait itself is not counted). A key that changes nothing on the screen
//! draws nothing, and is reported as an error rather than timed.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// The terminal's size, as the in-process benches draw.
pub const COLS: u16 = 200;
pub const ROWS: u16 = 50;

/// How long the terminal must stay quiet for a redraw to count as done.
pub const QUIET: Duration = Duration::from_millis(60);

/// How long to wait for the first byte of a redraw.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// The escape sequence that ends the alternate screen: the TUI has quit.
const LEAVE_ALT: &[u8] = b"\x1b[?1049l";

/// What every frame draws (the tab bar): the first frame has come when
/// the output holds it (entering the alternate screen comes before).
const FRAME_MARKER: &[u8] = b"Backlog";

/// Whether `marker` is in `bytes` (the empty marker is in anything but
/// nothing: a redraw has at least one byte).
fn contains(bytes: &[u8], marker: &[u8]) -> bool {
    if marker.is_empty() {
        return !bytes.is_empty();
    }
    bytes.windows(marker.len()).any(|w| w == marker)
}

fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// Whether `script` can give us a pseudo-terminal here.
pub fn available() -> bool {
    cfg!(unix)
        && Command::new("script")
            .args(["-qec", "true", "/dev/null"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
}

/// One chunk of the terminal's output and when it arrived.
struct Chunk {
    at: Instant,
    bytes: Vec<u8>,
}

/// The output that followed a key (or the start), until quiet.
pub struct Burst {
    /// From the key (or the start) to the last byte.
    pub latency: Duration,
    pub bytes: Vec<u8>,
}

impl Burst {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }
}

/// `backlog` running in a pseudo-terminal.
pub struct Tui {
    child: Child,
    input: ChildStdin,
    output: Receiver<Chunk>,
    started: Instant,
}

impl Tui {
    /// Starts `bin --db db` in a terminal of [`COLS`]×[`ROWS`], with its
    /// configuration looked for in `home` (none there: the defaults).
    pub fn start(bin: &Path, db: &Path, home: &Path) -> Tui {
        let shell = format!(
            "stty rows {ROWS} cols {COLS}; exec {} --db {}",
            sh_quote(bin.to_str().expect("a UTF-8 path")),
            sh_quote(db.to_str().expect("a UTF-8 path"))
        );
        let started = Instant::now();
        let mut child = Command::new("script")
            .args(["-qec", &shell, "/dev/null"])
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home)
            .env("XDG_DATA_HOME", home)
            .env("TERM", "xterm-256color")
            .env_remove("BACKLOG_DB")
            .env_remove("NO_COLOR")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("run util-linux script");
        let input = child.stdin.take().expect("stdin");
        let mut stdout = child.stdout.take().expect("stdout");
        let (tx, output) = channel();
        std::thread::spawn(move || {
            let mut buf = vec![0u8; 1 << 16];
            loop {
                match stdout.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let chunk = Chunk {
                            at: Instant::now(),
                            bytes: buf[..n].to_vec(),
                        };
                        if tx.send(chunk).is_err() {
                            break;
                        }
                    }
                }
            }
        });
        Tui {
            child,
            input,
            output,
            started,
        }
    }

    /// The output since `from` until it holds `marker` and then the
    /// terminal is quiet for [`QUIET`]; `None` when the marker did not come
    /// within [`PATIENCE`].
    fn burst(&self, from: Instant, marker: &[u8]) -> Option<Burst> {
        let deadline = Instant::now() + PATIENCE;
        let mut bytes: Vec<u8> = Vec::new();
        let mut last = from;
        while !contains(&bytes, marker) {
            let left = deadline.saturating_duration_since(Instant::now());
            let chunk = self.output.recv_timeout(left).ok()?;
            last = chunk.at;
            bytes.extend_from_slice(&chunk.bytes);
        }
        while let Ok(chunk) = self.output.recv_timeout(QUIET) {
            last = chunk.at;
            bytes.extend_from_slice(&chunk.bytes);
        }
        Some(Burst {
            latency: last.saturating_duration_since(from),
            bytes,
        })
    }

    /// The first frame: from the start of the process (the `script` and
    /// `stty` before it included) to the last byte of its first burst.
    pub fn first_frame(&self) -> Result<Burst, String> {
        self.burst(self.started, FRAME_MARKER)
            .ok_or_else(|| "no first frame".to_string())
    }

    /// Waits until nothing has been drawn for `quiet` (the rest of the
    /// load, a background answer): what follows is a key's alone.
    pub fn settle(&self, quiet: Duration) {
        while self.output.recv_timeout(quiet).is_ok() {}
    }

    /// Writes `keys` and reads the redraw back.
    pub fn key(&mut self, keys: &[u8]) -> Result<Burst, String> {
        self.settle(Duration::ZERO);
        let at = Instant::now();
        self.input
            .write_all(keys)
            .and_then(|()| self.input.flush())
            .map_err(|e| format!("write {keys:?}: {e}"))?;
        self.burst(at, b"")
            .ok_or_else(|| format!("{keys:?} changed nothing on the screen"))
    }

    /// Quits (Esc to leave a filter or a form, then `q`) and waits for
    /// the process (killed if it hangs).
    ///
    /// A TUI still loading (the full load after the first frame: half a
    /// second and more at 100,000 stories) reads neither key until it is
    /// done, and then reads the two together as Alt-q, which does not
    /// quit: `q` is written again, alone, every second until it quits.
    pub fn quit(mut self) -> Result<(), String> {
        let _ = self.input.write_all(b"\x1b");
        let _ = self.input.flush();
        // Apart, or the terminal would read the two as Alt-q.
        self.settle(Duration::from_millis(200));
        let _ = self.input.write_all(b"q");
        let _ = self.input.flush();
        let deadline = Instant::now() + PATIENCE;
        let mut left = false;
        let mut again = Instant::now() + Duration::from_secs(1);
        while Instant::now() < deadline {
            match self.output.recv_timeout(Duration::from_millis(100)) {
                Ok(chunk) => {
                    left |= contains(&chunk.bytes, LEAVE_ALT);
                }
                Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => {}
            }
            if left || !matches!(self.child.try_wait(), Ok(None)) {
                break;
            }
            if Instant::now() >= again {
                let _ = self.input.write_all(b"q");
                let _ = self.input.flush();
                again = Instant::now() + Duration::from_secs(1);
            }
        }
        // `script` ends with its program, or with its input.
        drop(self.input);
        while Instant::now() < deadline {
            match self.output.recv_timeout(Duration::from_millis(100)) {
                Ok(chunk) => {
                    left |= contains(&chunk.bytes, LEAVE_ALT);
                }
                Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => {}
            }
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
        }
        // The output closes just before the process ends.
        while Instant::now() < deadline && matches!(self.child.try_wait(), Ok(None)) {
            std::thread::sleep(Duration::from_millis(5));
        }
        match self.child.try_wait() {
            Ok(Some(_)) => Ok(()),
            _ => {
                let _ = self.child.kill();
                let _ = self.child.wait();
                Err(format!("the TUI did not quit (left the screen: {left})"))
            }
        }
    }
}

/// A timed key: `setup` once on the Backlog tab, then rounds of `step`
/// (timed) and `reset` (untimed, puts things back for the next round).
pub struct KeyScenario {
    pub name: &'static str,
    pub setup: &'static [&'static [u8]],
    pub step: &'static [u8],
    pub reset: &'static [u8],
    /// Text the step's redraw must hold, to show it drew what was asked.
    pub shows: &'static str,
}

/// Backspace as a terminal sends it.
const BACKSPACE: &[u8] = b"\x7f";

pub const KEY_SCENARIOS: &[KeyScenario] = &[
    KeyScenario {
        name: "move down (j)",
        setup: &[],
        step: b"j",
        reset: b"k",
        shows: "",
    },
    KeyScenario {
        name: "filter, first letter",
        setup: &[b"/"],
        step: b"p",
        reset: BACKSPACE,
        shows: "p",
    },
    KeyScenario {
        name: "tab switch, Ranked (2)",
        setup: &[],
        step: b"2",
        reset: b"1",
        shows: "",
    },
    KeyScenario {
        name: "tab switch, Roadmap (3)",
        setup: &[],
        step: b"3",
        reset: b"1",
        shows: "",
    },
    KeyScenario {
        name: "tab switch, Refine (4)",
        setup: &[],
        step: b"4",
        reset: b"1",
        shows: "",
    },
    KeyScenario {
        name: "lane move, Roadmap (L)",
        setup: &[b"3"],
        step: b"L",
        reset: b"H",
        shows: "",
    },
];

/// Median and p99 (nearest rank) of some durations, in milliseconds.
pub struct Figures {
    pub runs: usize,
    pub median_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl Figures {
    pub fn of(samples: &[Duration]) -> Figures {
        let mut ms: Vec<f64> = samples.iter().map(|d| d.as_secs_f64() * 1e3).collect();
        ms.sort_by(f64::total_cmp);
        let rank = |p: f64| {
            let i = ((p * ms.len() as f64).ceil() as usize).clamp(1, ms.len());
            ms[i - 1]
        };
        Figures {
            runs: ms.len(),
            median_ms: rank(0.5),
            p99_ms: rank(0.99),
            max_ms: ms.last().copied().unwrap_or(0.0),
        }
    }
}

/// Starts the TUI `rounds` times and times its first frame each time.
pub fn time_first_frame(
    bin: &Path,
    db: &Path,
    home: &Path,
    rounds: usize,
) -> Result<Vec<Duration>, String> {
    let mut out = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let tui = Tui::start(bin, db, home);
        let frame = tui.first_frame()?;
        if !frame.text().contains("Backlog") {
            return Err(format!(
                "the first frame shows no Backlog tab: {:?}",
                frame.text()
            ));
        }
        out.push(frame.latency);
        tui.settle(Duration::from_millis(300));
        tui.quit()?;
    }
    Ok(out)
}

/// Runs `scenario` for `rounds` timed rounds in one session, once nothing
/// has been drawn for `load` after the first frame (the rest of the load).
pub fn time_keys(
    bin: &Path,
    db: &Path,
    home: &Path,
    scenario: &KeyScenario,
    rounds: usize,
    load: Duration,
) -> Result<Vec<Duration>, String> {
    let mut tui = Tui::start(bin, db, home);
    tui.first_frame()?;
    // The rest of the load, then the setup keys, each drawn.
    tui.settle(load);
    for keys in scenario.setup {
        tui.key(keys)?;
        tui.settle(Duration::from_millis(300));
    }
    let mut out = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let step = tui.key(scenario.step)?;
        if !step.text().contains(scenario.shows) {
            return Err(format!(
                "{}: the redraw lacks {:?}",
                scenario.name, scenario.shows
            ));
        }
        out.push(step.latency);
        tui.key(scenario.reset)?;
    }
    tui.quit()?;
    Ok(out)
}

/// A generated backlog of `stories` stories in `dir`, written by the
/// binary itself (`dev generate`, seed 1, the clock pinned).
pub fn generate(bin: &Path, dir: &Path, stories: usize) -> PathBuf {
    let db = dir.join(format!("pty-{stories}.db"));
    let status = Command::new(bin)
        .args(["dev", "generate"])
        .arg(&db)
        .args(["--stories", &stories.to_string(), "--seed", "1", "--force"])
        .env("BACKLOG_NOW", "2026-09-01T09:30:00Z")
        .stdout(Stdio::null())
        .status()
        .expect("run dev generate");
    assert!(status.success(), "dev generate failed");
    db
}
