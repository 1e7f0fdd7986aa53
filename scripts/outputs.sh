#!/usr/bin/env bash
# Writes what the CLI prints for the demo backlog into one folder, so that
# two builds can be compared byte for byte:
#
#   scripts/outputs.sh BINARY OUT_DIR
#   diff -r old/ new/
#
# Covers the demo load, `list --json` (every kind and sort), `show --json`,
# `export`, the roadmap in every format and level, `health --json`,
# `refine summary`, snapshots and diff, with the clock pinned.
set -euo pipefail
bin=$(realpath "$1")
out=$2
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export BACKLOG_NOW=2026-11-23T10:00:00Z
db="$work/demo.db"
b() { "$bin" --db "$db" "$@"; }

b demo >"$out/demo.txt" 2>&1
b list >"$out/list.txt"
b list --json >"$out/list.json"
for kind in initiative epic story; do
  for sort in rank key rice wsjf; do
    b list --json --kind "$kind" --sort "$sort" >"$out/list-$kind-$sort.json"
    b list --kind "$kind" --sort "$sort" >"$out/list-$kind-$sort.txt"
  done
done
b list --json --archived >"$out/list-archived.json"
for key in I-1 E-1 E-2 S-1 S-5 S-19; do
  b show "$key" --json >"$out/show-$key.json"
  b show "$key" >"$out/show-$key.txt"
done
b export >"$out/export.json"
for level in epic initiative; do
  for by in rice wsjf; do
    for format in text md html json csv; do
      b roadmap --level "$level" --by "$by" --format "$format" >"$out/roadmap-$level-$by.$format"
    done
  done
done
b health --json >"$out/health.json"
b health >"$out/health.txt"
b snapshot take Baseline >"$out/snapshot-take.txt"
b edit S-5 --points 8 >"$out/edit.txt"
b edit E-2 --lane now >>"$out/edit.txt"
b show S-5 --history >"$out/history-S-5.txt"
b diff Baseline >"$out/diff.txt"
b refine summary --since 2026-11-01 >"$out/refine-summary.md"
b refine summary --since 2026-11-01 --format json >"$out/refine-summary.json"
b edit E-3 --lane later >>"$out/edit.txt"
b diff Baseline >"$out/diff2.txt"
b undo >"$out/undo.txt"
b redo >"$out/redo.txt"
b export >"$out/export-after.json"
# The temp folder's name differs from run to run.
sed -i "s#$work#WORKDIR#g" "$out"/*
echo "wrote $(ls "$out" | wc -l) files to $out"
