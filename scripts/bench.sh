#!/usr/bin/env bash
# Whole-process benchmarks of `backlog` (docs/PERFORMANCE.md):
#
#   - `list --json`, `roadmap --format html`, `export`, `import` of that
#     export into a new file, and `undo` and `redo` of that import, on
#     generated backlogs of 10,000 and 100,000 stories (hyperfine, or a
#     `date +%s%N` loop without it);
#   - peak memory (VmHWM) of the TUI's App holding each backlog;
#   - the importers' scaling (scripts/importer_scaling.sh: each importer at
#     1×, 2× and 4× its base size, and the ratio);
#   - a side-by-side with Taskwarrior and Backlog.md (npm `backlog.md`,
#     installed into a temporary directory): the same 10,000 (and
#     100,000) stories as tasks, `task list` and `backlog task list
#     --plain` against `backlog list --kind story --sort rice`, as ratios.
#
# Installs what it needs (hyperfine, taskwarrior) with apt-get, builds the
# release binary once, and keeps generated files in $BENCH_DIR
# (default target/bench-data). Not run by CI: it times things.
#
#   scripts/bench.sh                   # everything
#   BENCH_SIZES=10000 scripts/bench.sh # one size
#   BENCH_RUNS=5 scripts/bench.sh      # fewer runs per command (default 10)
#   BENCH_SKIP_TASK=1 scripts/bench.sh # without Taskwarrior
#   BENCH_SKIP_BMD=1 scripts/bench.sh  # without Backlog.md
#   BENCH_SKIP_SCALING=1 scripts/bench.sh # without the importers' scaling
#   BENCH_PEER_SIZES=10000 scripts/bench.sh  # peers at 10,000 only (default
#                                      # "10000 100000")
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${BENCH_SIZES:-"10000 100000"}
RUNS=${BENCH_RUNS:-10}
DIR=${BENCH_DIR:-target/bench-data}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
RESULTS="$DIR/results.txt"
: >"$RESULTS"

say() { echo "$*" | tee -a "$RESULTS"; }

apt_install() {
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

if ! command -v hyperfine >/dev/null 2>&1; then
    apt_install hyperfine || echo "hyperfine not available: timing with a shell loop"
fi
if [ -z "${BENCH_SKIP_TASK:-}" ] && ! command -v task >/dev/null 2>&1; then
    apt_install taskwarrior || echo "taskwarrior not available: no side-by-side"
fi

# BENCH_BIN: a binary built already (its examples beside it, in
# examples/, or in BENCH_EX); else the release build of this tree.
if [ -n "${BENCH_BIN:-}" ]; then
    BIN=$(cd "$(dirname "$BENCH_BIN")" && pwd)/$(basename "$BENCH_BIN")
    EX=${BENCH_EX:-$(dirname "$BIN")/examples}
else
    cargo build --release --quiet --bin backlog --example tui_rss --example taskwarrior_json
    BIN="$PWD/target/release/backlog"
    EX="$PWD/target/release/examples"
fi

say "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM"
say "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
say "backlog $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $RUNS runs per command"
say ""

# timeit NAME PREPARE COMMAND: median and max wall time in ms of COMMAND
# (PREPARE runs before each run, untimed).
timeit() {
    local name=$1 prepare=$2 cmd=$3
    if command -v hyperfine >/dev/null 2>&1; then
        local csv="$DIR/hf-$$.csv"
        hyperfine --style none --warmup 1 --runs "$RUNS" --prepare "$prepare" \
            --export-csv "$csv" "$cmd" >/dev/null 2>&1
        # command,mean,stddev,median,user,system,min,max (seconds)
        awk -F, -v n="$name" 'NR == 2 { printf "%-44s median %9.1f ms   max %9.1f ms\n", n, $4 * 1000, $8 * 1000 }' "$csv" | tee -a "$RESULTS"
        rm -f "$csv"
    else
        local times=() t0 t1
        for _ in $(seq "$RUNS"); do
            bash -c "$prepare"
            t0=$(date +%s%N)
            bash -c "$cmd" >/dev/null 2>&1
            t1=$(date +%s%N)
            times+=($(((t1 - t0) / 1000000)))
        done
        printf '%s\n' "${times[@]}" | sort -n | awk -v n="$name" '
            { v[NR] = $1 } END { printf "%-44s median %9.1f ms   max %9.1f ms\n", n, v[int((NR + 1) / 2)], v[NR] }' | tee -a "$RESULTS"
    fi
}

for n in $SIZES; do
    db="$DIR/backlog-$n.db"
    if [ ! -s "$db" ]; then
        rm -f "$db" "$db-wal" "$db-shm"
        "$BIN" dev generate "$db" --stories "$n" --seed 1 | tee -a "$RESULTS"
    fi
    "$BIN" --db "$db" export -o "$DIR/export-$n.json" >/dev/null
    imp="$DIR/import-$n.db"
    say "== $n stories ($(du -h "$db" | cut -f1) file)"
    timeit "list --json ($n)" "true" "'$BIN' --db '$db' list --json > /dev/null"
    timeit "roadmap --format html ($n)" "true" "'$BIN' --db '$db' roadmap --format html > /dev/null"
    timeit "export ($n)" "true" "'$BIN' --db '$db' export > /dev/null"
    timeit "import of the export ($n)" "rm -f '$imp' '$imp-wal' '$imp-shm'" \
        "'$BIN' --db '$imp' import '$DIR/export-$n.json' > /dev/null"
    # Undo and redo of that import: each run on a fresh copy of the file
    # as the import left it (undo) or as the undo left it (redo).
    rm -f "$imp" "$imp-wal" "$imp-shm"
    "$BIN" --db "$imp" import "$DIR/export-$n.json" >/dev/null
    cp "$imp" "$imp.imported"
    "$BIN" --db "$imp" undo >/dev/null
    cp "$imp" "$imp.undone"
    timeit "undo of the import ($n)" "cp '$imp.imported' '$imp'; rm -f '$imp-wal' '$imp-shm'" \
        "'$BIN' --db '$imp' undo > /dev/null"
    timeit "redo of the import ($n)" "cp '$imp.undone' '$imp'; rm -f '$imp-wal' '$imp-shm'" \
        "'$BIN' --db '$imp' redo > /dev/null"
    rm -f "$imp" "$imp-wal" "$imp-shm" "$imp.imported" "$imp.undone"
    say "TUI peak memory ($n): $("$EX/tui_rss" "$db")"
    say ""
done

if [ -z "${BENCH_SKIP_SCALING:-}" ]; then
    scripts/importer_scaling.sh "$BIN" | tee -a "$RESULTS"
    say ""
fi

# ratio NAME A_LINE B_LINE: the median of A over the median of B.
ratio() {
    local a b
    a=$(echo "$2" | awk '{print $(NF-4)}')
    b=$(echo "$3" | awk '{print $(NF-4)}')
    echo "$2"
    echo "$3"
    say "ratio $1: $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }')"
}

# peer_db N: the generated backlog of N stories (made once).
peer_db() {
    local db="$DIR/backlog-$1.db"
    if [ ! -s "$db" ]; then
        rm -f "$db" "$db-wal" "$db-shm"
        "$BIN" dev generate "$db" --stories "$1" --seed 1 >/dev/null
    fi
    echo "$db"
}

# The peers at each of these sizes (a peer that cannot reach one, or
# takes too long, is left out with BENCH_SKIP_TASK / BENCH_SKIP_BMD).
PEER_SIZES=${BENCH_PEER_SIZES:-${BENCH_PEER_STORIES:-"10000 100000"}}
# runs_for N: fewer runs at 100,000 and more (a peer's run takes a minute).
runs_for() {
    if [ "$1" -ge 100000 ]; then echo "${BENCH_PEER_RUNS_BIG:-3}"; else echo "$RUNS_ALL"; fi
}
RUNS_ALL=$RUNS

if [ -z "${BENCH_SKIP_TASK:-}" ] && command -v task >/dev/null 2>&1; then
    for n in $PEER_SIZES; do
        db=$(peer_db "$n")
        RUNS=$(runs_for "$n")
        export TASKDATA="$DIR/taskdata-$n" TASKRC="$DIR/taskrc-$n"
        if [ ! -f "$TASKDATA/.imported" ]; then
            rm -rf "$TASKDATA"
            mkdir -p "$TASKDATA"
            printf 'data.location=%s\nconfirmation=off\nverbose=nothing\nhooks=off\nnews.version=99\n' "$TASKDATA" >"$TASKRC"
            "$EX/taskwarrior_json" "$db" >"$DIR/tasks-$n.json"
            echo "importing $n tasks into Taskwarrior (once; this takes a while)…"
            t0=$(date +%s%N)
            task rc.verbose=nothing import "$DIR/tasks-$n.json" >/dev/null 2>&1
            t1=$(date +%s%N)
            say "task import of $n tasks: $(((t1 - t0) / 1000000)) ms (once)"
            touch "$TASKDATA/.imported"
        fi
        say "== side by side, $n stories: $(task rc.verbose=nothing status:pending count 2>/dev/null) pending tasks"
        TASK_CMD="task rc.detection=off rc.defaultwidth=200 rc.verbose=nothing list > /dev/null"
        BACKLOG_CMD="'$BIN' --db '$db' list --kind story --sort rice > /dev/null"
        task_line=$(timeit "task list ($n)" "true" "$TASK_CMD")
        backlog_line=$(timeit "backlog list --kind story --sort rice ($n)" "true" "$BACKLOG_CMD")
        ratio "task list / backlog list ($n)" "$task_line" "$backlog_line"
    done
    unset TASKDATA TASKRC
fi

# Backlog.md: the npm package in a temporary directory, the same stories
# written as its task files (Markdown with a front matter), in a project
# of its own.
if [ -z "${BENCH_SKIP_BMD:-}" ] && command -v npm >/dev/null 2>&1; then
    BMD_PREFIX=$(mktemp -d "${TMPDIR:-/tmp}/backlog-md.XXXXXX")
    if npm install --silent --prefix "$BMD_PREFIX" backlog.md >/dev/null 2>&1; then
        BMD="$BMD_PREFIX/node_modules/.bin/backlog"
        say "Backlog.md $("$BMD" --version 2>/dev/null || echo '?') on Node $(node --version)"
        for n in $PEER_SIZES; do
            db=$(peer_db "$n")
            RUNS=$(runs_for "$n")
            proj="$DIR/backlog-md-$n"
            if [ ! -f "$proj/.written" ]; then
                rm -rf "$proj"
                mkdir -p "$proj/backlog/tasks"
                printf 'project_name: "bench"\ndefault_status: "To Do"\nstatuses: ["To Do", "In Progress", "Done"]\nlabels: []\nmilestones: []\ndate_format: yyyy-mm-dd\n' >"$proj/backlog/config.yml"
                "$BIN" --db "$db" list --kind story --json >"$DIR/stories-$n.json"
                node -e '
                    const fs = require("fs");
                    const [json, dir] = process.argv.slice(1);
                    const items = JSON.parse(fs.readFileSync(json, "utf8"));
                    const status = { "in-progress": "In Progress", done: "Done" };
                    let i = 0;
                    for (const it of items) {
                        i += 1;
                        const title = it.title.replace(/[\/:*?"<>|#]/g, " ").slice(0, 60).trim();
                        const fm = ["---", `id: task-${i}`, `title: ${JSON.stringify(it.title)}`,
                            `status: ${status[it.status] || "To Do"}`, "assignee: []",
                            "created_date: \x272026-01-01\x27", "labels: []", "dependencies: []", "---", "",
                            "## Description", "", it.description || it.title, ""].join("\n");
                        fs.writeFileSync(`${dir}/task-${i} - ${title}.md`, fm);
                    }' "$DIR/stories-$n.json" "$proj/backlog/tasks"
                (cd "$proj" && git init -q . 2>/dev/null || true)
                touch "$proj/.written"
            fi
            say "== side by side, $n stories: $(ls "$proj/backlog/tasks" | wc -l) Backlog.md task files"
            BMD_CMD="cd '$proj' && '$BMD' task list --plain > /dev/null"
            BACKLOG_CMD="'$BIN' --db '$db' list --kind story --sort rice > /dev/null"
            bmd_line=$(timeit "Backlog.md task list --plain ($n)" "true" "$BMD_CMD")
            backlog_line=$(timeit "backlog list --kind story --sort rice ($n)" "true" "$BACKLOG_CMD")
            ratio "Backlog.md task list / backlog list ($n)" "$bmd_line" "$backlog_line"
        done
    else
        echo "npm install backlog.md failed: no Backlog.md side-by-side"
    fi
    rm -rf "$BMD_PREFIX"
fi
RUNS=$RUNS_ALL

say ""
say "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "results in $RESULTS"
