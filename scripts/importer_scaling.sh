#!/usr/bin/env bash
# Scaling check of every importer (docs/PERFORMANCE.md): the same kind of
# file at 1×, 2× and 4× its base size, imported into a new file (whole
# process), and the ratio of the 4× time to the 1× time. A linear importer
# gives about 4; a quadratic one about 16. Formats:
#
#   csv      Jira-style export: Issue id, Issue Type, Summary, Parent id,
#            Status, Story Points, Description (5–40 words), epics first;
#   stories  plain text, one "As a …, I want …, so that …" line per story;
#   json     a backlog document (`backlog export` of a generated backlog);
#   taskwarrior  `task export`: one line, a task per story, N/100 projects,
#            a dependency on the task before every tenth task.
#
#   scripts/importer_scaling.sh [BINARY]     # base 2,500 stories
#   SCALE_BASE=250 scripts/importer_scaling.sh target/debug/backlog  # quick
#
# Not run by CI: it times things (tests/bench_quick.rs runs the small size
# through this script once, untimed in effect, so it keeps working).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${1:-target/release/backlog}
BASE=${SCALE_BASE:-2500}
DIR=$(mktemp -d "${TMPDIR:-/tmp}/backlog-scaling.XXXXXX")
trap 'rm -rf "$DIR"' EXIT

# csv_file N: a Jira-style export of N stories under N/100 (at least 1) epics.
csv_file() {
    awk -v n="$1" 'BEGIN {
        srand(7);
        split("sync invoices offline export visit reports search parts orders approve time sheets share quotes with the customer before the visit on a phone in bulk", w, " ");
        nw = length(w);
        split("To Do|In Progress|Done|Backlog", st, "|");
        e = int(n / 100); if (e < 1) e = 1;
        print "Issue id,Issue Type,Summary,Parent id,Status,Story Points,Description";
        for (i = 1; i <= e; i++) printf "%d,Epic,Epic number %d,,To Do,,\n", i, i;
        for (i = 1; i <= n; i++) {
            d = ""; k = 5 + int(rand() * 36);
            for (j = 0; j < k; j++) d = d (j ? " " : "") w[1 + int(rand() * nw)];
            printf "%d,Story,Story %d: %s %s,%d,%s,%d,\"%s, \"\"quoted\"\" and done.\"\n",
                e + i, i, w[1 + int(rand() * nw)], w[1 + int(rand() * nw)],
                1 + (i % e), st[1 + (i % 4)], 1 + (i % 8), d;
        }
    }'
}

# stories_file N: N plain-text user stories.
stories_file() {
    awk -v n="$1" 'BEGIN {
        split("dispatcher technician planner customer manager", p, " ");
        split("see every technician|export the visit reports|approve time sheets|search parts orders|share quotes", g, "|");
        for (i = 1; i <= n; i++)
            printf "As a %s, I want to %s number %d, so that the work gets done %d\n",
                p[1 + i % 5], g[1 + (i * 7) % 5], i, i;
    }'
}

# json_file N: the export of a generated backlog of N stories.
json_file() {
    local db="$DIR/gen-$1.db"
    "$BIN" dev generate "$db" --stories "$1" --seed 1 >/dev/null
    "$BIN" --db "$db" export
}

# taskwarrior_file N: a `task export` of N pending tasks, on one line as
# taskwarrior writes it.
taskwarrior_file() {
    awk -v n="$1" 'BEGIN {
        e = int(n / 100); if (e < 1) e = 1;
        printf "[";
        for (i = 1; i <= n; i++) {
            dep = (i % 10 == 0) ? sprintf(",\"depends\":\"00000000-0000-4000-8000-%012d\"", i - 1) : "";
            printf "%s{\"description\":\"Task %d: export the visit reports\",\"entry\":\"20260101T090000Z\",\"project\":\"P-%d\",\"status\":\"pending\",\"uuid\":\"00000000-0000-4000-8000-%012d\"%s}",
                (i > 1 ? "," : ""), i, 1 + (i % e), i, dep;
        }
        print "]";
    }'
}

ms_now() { date +%s%N; }

echo "importer scaling, base $BASE stories ($BIN)"
for format in csv stories json taskwarrior; do
    t1=""
    line="$format:"
    for m in 1 2 4; do
        n=$((BASE * m))
        ext=$format
        [ "$format" = stories ] && ext=txt
        [ "$format" = taskwarrior ] && ext=json
        f="$DIR/in-$n.$ext"
        "${format}_file" "$n" >"$f"
        db="$DIR/imp-$format-$n.db"
        rm -f "$db"
        t0=$(ms_now)
        "$BIN" --db "$db" import --format "$format" "$f" >/dev/null
        t=$((($(ms_now) - t0) / 1000000))
        [ -z "$t1" ] && t1=$t
        line="$line  ${m}× ($n) ${t} ms"
    done
    echo "$line  ratio 4×/1× $(awk -v a="$t" -v b="$t1" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')"
done
