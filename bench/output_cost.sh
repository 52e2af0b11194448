#!/usr/bin/env bash
# Output cost on the 1M-cell benchmark problem (bench/README.md) made transient: 20 daily
# steps, fields every 10 steps (plus the end), heads.h5 + heads.nc + heads.xmf written, against
# the same run writing no field files. Prints both wall times and the share of the run that
# writing costs, at 1 and 2 ranks (best of REPS).
#
#   bench/output_cost.sh [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
BUILD=$(cd "${1:-$here/../build}" && pwd)
REPS=${REPS:-2}
NPS=${NPS:-"1 2"}
WORK=${WORK:-$(mktemp -d /tmp/aquifer-output-cost.XXXXXX)}
export OMP_NUM_THREADS=1
MPIRUN=${MPIRUN:-"mpirun --allow-run-as-root --oversubscribe -x OMP_NUM_THREADS"}

/usr/bin/python3 "$here/make_1m_scenario.py" "$WORK/scenario" > /dev/null
base=$WORK/scenario/scenario.toml
cat >> "$base" <<'TOML'

[time]
end = "20 d"
step = "1 d"
output_every = "10 d"
TOML
sed 's/^csv = false/csv = false\nhdf5 = true\nnetcdf = true/' "$base" > "$WORK/scenario/with_output.toml"
sed 's/^csv = false/csv = false\nhdf5 = false\nnetcdf = false/' "$base" > "$WORK/scenario/no_output.toml"

wall() {  # seconds of the whole mpirun
  local t0 t1
  t0=$(date +%s.%N)
  $MPIRUN -np "$1" "$BUILD/aquifer" run "$2" -o "$3" > "$3.log" 2>&1
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f\n", b - a }'
}

echo "| ranks | no field output s | h5 + nc + xmf every 10 steps s | output share |"
echo "|---|---|---|---|"
for np in $NPS; do
  best_no=""; best_with=""
  for rep in $(seq "$REPS"); do
    a=$(wall "$np" "$WORK/scenario/no_output.toml" "$WORK/out_no_$np")
    b=$(wall "$np" "$WORK/scenario/with_output.toml" "$WORK/out_with_$np")
    best_no=$(printf '%s\n%s\n' "$best_no" "$a" | grep . | sort -g | head -1)
    best_with=$(printf '%s\n%s\n' "$best_with" "$b" | grep . | sort -g | head -1)
  done
  awk -v n="$np" -v a="$best_no" -v b="$best_with" \
    'BEGIN { printf "| %s | %.2f | %.2f | %.1f %% |\n", n, a, b, 100 * (b - a) / b }'
done
ls -la "$WORK/out_with_1" 2>/dev/null | grep -E "heads\.(h5|nc)" || true
echo "logs in $WORK"
