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
  --jfr FILE           record the run with Java Flight Recorder (profile settings) into FILE
  --skip-build         reuse the classes and class path of a previous run (no Maven)
  -h, --help           show this text

Environment:
  MVN_ARGS      extra Maven arguments, e.g. MVN_ARGS=-o for an offline build
  JAVA          the java binary to run the benchmark with (default: java)
  BENCH_HEAP    heap of the benchmark JVM, -Xms and -Xmx (default: 1g)

PostgreSQL runs as separate processes on the same cores as the MiniCluster: measure on an
otherwise idle machine (the run prints the load average before and after).
EOF2
}

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
module="$repo_root/stream-job"
classpath_file="$module/target/bench-sinks-classpath.txt"

bench_args=()
jvm_extra=()
skip_build=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-warmup)
      bench_args+=("$1")
      ;;
    --rows | --batch | --parallelism | --layout)
      if [[ $# -lt 2 ]]; then
        echo "bench-sinks.sh: $1 needs a value" >&2
        usage >&2
        exit 2
      fi
      bench_args+=("$1" "$2")
      shift
      ;;
    --jfr)
      if [[ $# -lt 2 ]]; then
        echo "bench-sinks.sh: --jfr needs a file name" >&2
        exit 2
      fi
      if [[ ! -d "$(dirname "$2")" ]]; then
        echo "bench-sinks.sh: directory for --jfr does not exist: $(dirname "$2")" >&2
        exit 2
      fi
      jfr_file="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
      jvm_extra+=("-XX:StartFlightRecording=filename=$jfr_file,settings=profile")
      shift
      ;;
    --skip-build)
      skip_build=1
      ;;
    -h | --help)
      usage
      exit 0
      ;;
    *)
      echo "bench-sinks.sh: unknown argument: $1" >&2
      usage >&2
      exit 2
      ;;
  esac
  shift
done

repo="$repo_root"
# shellcheck source=lib/common.sh
source "$repo_root/scripts/lib/common.sh"
require_java_and_maven

if [[ $skip_build -eq 0 ]]; then
  build_stream_job_tests "$classpath_file" bench-sinks.sh
fi

if [[ ! -f "$classpath_file" || ! -f "$module/target/test-classes/io/flowcast/stream/bench/WarehouseSinkBenchmark.class" ]]; then
  echo "bench-sinks.sh: no built benchmark in $module/target; run without --skip-build" >&2
  exit 1
fi

classpath="$module/target/test-classes:$module/target/classes:$(cat "$classpath_file")"

heap="${BENCH_HEAP:-1g}"
# G1 as on a Flink TaskManager (JVM ergonomics would pick Serial GC on a 1-CPU container).
exec "${JAVA:-java}" "-Xms$heap" "-Xmx$heap" -XX:+UseG1GC \
  ${jvm_extra[@]+"${jvm_extra[@]}"} \
  -cp "$classpath" io.flowcast.stream.bench.WarehouseSinkBenchmark ${bench_args[@]+"${bench_args[@]}"}
