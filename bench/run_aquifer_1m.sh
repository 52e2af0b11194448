#!/usr/bin/env bash
# The 1M-cell benchmark (bench/README.md) through the whole `aquifer run`, next to the raw
# PETSc solve of the same matrix with the same options (bench/raw_petsc_1m.cpp), at 1 and 2
# ranks, PFMG and BoomerAMG. Runs alternate (raw, aquifer, raw, aquifer, ...) so that load from
# other jobs hits both alike. Prints a Markdown table per configuration: whole-process wall time
# and CPU time (user + sys from /usr/bin/time -v, summed over the ranks; less sensitive to
# other load), each the best of REPS runs, their ratio to the raw solve, linear iterations,
# peak RSS per rank and bytes per cell (ranks x max RSS / cells).
#
#   bench/run_aquifer_1m.sh [BUILD_DIR]        (default build/; build first)
#   REPS=1 NPS=1 SOLVERS=pfmg bench/run_aquifer_1m.sh     # a quick pass
#
# Output variants of the aquifer run (OUTPUTS, default "default"; PFMG only):
#   default  budget/accounting CSV + report.html, compliance.json, provenance.json (input files
#            hashed), no field files: the comparison the benchmark is about
#   minimal  also `report = false`: only the CSV files (what the run costs without provenance)
#   fields   also heads.h5 + heads.xmf + heads.nc (the field output a user would usually want)
#
# Memory pages (PAGES, default "huge 4k"): aquifer's launcher asks glibc for transparent huge
# pages (app/launcher/aquifer_launcher.cpp), the raw program does not. "huge" adds a raw row run with the same
# request (GLIBC_TUNABLES=glibc.malloc.hugetlb=1); "4k" adds an aquifer row with
# AQUIFER_HUGE_PAGES=0. The last column compares each row with the raw row of the same pages.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
BUILD=$(cd "${1:-$here/../build}" && pwd)
REPS=${REPS:-5}
NPS=${NPS:-"1 2"}
SOLVERS=${SOLVERS:-"pfmg boomeramg"}
OUTPUTS=${OUTPUTS:-"default minimal fields"}
PAGES=${PAGES:-"huge 4k"}
WORK=${WORK:-$(mktemp -d /tmp/aquifer-bench-1m.XXXXXX)}
MPIRUN=${MPIRUN:-"mpirun --allow-run-as-root --oversubscribe -x OMP_NUM_THREADS"}
HUGE_ENV="GLIBC_TUNABLES=glibc.malloc.hugetlb=1"
export OMP_NUM_THREADS=1

/usr/bin/python3 "$here/make_1m_scenario.py" "$WORK/scenario" > /dev/null
base="$WORK/scenario/scenario.toml"
# The [output] table of make_1m_scenario.py is "csv = false"; each variant adds its lines.
grep -q '^csv = false$' "$base"
variant_toml() {  # solver output -> path of the scenario file
  local solver=$1 output=$2 extra
  case $output in
    default) extra='hdf5 = false\nnetcdf = false' ;;
    minimal) extra='hdf5 = false\nnetcdf = false\nreport = false' ;;
    fields) extra='hdf5 = true\nnetcdf = true' ;;
  esac
  local out="$WORK/scenario/s_${solver}_$output.toml"
  sed -e "s/^csv = false$/csv = false\n$extra/" \
      -e "s/^linear_solver = .*/linear_solver = \"$solver\"/" "$base" > "$out"
  echo "$out"
}

BOOMER_OPTS="-ksp_type cg -pc_type hypre -pc_hypre_type boomeramg -pc_hypre_boomeramg_strong_threshold 0.5 \
-pc_hypre_boomeramg_coarsen_type HMIS -pc_hypre_boomeramg_interp_type ext+i -pc_hypre_boomeramg_P_max 4 \
-pc_hypre_boomeramg_agg_nl 1 -pc_hypre_boomeramg_relax_type_down SOR/Jacobi \
-pc_hypre_boomeramg_relax_type_up backward-SOR/Jacobi -ksp_rtol 1e-10"
# The smoother aquifer sets for PFMG (solver/linear_solver.cpp), so both solve alike.
PFMG_OPTS="-ksp_type cg -mat_type hyprestruct -pc_type pfmg -pc_pfmg_rap_type Galerkin \
-pc_pfmg_relax_type symmetric-Red/Black-Gauss-Seidel -ksp_rtol 1e-10"

# Runs "$@" under /usr/bin/time -v on NP ranks; prints "wall_s cpu_s max_rss_kib" (wall and
# RSS: the largest over the ranks; CPU: the sum over the ranks). Each rank's figures go to a
# file of its own (LOG.time.RANK): through one pipe the ranks' lines interleave.
timed() {
  local log=$1; shift
  rm -f "$log".time.*
  $MPIRUN -np "$NP" sh -c 'exec /usr/bin/time -v -o "$0.time.${OMPI_COMM_WORLD_RANK:-0}" "$@"' "$log" "$@" > "$log" 2>&1
  local wall cpu rss
  wall=$(cat "$log".time.* | grep "Elapsed (wall clock)" | awk -F': ' '{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' | sort -g | tail -1)
  cpu=$(cat "$log".time.* | awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ {s += $2} END {print s}')
  rss=$(cat "$log".time.* | grep "Maximum resident set size" | awk '{print $NF}' | sort -g | tail -1)
  echo "$wall $cpu $rss"
}

# Best (smallest) of column $1 over the lines on stdin.
best_of() { sort -g -k"$1","$1" | head -1 | awk -v c="$1" '{print $c}'; }

cells=1024000
echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(getconf _NPROCESSORS_ONLN) cores, REPS=$REPS, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "THP mode: $(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || echo unknown)"
echo
echo "| program | solver | ranks | wall s | CPU s | wall / raw | CPU / raw | iterations | peak RSS MiB/rank | bytes/cell | wall / raw, same pages |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for NP in $NPS; do
  for solver in $SOLVERS; do
    opts=$PFMG_OPTS; [ "$solver" = boomeramg ] && opts=$BOOMER_OPTS
    outputs=default; [ "$solver" = pfmg ] && outputs=$OUTPUTS
    declare -A runs=()
    raws="raw"
    for p in $PAGES; do [ "$p" = huge ] && raws="raw raw_huge"; done
    for p in $PAGES; do [ "$p" = 4k ] && outputs="$outputs default_4k"; done
    for r in $raws; do runs[$r]=""; done
    for output in $outputs; do runs[$output]=""; variant_toml "$solver" "${output%_4k}" > /dev/null; done
    for rep in $(seq "$REPS"); do  # interleaved: raw, each aquifer variant, raw, ...
      for r in $raws; do
        envs="env"; [ "$r" = raw_huge ] && envs="env $HUGE_ENV"
        runs[$r]+="$(timed "$WORK/${r}_${solver}_$NP.log" $envs "$BUILD/bench/raw_petsc_1m" $opts)"$'\n'
      done
      for output in $outputs; do
        envs="env"; [ "${output%_4k}" != "$output" ] && envs="env AQUIFER_HUGE_PAGES=0"
        runs[$output]+="$(timed "$WORK/aq_${solver}_${output}_$NP.log" $envs "$BUILD/aquifer" run \
          "$WORK/scenario/s_${solver}_${output%_4k}.toml" -o "$WORK/out_${solver}_${output}_$NP")"$'\n'
      done
    done
    raw_wall=$(printf '%s' "${runs[raw]}" | best_of 1)
    raw_cpu=$(printf '%s' "${runs[raw]}" | best_of 2)
    raw_huge_wall=$raw_wall
    [ -n "${runs[raw_huge]:-}" ] && raw_huge_wall=$(printf '%s' "${runs[raw_huge]}" | best_of 1)
    row() {  # label wall cpu rss its same-pages-raw-wall
      awk -v p="$1" -v s="$solver" -v n="$NP" -v w="$2" -v c="$3" -v r="$4" -v i="$5" -v cells="$cells" \
          -v rw="$raw_wall" -v rc="$raw_cpu" -v sw="$6" \
        'BEGIN { printf "| %s | %s | %s | %.2f | %.2f | %.2f | %.2f | %s | %.0f | %.0f | %.2f |\n", p, s, n, w, c, w / rw, c / rc, i, r / 1024, r * 1024 * n / cells, w / sw }'
    }
    raw_its=$(awk '/^iterations:/{print $2}' "$WORK/raw_${solver}_$NP.log")
    for r in $raws; do
      label="raw PETSc"; same=$raw_wall
      [ "$r" = raw_huge ] && label="raw PETSc (huge pages)" && same=$raw_huge_wall
      row "$label" "$(printf '%s' "${runs[$r]}" | best_of 1)" "$(printf '%s' "${runs[$r]}" | best_of 2)" \
        "$(printf '%s' "${runs[$r]}" | best_of 3)" "$raw_its" "$same"
    done
    for output in $outputs; do
      log="$WORK/aq_${solver}_${output}_$NP.log"
      grep -q "linear iterations" "$log" || { echo "aquifer run failed, see $log" >&2; exit 1; }
      its=$(grep -o '[0-9]* linear iterations' "$log" | awk '{print $1}')
      label="aquifer run"; [ "${output%_4k}" != default ] && label="aquifer run (${output%_4k} outputs)"
      same=$raw_huge_wall
      [ "${output%_4k}" != "$output" ] && label="$label, AQUIFER_HUGE_PAGES=0" && same=$raw_wall
      row "$label" "$(printf '%s' "${runs[$output]}" | best_of 1)" "$(printf '%s' "${runs[$output]}" | best_of 2)" \
        "$(printf '%s' "${runs[$output]}" | best_of 3)" "$its" "$same"
    done
    unset runs
  done
done
echo
echo "logs in $WORK"
