#!/usr/bin/env bash
# Configures a Release build in build-bench, builds pawnotes_bench, runs it and writes
# bench/results/latest.json (Google Benchmark JSON) and bench/results/latest.txt (a summary with the
# pawnotes/raw ratios).
#   bench/run.sh            full sizes (1,000,000 notes; several minutes; by hand only)
#   bench/run.sh --quick    small sizes (20,000 notes), also PAWNOTES_BENCH_QUICK=1; used by CI smoke
#   bench/run.sh --postgres the pawnotes cases on PostgreSQL (a throwaway server); results *-postgres.*
# Extra arguments are passed to the benchmark binary (e.g. --benchmark_filter=Timeline).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${PAWNOTES_BENCH_BUILD_DIR:-$root/build-bench}"
out_dir="${PAWNOTES_BENCH_OUT_DIR:-$root/bench/results}"
repetitions="${PAWNOTES_BENCH_REPETITIONS:-5}"

args=()
postgres=0
for arg in "$@"; do
  if [[ "$arg" == "--quick" ]]; then
    export PAWNOTES_BENCH_QUICK=1
  elif [[ "$arg" == "--postgres" ]]; then
    postgres=1
  else
    args+=("$arg")
  fi
done
# --postgres: the pawnotes cases on a throwaway PostgreSQL 15 (scripts/pg_test_server.sh), stopped on exit;
# or PAWNOTES_BENCH_DATABASE_URL=postgresql://... for a server of your own (an admin URL: the benchmark
# creates and drops a database of its own there).
if [[ "$postgres" == "1" && -z "${PAWNOTES_BENCH_DATABASE_URL:-}" ]]; then
  pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/pawnotes-bench-pg.XXXXXX")
  chmod 755 "$pg_dir"  # as root the cluster belongs to the postgres user, who must reach it
  trap 'bash "$root/scripts/pg_test_server.sh" stop "$pg_dir/cluster"; rm -rf "$pg_dir"' EXIT
  PAWNOTES_BENCH_DATABASE_URL=$(bash "$root/scripts/pg_test_server.sh" start "$pg_dir/cluster")
  export PAWNOTES_BENCH_DATABASE_URL
fi
if [[ "${PAWNOTES_BENCH_QUICK:-0}" != "0" ]]; then
  name="quick"
  repetitions="${PAWNOTES_BENCH_REPETITIONS:-3}"
  min_time="0.05"
else
  name="latest"
  min_time="0.5"
fi
[[ -z "${PAWNOTES_BENCH_DATABASE_URL:-}" ]] || name="$name-postgres"

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPAWNOTES_BUILD_BENCHMARKS=ON \
  -DPAWNOTES_BUILD_TESTS=OFF -DPAWNOTES_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$build" --target pawnotes_bench pawnotes_bench_progress -j2

mkdir -p "$out_dir"
json="$out_dir/$name.json"
"$build/bench/pawnotes_bench" --benchmark_repetitions="$repetitions" --benchmark_min_time="$min_time" \
  --benchmark_report_aggregates_only=false --benchmark_out="$json" --benchmark_out_format=json ${args[@]+"${args[@]}"}

python3 - "$json" "$out_dir/$name.txt" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
runs = data["benchmarks"]

def median(name):
    # Repeated cases have a "median" aggregate; single runs (bulk insert) are their own median.
    for r in runs:
        if r.get("run_name") == name and r.get("aggregate_name") == "median":
            return r
    for r in runs:
        if r.get("run_name") == name and r.get("run_type") == "iteration":
            return r
    return None

ctx = data["context"]
lines = [f"pawnotes core benchmarks, {ctx.get('date')}, {ctx.get('num_cpus')} cpus, pawnotes Release build, "
         f"engine {ctx.get('engine', 'sqlite')} (raw = hand-written SQLite)",
         "medians of the repetitions; wall = real time, cpu = this thread's CPU time", ""]
pairs = {}
for r in runs:
    name = r.get("run_name", r["name"])
    base = name.split("/")[0]
    for side in ("_Pawnotes", "_Raw"):
        if base.endswith(side):
            key = base[: -len(side)].replace("BM_", "") + name[len(base):]
            pairs.setdefault(key, {})[side[1:].lower()] = name
for key, sides in pairs.items():
    p, q = median(sides.get("pawnotes")), median(sides.get("raw"))
    if p is None or q is None:
        continue
    unit = p.get("time_unit", "ns")
    label = f" [{p['label']}]" if p.get("label") else ""
    matches = f", {int(p['matches'])} matches" if "matches" in p else ""
    if "items_per_second" in p:
        pc, qc = p.get("cpu_notes_per_s", 0), q.get("cpu_notes_per_s", 0)
        lines.append(f"{key.split('/')[0]}: pawnotes wall {p['items_per_second']:,.0f} notes/s cpu {pc:,.0f} notes/s | "
                     f"raw wall {q['items_per_second']:,.0f} notes/s cpu {qc:,.0f} notes/s | pawnotes/raw time "
                     f"wall {q['items_per_second'] / p['items_per_second']:.2f}x cpu {qc / pc if pc else 0:.2f}x")
    else:
        lines.append(f"{key}{label}: pawnotes wall {p['real_time']:.1f} {unit} cpu {p['cpu_time']:.1f} {unit} | "
                     f"raw wall {q['real_time']:.1f} {unit} cpu {q['cpu_time']:.1f} {unit} | "
                     f"ratio wall {p['real_time'] / q['real_time']:.2f}x cpu {p['cpu_time'] / q['cpu_time']:.2f}x"
                     f"{matches}")
text = "\n".join(lines) + "\n"
open(sys.argv[2], "w").write(text)
print()
print(text, end="")
PY
echo "JSON: $json"

# Training progress (one size: 500 sessions x 10 goals; SQLite file). The target is a median <= 1 ms.
if [[ -z "${PAWNOTES_BENCH_DATABASE_URL:-}" ]]; then
  progress_json="$out_dir/progress-$name.json"
  "$build/bench/pawnotes_bench_progress" --benchmark_repetitions="$repetitions" --benchmark_min_time="$min_time" \
    --benchmark_report_aggregates_only=true --benchmark_out="$progress_json" --benchmark_out_format=json
  echo "JSON: $progress_json"
fi
