#!/usr/bin/env bash
# Reproduces the raw-PETSc figures of bench/README.md: builds bench/raw_petsc_1m.cpp and
# bench/hyprestruct_caps.cpp by hand (mpicxx + pkg-config petsc), runs every solver
# configuration at 1 and 2 ranks and both tolerances, and prints a Markdown table.
#
#   bench/run_raw.sh                 # everything (about an hour on 2 idle cores)
#   REPS=1 NPS="1" RTOLS=1e-10 bench/run_raw.sh     # a quick pass
#   ONLY='^cg\+pfmg' bench/run_raw.sh   # configurations whose name matches a regex
#
# Timings: each run is repeated REPS times (default 3) and the fastest setup+solve is kept;
# before each run the script waits (up to QUIET_WAIT_S) until the machine is idle, because
# other jobs sharing the cores distort wall-clock figures. Peak memory is the maximum
# resident set size that /usr/bin/time -v reports for each rank. hypre is built with OpenMP
# in Debian: OMP_NUM_THREADS=1 keeps ranks x threads within the cores.
# Logs of every run go to LOGDIR (default: a fresh folder under /tmp).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
BUILD=${BUILD:-/tmp/aquifer-bench-build}
LOGDIR=${LOGDIR:-$(mktemp -d /tmp/aquifer-bench-logs.XXXXXX)}
REPS=${REPS:-3}
NPS=${NPS:-"1 2"}
RTOLS=${RTOLS:-"1e-10 1e-8"}
ONLY=${ONLY:-}
QUIET_WAIT_S=${QUIET_WAIT_S:-120}
QUIET_IDLE_PCT=${QUIET_IDLE_PCT:-90}
BUSY_PCT=na
MPIRUN=${MPIRUN:-"mpirun --allow-run-as-root --oversubscribe"}
export OMP_NUM_THREADS=1

mkdir -p "$BUILD" "$LOGDIR"
for prog in raw_petsc_1m hyprestruct_caps; do
  if [[ ! -x $BUILD/$prog || $here/$prog.cpp -nt $BUILD/$prog || $here/benchmark_problem.hpp -nt $BUILD/$prog ]]; then
    # shellcheck disable=SC2046
    mpicxx -O2 -std=c++20 -o "$BUILD/$prog" "$here/$prog.cpp" $(pkg-config --cflags --libs petsc)
  fi
done

# name | tolerances ("all" = RTOLS, else one value) | options
BOOMER="-pc_type hypre -pc_hypre_type boomeramg -pc_hypre_boomeramg_strong_threshold 0.5 \
-pc_hypre_boomeramg_coarsen_type HMIS -pc_hypre_boomeramg_interp_type ext+i -pc_hypre_boomeramg_P_max 4 \
-pc_hypre_boomeramg_agg_nl 1 -pc_hypre_boomeramg_relax_type_down SOR/Jacobi \
-pc_hypre_boomeramg_relax_type_up backward-SOR/Jacobi"
PFMG="-mat_type hyprestruct -pc_type pfmg"
WJ="$PFMG -pc_pfmg_tol 0"                                          # Galerkin + weighted Jacobi
SRB="$PFMG -pc_pfmg_tol 0 -pc_pfmg_relax_type symmetric-Red/Black-Gauss-Seidel"  # non-Galerkin
RB="$PFMG -pc_pfmg_tol 0 -pc_pfmg_relax_type Red/Black-Gauss-Seidel"             # non-Galerkin
NONSYM="-asymmetry 0.5"
HOLES="-inactive_fraction 0.3"
BLOCKS="-inactive_fraction 0.3 -inactive_block 4"
OUTLINE="-inactive_fraction 0.3 -inactive_block 0"
CONFIGS=(
  "cg+pfmg (PETSc defaults: WJ, Galerkin, pfmg_tol 1e-8)|all|-ksp_type cg $PFMG"
  "cg+pfmg WJ tol0 (recommended)|all|-ksp_type cg $WJ"
  "cg+pfmg WJ tol0, 2+2 sweeps|all|-ksp_type cg $WJ -pc_pfmg_num_pre_relax 2 -pc_pfmg_num_post_relax 2"
  "cg+pfmg symRB tol0|all|-ksp_type cg $SRB"
  "cg+boomeramg (given options)|all|-ksp_type cg $BOOMER"
  "cg+gamg (defaults)|all|-ksp_type cg -pc_type gamg"
  "gmres+pfmg WJ tol0|all|-ksp_type gmres $WJ"
  "bcgs+pfmg WJ tol0|all|-ksp_type bcgs $WJ"
  "gmres+pfmg RB tol0|1e-10|-ksp_type gmres $RB"
  "cg+pfmg WJ tol0, OMP_NUM_THREADS=2 (= unset)|1e-10|OMP2 -ksp_type cg $WJ"
  "cg+pfmg WJ tol0, 3rd of 3 assemblies+solves|1e-10|-solves 3 -ksp_type cg $WJ"
  "nonsym a=0.5: bcgs+pfmg WJ tol0|1e-10|$NONSYM -ksp_type bcgs $WJ"
  "nonsym a=0.5: gmres+pfmg WJ tol0|1e-10|$NONSYM -ksp_type gmres $WJ"
  "nonsym a=0.5: gmres+pfmg RB tol0 (max 200 its)|1e-10|$NONSYM -ksp_type gmres $RB -ksp_max_it 200"
  "nonsym a=0.5: gmres+boomeramg|1e-10|$NONSYM -ksp_type gmres $BOOMER"
  "30% inactive, scattered cells: cg+pfmg WJ tol0|1e-10|$HOLES -ksp_type cg $WJ"
  "30% inactive, scattered cells: cg+pfmg symRB tol0|1e-10|$HOLES -ksp_type cg $SRB"
  "30% inactive, scattered cells: cg+boomeramg|1e-10|$HOLES -ksp_type cg $BOOMER"
  "30% inactive, 4^3 blocks: cg+pfmg WJ tol0|1e-10|$BLOCKS -ksp_type cg $WJ"
  "30% inactive, 4^3 blocks: cg+boomeramg|1e-10|$BLOCKS -ksp_type cg $BOOMER"
  "30% inactive, plan outline: cg+pfmg WJ tol0|1e-10|$OUTLINE -ksp_type cg $WJ"
  "30% inactive, plan outline: cg+pfmg symRB tol0|1e-10|$OUTLINE -ksp_type cg $SRB"
  "30% inactive, plan outline: cg+boomeramg|1e-10|$OUTLINE -ksp_type cg $BOOMER"
)

# Waits until the CPUs have been QUIET_IDLE_PCT % idle for a second, at most QUIET_WAIT_S seconds.
wait_quiet() {
  local waited=0 a b idle total i
  while ((waited < QUIET_WAIT_S)); do
    read -r -a a < <(head -1 /proc/stat)
    sleep 1
    read -r -a b < <(head -1 /proc/stat)
    idle=$(((b[4] + b[5]) - (a[4] + a[5])))
    total=0
    for i in 1 2 3 4 5 6 7 8; do total=$((total + b[i] - a[i])); done
    BUSY_PCT=$((total > 0 ? 100 - idle * 100 / total : 0))
    ((BUSY_PCT <= 100 - QUIET_IDLE_PCT)) && return 0
    waited=$((waited + 1))
  done
  echo "warning: machine still busy after ${QUIET_WAIT_S}s; timing anyway" >&2
}

field() { grep -m1 "^$1:" "$2" | sed "s/^$1: *//"; }

echo "| configuration | ranks | rtol | its | true rel. residual | assembly s | PC setup s | solve s | setup+solve s | solve CPU s | peak RSS/rank MiB | bytes/cell | busy % |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
n=0
for cfg in "${CONFIGS[@]}"; do
  name=${cfg%%|*}
  rest=${cfg#*|}
  tols=${rest%%|*}
  opts=${rest#*|}
  [[ $tols == all ]] && tols=$RTOLS
  threads=1
  [[ $opts == OMP2* ]] && threads=2 && opts=${opts#OMP2 }
  [[ -n $ONLY && ! $name =~ $ONLY ]] && continue
  for np in $NPS; do
    for rtol in $tols; do
      best=""
      declare -A busy=()
      for ((r = 1; r <= REPS; r++)); do
        n=$((n + 1))
        log=$LOGDIR/run$n.log
        wait_quiet
        busy[$r]=$BUSY_PCT
        # shellcheck disable=SC2086
        echo "OMP_NUM_THREADS=$threads $MPIRUN -n $np $BUILD/raw_petsc_1m $opts -ksp_rtol $rtol" > "$log"
        # shellcheck disable=SC2086
        OMP_NUM_THREADS=$threads $MPIRUN -n "$np" /usr/bin/time -v "$BUILD/raw_petsc_1m" $opts -ksp_rtol "$rtol" >> "$log" 2>&1 || true
        t=$(field setup_plus_solve_s "$log")
        echo "busy_before_start_pct: ${busy[$r]}" >> "$log"
        if [[ -z $best ]] || awk -v a="$t" -v b="$(field setup_plus_solve_s "$best")" 'BEGIN{exit !(a<b)}'; then
          best=$log
        fi
      done
      rss_kib=$(grep "Maximum resident set size" "$best" | awk '{print $NF}' | sort -n | tail -1)
      rss_sum=$(grep "Maximum resident set size" "$best" | awk '{s+=$NF} END{print s}')
      cells=$(field grid "$best" | sed 's/.*(\([0-9]*\) cells.*/\1/')
      printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %.0f | %.0f | %s |\n" "$name" "$np" "$rtol" \
        "$(field iterations "$best")$( [[ $(field converged_reason "$best") == CONVERGED* ]] || echo " ($(field converged_reason "$best"))")" \
        "$(field true_relative_residual "$best")" "$(field assembly_s "$best")" "$(field pc_setup_s "$best")" \
        "$(field solve_s "$best")" "$(field setup_plus_solve_s "$best")" "$(field solve_cpu_s "$best")" \
        "$(awk -v k="${rss_kib:-0}" 'BEGIN{print k/1024}')" "$(awk -v s="${rss_sum:-0}" -v c="${cells:-1}" 'BEGIN{print s*1024/c}')" \
        "$(field busy_before_start_pct "$best")"
    done
  done
done

echo
echo "Reference solution (CG + PFMG, unpreconditioned rtol 1e-14, 1 rank) for comparisons:"
$MPIRUN -n 1 "$BUILD/raw_petsc_1m" -ksp_type cg $WJ -ksp_norm_type unpreconditioned -ksp_rtol 1e-14 \
  2>&1 | grep -E "^(iterations|true_relative_residual|head_min|head_max|checksum):"
echo
echo "hyprestruct capability probes (bench/hyprestruct_caps.cpp, 24 x 20 x 12 cells):"
for np in $NPS; do
  echo "-- $np rank(s)"
  $MPIRUN -n "$np" "$BUILD/hyprestruct_caps" 2>&1 | grep -E "^(PASS|FAIL|ERROR|OK)"
  for relax in Weighted-Jacobi symmetric-Red/Black-Gauss-Seidel; do
    for block in 1 0; do
      echo "-- $np rank(s), 30% inactive (-inactive_block $block), PFMG relax $relax"
      $MPIRUN -n "$np" "$BUILD/hyprestruct_caps" -inactive_fraction 0.3 -inactive_block $block \
        -caps_pc_pfmg_relax_type $relax 2>&1 | grep -E "^(PASS|FAIL)" | grep -E "solve|re-assembled"
    done
  done
done
echo "logs: $LOGDIR"
