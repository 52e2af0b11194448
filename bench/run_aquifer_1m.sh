#!/usr/bin/env bash
# The 1M-cell benchmark (bench/README.md) through the whole `aquifer run`, next to the raw
# PETSc solve of the same matrix with the same options (bench/raw_petsc_1m.cpp), at 1 and 2
# ranks, PFMG and BoomerAMG. Prints a Markdown table: whole-process wall time (best of REPS),
# linear iterations, peak RSS per rank and bytes per cell (ranks x max RSS / cells).
#
#   bench/run_aquifer_1m.sh [BUILD_DIR]        (default build/; run `make` first)
#   REPS=1 NPS=1 bench/run_aquifer_1m.sh       # a quick pass
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
BUILD=$(cd "${1:-$here/../build}" && pwd)
REPS=${REPS:-3}
NPS=${NPS:-"1 2"}
WORK=${WORK:-$(mktemp -d /tmp/aquifer-bench-1m.XXXXXX)}
MPIRUN=${MPIRUN:-"mpirun --allow-run-as-root --oversubscribe -x OMP_NUM_THREADS"}
export OMP_NUM_THREADS=1

/usr/bin/python3 "$here/make_1m_scenario.py" "$WORK/scenario" > /dev/null
# No field files: the comparison is about the solve (budget.csv is always written, 1 row).
sed -i 's/^csv = false/csv = false\nhdf5 = false\nnetcdf = false/' "$WORK/scenario/scenario.toml"
grep -q '^hdf5 = false' "$WORK/scenario/scenario.toml"

BOOMER_OPTS="-ksp_type cg -pc_type hypre -pc_hypre_type boomeramg -pc_hypre_boomeramg_strong_threshold 0.5 \
-pc_hypre_boomeramg_coarsen_type HMIS -pc_hypre_boomeramg_interp_type ext+i -pc_hypre_boomeramg_P_max 4 \
-pc_hypre_boomeramg_agg_nl 1 -pc_hypre_boomeramg_relax_type_down SOR/Jacobi \
-pc_hypre_boomeramg_relax_type_up backward-SOR/Jacobi -ksp_rtol 1e-10"
PFMG_OPTS="-ksp_type cg -mat_type hyprestruct -pc_type pfmg -pc_pfmg_rap_type Galerkin -ksp_rtol 1e-10"

# Runs "$@" under /usr/bin/time -v; prints "wall_s max_rss_kib" (max over ranks).
timed() {
  local log=$1; shift
  $MPIRUN -np "$NP" /usr/bin/time -v "$@" > "$log" 2>&1
  local wall rss
  wall=$(grep "Elapsed (wall clock)" "$log" | awk -F': ' '{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' | sort -g | tail -1)
  rss=$(grep "Maximum resident set size" "$log" | awk '{print $NF}' | sort -g | tail -1)
  echo "$wall $rss"
}

best() { sort -g -k1,1 | head -1; }

echo "| program | solver | ranks | wall s (best of $REPS) | iterations | peak RSS MiB/rank | bytes/cell | checksum |"
echo "|---|---|---|---|---|---|---|---|"
for NP in $NPS; do
  for solver in pfmg boomeramg; do
    opts=$PFMG_OPTS; [ "$solver" = boomeramg ] && opts=$BOOMER_OPTS
    sed "s/^linear_solver = .*/linear_solver = \"$solver\"/" "$WORK/scenario/scenario.toml" > "$WORK/scenario/s_$solver.toml"
    raw=(); aq=()
    for rep in $(seq "$REPS"); do
      raw+=("$(timed "$WORK/raw_${solver}_$NP.log" "$BUILD/bench/raw_petsc_1m" $opts)")
      aq+=("$(timed "$WORK/aq_${solver}_$NP.log" "$BUILD/aquifer" run "$WORK/scenario/s_$solver.toml" -o "$WORK/out_${solver}_$NP")")
    done
    read -r raw_wall raw_rss < <(printf '%s\n' "${raw[@]}" | best)
    read -r aq_wall aq_rss < <(printf '%s\n' "${aq[@]}" | best)
    raw_its=$(awk '/^iterations:/{print $2}' "$WORK/raw_${solver}_$NP.log")
    raw_sum=$(awk '/^checksum:/{print $2}' "$WORK/raw_${solver}_$NP.log")
    aq_its=$(grep -o '[0-9]* linear iterations' "$WORK/aq_${solver}_$NP.log" | awk '{print $1}')
    cells=1024000
    row() {  # program wall rss its checksum
      awk -v p="$1" -v s="$solver" -v n="$NP" -v w="$2" -v r="$3" -v i="$4" -v c="$5" -v cells="$cells" \
        'BEGIN { printf "| %s | %s | %s | %.2f | %s | %.0f | %.0f | %s |\n", p, s, n, w, i, r / 1024, r * 1024 * n / cells, c }'
    }
    row "raw PETSc" "$raw_wall" "$raw_rss" "$raw_its" "$raw_sum"
    row "aquifer run" "$aq_wall" "$aq_rss" "$aq_its" "-"
  done
done
echo "logs in $WORK"
