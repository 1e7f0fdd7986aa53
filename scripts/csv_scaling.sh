#!/usr/bin/env bash
# Times the CSV importer on generated Jira-style exports (Issue id, Issue
# Type, Summary, Parent id, Status, Story Points, and a Description of 5–40
# words, a third of them over two lines, CRLF line ends) at 1×, 2× and 4×
# a size, whole process, release build: a quadratic shows as a time that
# grows about 4× per doubling instead of 2×. Not run by CI: it times things.
#
#   scripts/csv_scaling.sh            # 5,000, 10,000 and 20,000 stories
#   CSV_ROWS=25000 scripts/csv_scaling.sh
#
# Generated files stay in $BENCH_DIR (default target/bench-data).
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS=${CSV_ROWS:-5000}
DIR=${BENCH_DIR:-target/bench-data}
mkdir -p "$DIR"
cargo build --release --locked --quiet
bin=$(pwd)/target/release/backlog
export BACKLOG_NOW=2026-11-23T10:00:00Z

# jira_csv STORIES FILE: one initiative per 200 stories, one epic per 20.
jira_csv() {
    awk -v n="$1" 'BEGIN {
        srand(7)
        split("the user account report export dashboard search filter invoice payment map route schedule notify admin customer order ticket sync mobile page login profile team data field list view", w, " ")
        nw = length(w)
        printf "Issue id,Issue Type,Summary,Parent id,Status,Custom field (Story Points),Description\r\n"
        id = 10000; ni = int(n / 200); if (ni < 1) ni = 1
        for (i = 0; i < ni; i++) { id++; ini[i] = id; printf "%d,Initiative,Initiative %s,,In Progress,,%s\r\n", id, words(3), words(10) }
        ne = 0
        for (r = 0; r < n; r++) {
            if (r % 20 == 0) { id++; epic[ne++] = id; printf "%d,Epic,Epic %s,%d,To Do,,%s\r\n", id, words(4), ini[int(rand() * ni)], words(12) }
            id++
            d = words(5 + int(rand() * 36))
            if (rand() < 0.3) d = d "\r\n" words(3 + int(rand() * 8))
            split("Story Bug Task", t, " "); split("To Do|In Progress|Done", s, "|"); split("1 2 3 5 8 -", p, " ")
            pts = p[1 + int(rand() * 6)]; if (pts == "-") pts = ""
            printf "%d,%s,%s,%d,%s,%s,\"%s\"\r\n", id, t[1 + int(rand() * 3)], words(6), epic[ne - 1 - int(rand() * (ne < 3 ? ne : 3))], s[1 + int(rand() * 3)], pts, d
        }
    }
    function words(k,   out, j) { out = w[1 + int(rand() * nw)]; for (j = 1; j < k; j++) out = out " " w[1 + int(rand() * nw)]; return out }'
}

seconds() {
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null
    end=$(date +%s%N)
    awk -v ns=$((end - start)) 'BEGIN { printf "%.2f s", ns / 1e9 }'
}

for factor in 1 2 4; do
    n=$((ROWS * factor))
    csv="$DIR/jira-$n.csv"
    [ -f "$csv" ] || jira_csv "$n" >"$csv"
    db="$DIR/csv-scaling.db"
    rm -f "$db" "$db"-*
    dry=$(seconds "$bin" --db "$db" import "$csv" --dry-run)
    rm -f "$db" "$db"-*
    full=$(seconds "$bin" --db "$db" import "$csv")
    rm -f "$db" "$db"-*
    printf "%7d stories (%s): import --dry-run %s, import %s\n" "$n" "$(du -h "$csv" | cut -f1)" "$dry" "$full"
done
