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
EOF
  bench_common_help 21 1g
  cat <<'EOF'
The MiniCluster runs inside the benchmark JVM; PostgreSQL runs as separate processes on the same
cores. Measure on an otherwise idle machine: the run prints the load average before and after.
EOF
}

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="$repo_root"
# shellcheck source=lib/common.sh
source "$repo_root/scripts/lib/common.sh"

parse_bench_args bench-enrich.sh "--quick --no-warmup" \
  "--assets --rounds --unknown-percent --short-ttl" -- "$@"
prepare_bench bench-enrich.sh EnrichmentBenchmark

exec_bench EnrichmentBenchmark 1g
