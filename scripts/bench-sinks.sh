#!/usr/bin/env bash
# Builds the stream job's test classes and runs the warehouse sink benchmark
# (io.flowcast.stream.bench.WarehouseSinkBenchmark): the real WarehouseSink on a local MiniCluster
# writing predictions into the local warehouse (embedded PostgreSQL 17) at parallelism 1 and 2,
# then prints rows/s per sink subtask and the ratio to the issue's target of 20,000 rows/s.
# Works from a clean clone; needs JDK 17+ and Maven 3.8+ on the PATH.
set -euo pipefail

usage() {
  cat <<'EOF2'
Usage: scripts/bench-sinks.sh [--rows N] [--batch N] [--parallelism 1,2] [--layout copy|unnest|both]
                              [--no-warmup] [--jfr FILE] [--skip-build]

Runs WarehouseSinkBenchmark: generated predictions -> WarehouseSinks.predictions (batches of
batch.max.rows, 1 s flush timer, checkpoints every 5 s) -> embedded PostgreSQL 17 with the
schemas/warehouse DDL, for each PostgreSQL layout (COPY into a staging table then INSERT ... ON
CONFLICT, the default; and the unnest MERGE) and parallelism: first N new predictions per subtask (inserts),
then the same again (updates). Checks the table holds exactly the rows written. About 2-3 minutes.

  --rows N             predictions per subtask and phase (default 150000)
  --batch N            batch.max.rows (default 1000, the Warehouse default)
  --parallelism LIST   comma-separated parallelisms (default 1,2)
  --layout L           copy, unnest or both (default both)
  --no-warmup          skip the warm-up jobs
EOF2
  bench_common_help 21 1g
  cat <<'EOF2'
PostgreSQL runs as separate processes on the same cores as the MiniCluster: measure on an
otherwise idle machine (the run prints the load average before and after).
EOF2
}

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="$repo_root"
# shellcheck source=lib/common.sh
source "$repo_root/scripts/lib/common.sh"

parse_bench_args bench-sinks.sh "--no-warmup" \
  "--rows --batch --parallelism --layout" -- "$@"
prepare_bench bench-sinks.sh WarehouseSinkBenchmark

exec_bench WarehouseSinkBenchmark 1g
