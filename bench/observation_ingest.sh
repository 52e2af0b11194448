#!/usr/bin/env bash
# Observation ingest speed: generates 1,000 wells x 10 years of hourly readings (~88 million)
# as a wide-form CSV (and, with LONG=1, as a long-form CSV) in a temporary folder (never in
# git), then times read_observation_csv on it (best of REPS, page cache warm after the first).
#
#   bench/observation_ingest.sh [BUILD_DIR]      WELLS=1000 YEARS=10 REPS=2 LONG=0
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
BUILD=$(cd "${1:-$here/../build}" && pwd)
WELLS=${WELLS:-1000}
YEARS=${YEARS:-10}
REPS=${REPS:-2}
WORK=${WORK:-$(mktemp -d /tmp/aquifer-obs-ingest.XXXXXX)}
bin="$BUILD/bench/observation_csv_bench"
forms="wide"
[ "${LONG:-0}" = 1 ] && forms="wide long"
for form in $forms; do
  file="$WORK/obs_$form.csv"
  [ -f "$file" ] || "$bin" generate-$form "$file" "$WELLS" "$YEARS"
  echo "$form form: $(du -h "$file" | cut -f1)"
  for _ in $(seq "$REPS"); do "$bin" read "$file"; done
done
[ -n "${KEEP:-}" ] || rm -rf "$WORK"
