//! Crash safety: a long series of writes through the real binary, run by a
//! shell loop that is killed with SIGKILL (with the `backlog` process it is
//! running) at random moments, round after round, on one file. After every
//! kill:
//!
//! - `PRAGMA integrity_check` is `ok` and no foreign key is broken;
//! - every write the loop saw succeed (exit 0) is there;
//! - nothing that was never started is there, and the one write in flight
//!   is there whole or not at all: each command writes several things in
//!   one transaction and all of them are checked together;
//! - every item's version equals its number of history entries, and keys
//!   are allocated without gaps.
//!
//! `cargo test` runs a quick mode (30 rounds). The full run:
//! `BACKLOG_CRASH_ROUNDS=300 cargo test --test crash_safety -- --nocapture`
//! (`BACKLOG_CRASH_SEED` picks another random sequence).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::Bk;
use serde_json::Value;

/// A small, seeded random number generator (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// What write number `n` does. Each is one command, one transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Write {
    /// `add story wN --epic E-1 --ac … --ac … --points … --as pN --want gN`:
    /// an item, its key, two criteria and three fields.
    Add,
    /// `edit S-1 --title tN --owner oN --label lN`: three fields of S-1.
    Edit,
    /// `decide S-1 dN --why rN`: a decision on S-1.
    Decide,
    /// `import bulk.txt --epic E-1`: twelve stories at once.
    Import,
}

fn write_kind(n: u64) -> Write {
    if n % 16 == 15 {
        return Write::Import;
    }
    match n % 3 {
        0 => Write::Add,
        1 => Write::Edit,
        _ => Write::Decide,
    }
}

const BULK: u64 = 12;

/// The writer: a shell loop over the normal commands. `s N` is logged
/// before write N starts, `a N` after it exited 0, `f N CODE` if it failed
/// (which must never happen: no kill, no `database is locked`).
const LOOP: &str = r#"
n=$START
while :; do
  echo "s $n" >> "$LOG"
  k=$((n % 3)); [ $((n % 16)) -eq 15 ] && k=3
  case $k in
    0) "$BIN" --db "$DB" add story "w$n" --epic E-1 --ac "c$n first" --ac "c$n second" \
         --points $((n % 13)) --as "p$n" --want "g$n" > /dev/null ;;
    1) "$BIN" --db "$DB" edit S-1 --title "t$n" --owner "o$n" --label "l$n" > /dev/null ;;
    2) "$BIN" --db "$DB" decide S-1 "d$n" --why "r$n" --date 2026-11-23 > /dev/null ;;
    3) "$BIN" --db "$DB" import "$BULK" --epic E-1 > /dev/null ;;
  esac
  rc=$?
  if [ $rc -ne 0 ]; then echo "f $n $rc" >> "$LOG"; exit 1; fi
  echo "a $n" >> "$LOG"
  n=$((n + 1))
done
"#;

/// Starts the loop in its own process group, from write `start`.
fn spawn_loop(db: &Path, log: &Path, bulk: &Path, start: u64) -> std::process::Child {
    use std::os::unix::process::CommandExt;
    Command::new("sh")
        .arg("-c")
        .arg(LOOP)
        .env("BIN", env!("CARGO_BIN_EXE_backlog"))
        .env("DB", db)
        .env("LOG", log)
        .env("BULK", bulk)
        .env("START", start.to_string())
        .env_remove("BACKLOG_DB")
        .env("BACKLOG_NOW", common::NOW)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .expect("spawn the writer loop")
}

/// SIGKILL to the whole group (the shell and the `backlog` it runs), then
/// waits until every member is gone.
fn kill_group(child: &mut std::process::Child) {
    let group = format!("-{}", child.id());
    // The shell's own `kill` (no dependency on procps); `-9 -PGID` is the
    // spelling both dash and bash accept.
    let status = Command::new("sh")
        .args(["-c", "kill -9 \"$1\"", "sh", &group])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill failed");
    child.wait().expect("reap the writer loop");
    let deadline = Instant::now() + Duration::from_secs(10);
    while group_alive(child.id()) {
        assert!(Instant::now() < deadline, "the killed group does not die");
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Whether a process of group `pgid` is still running (zombies, which hold
/// no files, do not count).
fn group_alive(pgid: u32) -> bool {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return false;
    };
    dir.filter_map(Result::ok).any(|e| {
        let Ok(stat) = std::fs::read_to_string(e.path().join("stat")) else {
            return false;
        };
        // pid (comm) state ppid pgrp …; comm may hold spaces and parens.
        let Some((_, rest)) = stat.rsplit_once(") ") else {
            return false;
        };
        let fields: Vec<&str> = rest.split(' ').collect();
        fields.len() > 2 && fields[0] != "Z" && fields[2] == pgid.to_string()
    })
}

/// The log's started, acknowledged and failed writes (a line cut by the
/// kill is ignored).
struct Log {
    started: BTreeSet<u64>,
    acked: BTreeSet<u64>,
    failed: Vec<String>,
}

fn read_log(path: &Path) -> Log {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut log = Log {
        started: BTreeSet::new(),
        acked: BTreeSet::new(),
        failed: Vec::new(),
    };
    for line in text.lines() {
        let mut parts = line.split(' ');
        let (Some(tag), Some(num)) = (parts.next(), parts.next()) else {
            continue;
        };
        let Ok(n) = num.parse::<u64>() else { continue };
        match tag {
            "s" => {
                log.started.insert(n);
            }
            "a" => {
                log.acked.insert(n);
            }
            "f" => log.failed.push(line.to_string()),
            _ => {}
        }
    }
    log
}

fn sql_one<T: rusqlite::types::FromSql>(c: &rusqlite::Connection, q: &str) -> T {
    c.query_row(q, [], |r| r.get(0)).unwrap()
}

/// Checks the file after a kill; returns the writes that are in it.
fn check(
    bk: &Bk,
    log: &Log,
    landed_before: &BTreeSet<u64>,
    rolled_back: &BTreeSet<u64>,
    round: usize,
) -> BTreeSet<u64> {
    let ctx = |what: &str| format!("round {round}: {what}");
    // The file opens and reads (this also recovers the WAL).
    let items = bk.json(["list", "--archived", "--sort", "key", "--json"]);
    let items = items.as_array().unwrap();
    {
        let c = rusqlite::Connection::open(&bk.db).unwrap();
        let ok: String = sql_one(&c, "PRAGMA integrity_check");
        assert_eq!(ok, "ok", "{}", ctx("integrity_check"));
        let broken: i64 = sql_one(&c, "SELECT count(*) FROM pragma_foreign_key_check");
        assert_eq!(broken, 0, "{}", ctx("foreign_key_check"));
        // Every item's version counts its recorded changes.
        let off: i64 = sql_one(
            &c,
            "SELECT count(*) FROM items i WHERE i.version <> (SELECT count(*) FROM history h \
             WHERE h.item_key = i.kind || '-' || i.num)",
        );
        assert_eq!(off, 0, "{}", ctx("version vs history"));
        let empty: i64 = sql_one(
            &c,
            "SELECT count(*) FROM changes c WHERE NOT EXISTS \
             (SELECT 1 FROM history h WHERE h.change_id = c.id)",
        );
        assert_eq!(empty, 0, "{}", ctx("a change without history"));
        // Keys: the next story key follows the highest one.
        let gap: i64 = sql_one(
            &c,
            "SELECT (SELECT next FROM key_seq WHERE kind = 'S') - \
             (SELECT max(num) FROM items WHERE kind = 'S')",
        );
        assert_eq!(gap, 1, "{}", ctx("key sequence"));
    }

    let mut present = BTreeSet::new();
    // Adds: each story wN whole, keys in order without gaps.
    let mut added: BTreeMap<u64, &Value> = BTreeMap::new();
    let mut bulk = BTreeMap::<String, usize>::new();
    for it in items {
        let title = it["title"].as_str().unwrap();
        if let Some(n) = title.strip_prefix('w').and_then(|n| n.parse::<u64>().ok()) {
            assert!(added.insert(n, it).is_none(), "{}", ctx("a duplicate add"));
            assert_eq!(
                it["acceptance_criteria"],
                serde_json::json!([
                    {"text": format!("c{n} first"), "done": false},
                    {"text": format!("c{n} second"), "done": false}
                ]),
                "{}",
                ctx("criteria of an add")
            );
            assert_eq!(it["points"], (n % 13) as f64, "{}", ctx("points"));
            assert_eq!(it["persona"], format!("p{n}"), "{}", ctx("persona"));
            assert_eq!(it["goal"], format!("g{n}"), "{}", ctx("goal"));
            assert_eq!(it["version"], 1, "{}", ctx("version of an add"));
            present.insert(n);
        } else if it["persona"] == "bulk tester" {
            *bulk.entry(title.to_string()).or_default() += 1;
        }
    }
    // Imports: every one of the twelve stories as often as the others.
    let imports = bulk.values().copied().max().unwrap_or(0);
    assert!(
        (bulk.is_empty() || bulk.len() == BULK as usize) && bulk.values().all(|c| *c == imports),
        "{}: {bulk:?}",
        ctx("a partial import")
    );
    let keys: Vec<&str> = items
        .iter()
        .filter(|i| i["kind"] == "story")
        .map(|i| i["key"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = (1..=keys.len()).map(|k| format!("S-{k}")).collect();
    assert_eq!(keys, expected, "{}", ctx("story keys have a gap"));

    // Edits and decisions on S-1, all three fields of an edit together.
    let s1 = bk.show("S-1");
    let labels: Vec<u64> = s1["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap()[1..].parse().unwrap())
        .collect();
    let decisions: Vec<u64> = s1["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let n: u64 = d["decision"].as_str().unwrap()[1..].parse().unwrap();
            assert_eq!(d["rationale"], format!("r{n}"), "{}", ctx("rationale"));
            n
        })
        .collect();
    for (what, ns) in [("labels", &labels), ("decisions", &decisions)] {
        assert!(
            ns.windows(2).all(|w| w[0] < w[1]),
            "{}: {ns:?}",
            ctx(&format!("{what} out of order"))
        );
        present.extend(ns.iter().copied());
    }
    match labels.last() {
        Some(n) => {
            assert_eq!(
                s1["title"],
                format!("t{n}"),
                "{}",
                ctx("title of the last edit")
            );
            assert_eq!(
                s1["owner"],
                format!("o{n}"),
                "{}",
                ctx("owner of the last edit")
            );
        }
        None => assert_eq!(s1["title"], "Story number 1"),
    }
    assert_eq!(
        s1["version"].as_u64().unwrap(),
        1 + labels.len() as u64 + decisions.len() as u64,
        "{}",
        ctx("version of S-1")
    );

    // Imports are told apart by count only: attribute them, in order, to
    // the import writes started and not found rolled back at a kill.
    let import_writes: Vec<u64> = log
        .started
        .iter()
        .copied()
        .filter(|n| write_kind(*n) == Write::Import && !rolled_back.contains(n))
        .collect();
    assert!(
        imports <= import_writes.len(),
        "{}",
        ctx("more imports than started")
    );
    present.extend(import_writes.iter().take(imports));

    // Everything acknowledged is there; nothing never started is; at most
    // the last started write is there without an acknowledgement.
    let missing: Vec<_> = log.acked.difference(&present).collect();
    assert!(
        missing.is_empty(),
        "{}: {missing:?}",
        ctx("acknowledged writes lost")
    );
    let unstarted: Vec<_> = present.difference(&log.started).collect();
    assert!(
        unstarted.is_empty(),
        "{}: {unstarted:?}",
        ctx("writes that never started")
    );
    // Writes in flight at earlier kills stay as they were found; of the
    // others, only the last started may be there unacknowledged.
    let gone: Vec<_> = landed_before.difference(&present).collect();
    assert!(gone.is_empty(), "{}: {gone:?}", ctx("landed writes lost"));
    let unacked: Vec<_> = present
        .difference(&log.acked)
        .filter(|n| !landed_before.contains(n))
        .collect();
    assert!(
        unacked
            .iter()
            .all(|n| Some(**n) == log.started.last().copied()),
        "{}: {unacked:?}",
        ctx("unacknowledged writes")
    );
    present
}

#[derive(Default)]
struct Figures {
    rounds: usize,
    acked: usize,
    in_flight: usize,
    in_flight_landed: usize,
    items: usize,
}

fn run(rounds: usize, seed: u64) -> Figures {
    let bk = Bk::with_stories(1);
    let log = bk.path("writes.log");
    let bulk: PathBuf = bk.path("bulk.txt");
    let lines: Vec<String> = (1..=BULK)
        .map(|k| {
            format!(
                "As a bulk tester, I want bulk story {k}, so that imports land whole or not at all"
            )
        })
        .collect();
    std::fs::write(&bulk, lines.join("\n") + "\n").unwrap();

    let mut rng = Rng(seed);
    let mut next = 1;
    let mut figures = Figures::default();
    // Writes in flight at a kill that landed (never acknowledged).
    let mut landed = BTreeSet::new();
    // … and those that did not.
    let mut rolled_back = BTreeSet::new();
    for round in 1..=rounds {
        let mut child = spawn_loop(&bk.db, &log, &bulk, next);
        // Mostly short lives (a kill inside the first commands: opening,
        // migrating checks, the first transaction), some longer runs.
        let ms = if rng.below(4) == 0 {
            100 + rng.below(300)
        } else {
            rng.below(100)
        };
        std::thread::sleep(Duration::from_millis(ms) + Duration::from_micros(rng.below(1000)));
        kill_group(&mut child);
        let mut stderr = String::new();
        if let Some(mut e) = child.stderr.take() {
            use std::io::Read;
            let _ = e.read_to_string(&mut stderr);
        }

        let l = read_log(&log);
        assert!(
            l.failed.is_empty(),
            "round {round}: a write failed: {:?} {stderr}",
            l.failed
        );
        let present = check(&bk, &l, &landed, &rolled_back, round);
        let last = l.started.last().copied();
        if let Some(last) = last
            && last >= next
            && !l.acked.contains(&last)
        {
            figures.in_flight += 1;
            if present.contains(&last) {
                figures.in_flight_landed += 1;
                landed.insert(last);
            } else {
                rolled_back.insert(last);
            }
        }
        figures.rounds = round;
        figures.acked = l.acked.len();
        next = last.map_or(next, |n| n + 1);
    }
    figures.items = bk
        .json(["list", "--archived", "--json"])
        .as_array()
        .unwrap()
        .len();
    figures
}

#[test]
fn killed_writers_never_lose_or_half_write_anything() {
    let rounds = env_u64("BACKLOG_CRASH_ROUNDS", 30) as usize;
    let seed = env_u64("BACKLOG_CRASH_SEED", 0x00C0_FFEE);
    let started = Instant::now();
    let f = run(rounds, seed);
    eprintln!(
        "crash safety: {} kill rounds survived (seed {seed:#x}) in {:.1?}; {} acknowledged writes \
         all present; {} kills during a command ({} of those writes landed whole, {} not at all); \
         {} items in the file",
        f.rounds,
        started.elapsed(),
        f.acked,
        f.in_flight,
        f.in_flight_landed,
        f.in_flight - f.in_flight_landed,
        f.items
    );
    assert_eq!(f.rounds, rounds);
    assert!(f.acked > 0, "no write was ever acknowledged");
}

/// The processes whose command line holds `needle`, by pid.
fn pids_with(needle: &str) -> Vec<u32> {
    std::fs::read_dir("/proc")
        .map(|d| {
            d.filter_map(Result::ok)
                .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
                .filter(|pid| {
                    std::fs::read(format!("/proc/{pid}/cmdline"))
                        .is_ok_and(|c| String::from_utf8_lossy(&c).contains(needle))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| s.rsplit_once(") ").map(|(_, r)| !r.starts_with('Z')))
        .unwrap_or(false)
}

#[test]
fn a_tui_whose_terminal_hangs_up_exits() {
    // Regression: a TUI whose terminal went away (window closed, SSH
    // dropped) and that SIGHUP did not end (ignored with nohup, or caught
    // to end the loop normally) spun at full CPU forever: crossterm's poll
    // loops reading a hung-up terminal and never returns.
    let has_script = Command::new("script")
        .args(["-qec", "true", "/dev/null"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !has_script {
        eprintln!("skipped: util-linux `script` cannot make a pseudo-terminal here");
        return;
    }
    // As started from a terminal, and with SIGHUP ignored.
    for trap in ["", "trap '' HUP; "] {
        hang_up(trap);
    }
}

fn hang_up(trap: &str) {
    let bk = Bk::with_stories(1);
    let db = bk.db.to_str().unwrap().to_string();
    let mut script = Command::new("script")
        .args([
            "-qec",
            &format!("{trap}exec '{}' --db '{db}'", env!("CARGO_BIN_EXE_backlog")),
            "/dev/null",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run script");
    // Wait for the TUI to be up.
    let deadline = Instant::now() + Duration::from_secs(10);
    let tui = loop {
        let pids: Vec<u32> = pids_with(&db)
            .into_iter()
            .filter(|p| {
                *p != script.id()
                    && std::fs::read_link(format!("/proc/{p}/exe"))
                        .is_ok_and(|e| e.to_string_lossy().contains("backlog"))
            })
            .collect();
        if let Some(p) = pids.first() {
            break *p;
        }
        assert!(Instant::now() < deadline, "the TUI did not start");
        std::thread::sleep(Duration::from_millis(20));
    };
    std::thread::sleep(Duration::from_millis(500));
    // The terminal goes away: its master side closes.
    script.kill().unwrap();
    script.wait().unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while running(tui) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let still = running(tui);
    if still {
        let _ = Command::new("sh")
            .args(["-c", "kill -9 \"$1\"", "sh", &tui.to_string()])
            .status();
    }
    assert!(
        !still,
        "the TUI kept running after its terminal hung up ({trap:?})"
    );
    // And the file is fine.
    assert_eq!(bk.show("S-1")["title"], "Story number 1");
}
