#!/usr/bin/env bash
# Builds the stream job's test classes and runs the enrichment benchmark
# (io.flowcast.stream.bench.EnrichmentBenchmark): the real AssetEnrichmentFunction and its cache on
# a local MiniCluster against the embedded PostgreSQL 17 asset register, then prints the
# asset-register queries per 1,000 windows (cold and warm cache), the check of the target "at most
# one query per asset per TTL", windows/s with and without enrichment, and lookup latencies.
# Works from a clean clone; needs JDK 17+ and Maven 3.8+ on the PATH.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/bench-enrich.sh [--quick] [--assets N] [--rounds R] [--unknown-percent P]
                               [--short-ttl S] [--no-warmup] [--jfr FILE] [--skip-build]

Runs EnrichmentBenchmark: the embedded PostgreSQL 17 asset register seeded with N assets, and on
a local Flink MiniCluster (parallelism 2) generated feature windows -> keyBy asset -> async asset
context (AssetEnrichmentFunction with JdbcAssetContextClient, as the job wires it) -> counting
sink. Each job runs R rounds of one window per id; 1% of the ids have no register row. Jobs:
pass-through (no enrichment), in-memory client, scenario A (Enrichment defaults: TTL longer than
the run, so rounds 2..R are warm) and scenario B (short TTL that expires between two phases).
Queries are counted at the database (pg_stat_statements), by a client wrapper and by the
function's assetLookups metric. The client alone is timed too (1, 4 and 100 lookups in flight).
Exits 1 if a check fails (work not done, or a warm round queried the database). About 1 minute.

  --quick              2,000 assets, 6 rounds, 3 s short TTL; about 30 s; indicative only
  --assets N           registered assets (default 10000)
  --rounds R           windows per id, at least 4 (default 10)
  --unknown-percent P  ids per round that are not in the register, % of the assets (default 1)
  --short-ttl S        cache and negative TTL of scenario B in seconds (default 5)
  --no-warmup          skip the warm-up job that lets the JIT compile the hot path first
  --jfr FILE           record the run with Java Flight Recorder (profile settings) into FILE
  --skip-build         reuse the classes and class path of a previous run (no Maven)
  -h, --help           show this text

Environment:
  MVN_ARGS      extra Maven arguments, e.g. MVN_ARGS=-o for an offline build
  JAVA          the java binary to run the benchmark with (default: java)
  BENCH_HEAP    heap of the benchmark JVM, -Xms and -Xmx (default: 1g)

The MiniCluster runs inside the benchmark JVM; PostgreSQL runs as separate processes on the same
cores. Measure on an otherwise idle machine: the run prints the load average before and after.
EOF
}

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
module="$repo_root/stream-job"
classpath_file="$module/target/bench-enrich-classpath.txt"

bench_args=()
jvm_extra=()
skip_build=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick | --no-warmup)
      bench_args+=("$1")
      ;;
    --assets | --rounds | --unknown-percent | --short-ttl)
      if [[ $# -lt 2 ]]; then
        echo "bench-enrich.sh: $1 needs a value" >&2
        usage >&2
        exit 2
      fi
      bench_args+=("$1" "$2")
      shift
      ;;
    --jfr)
      if [[ $# -lt 2 ]]; then
        echo "bench-enrich.sh: --jfr needs a file name" >&2
        usage >&2
        exit 2
      fi
      if [[ ! -d "$(dirname "$2")" ]]; then
        echo "bench-enrich.sh: directory for --jfr does not exist: $(dirname "$2")" >&2
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
      echo "bench-enrich.sh: unknown argument: $1" >&2
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
  build_stream_job_tests "$classpath_file" bench-enrich.sh
fi

if [[ ! -f "$classpath_file" || ! -f "$module/target/test-classes/io/flowcast/stream/bench/EnrichmentBenchmark.class" ]]; then
  echo "bench-enrich.sh: no built benchmark in $module/target; run without --skip-build" >&2
  exit 1
fi

classpath="$module/target/test-classes:$module/target/classes:$(cat "$classpath_file")"

heap="${BENCH_HEAP:-1g}"
# G1 is named because a Flink TaskManager runs on it, and JVM ergonomics would pick Serial GC on a
# 1-CPU container.
exec "${JAVA:-java}" "-Xms$heap" "-Xmx$heap" -XX:+UseG1GC \
  ${jvm_extra[@]+"${jvm_extra[@]}"} \
  -cp "$classpath" io.flowcast.stream.bench.EnrichmentBenchmark ${bench_args[@]+"${bench_args[@]}"}
