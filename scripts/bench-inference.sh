#!/usr/bin/env bash
# Builds the stream job's test classes and runs the inference benchmark
# (io.flowcast.stream.bench.InferenceBenchmark): predictions/s of the batched inference operator
# (FlowcastPipeline.infer with the Inference defaults) against one InvokeEndpoint per record with
# the same SDK client and async capacity, on a local MiniCluster against ONE local SageMaker model
# server serving a real XGBoost model; InvokeEndpoint calls per 1,000 predictions; every prediction
# checked against XGBoost4J. Works from a clean clone; needs JDK 17+ and Maven 3.8+ on the PATH.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/bench-inference.sh [--quick] [--vectors N] [--repeats R] [--assets K]
                                  [--throttle-percent P] [--no-warmup] [--no-baseline]
                                  [--jfr FILE] [--skip-build]

Runs InferenceBenchmark: an XGBoost regressor of the pump's bearing temperature (8 features, 100
trees) trained with XGBoost4J and registered in a temporary model registry; one local model server
(the SageMaker runtime stand-in) serving it; on a local Flink MiniCluster (parallelism 2) a bounded
source of N enriched pump windows -> inference -> outcome -> counting sinks, in three scenarios:
  A  batched (ours): FlowcastPipeline.infer, 100 rows / 20 ms linger, run R times (median counts)
  B  per record (the AWS samples' pattern): one InvokeEndpoint per vector, same client factory,
     same async capacity and timeout
  C  A again while the server throttles P% of the calls (retries; nothing may be lost)
Prints predictions/s, calls per 1,000 predictions, rows per call, call and row latency, JVM CPU and
load average per scenario, the A/B ratio and verdicts against the targets (>= 30x, <= 20 calls per
1,000). Every prediction is compared with XGBoost4J's own; exits 1 if one differs, is missing or
duplicated, or becomes a dead letter (targets are reported, not enforced). About 2-3 minutes.

  --quick               15,000 vectors, one run of A; under a minute; indicative only
  --vectors N           vectors per job (default 100000)
  --repeats R           runs of scenario A (default 3)
  --assets K            pumps the vectors belong to, 1..999 (default 50)
  --throttle-percent P  calls throttled in scenario C, 0 skips it (default 5)
  --no-warmup           skip the warm-up jobs that let the JIT compile the hot paths first
  --no-baseline         skip scenario B (no A/B ratio; for profiling A)
USAGE
  bench_common_help 22 1g
  cat <<'USAGE'
The MiniCluster, the model server and the SDK clients share the benchmark JVM and its cores, as
the local run does. The JVM gets -Dsun.net.httpserver.nodelay=true: without it the JDK HTTP server
holds small responses back (Nagle + delayed ACK, ~600 requests/s), which would slow the per-record
baseline most. Measure on an otherwise idle machine: the run prints the load average.
USAGE
}

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="$repo_root"
# shellcheck source=lib/common.sh
source "$repo_root/scripts/lib/common.sh"

parse_bench_args bench-inference.sh "--quick --no-warmup --no-baseline" \
  "--vectors --repeats --assets --throttle-percent" -- "$@"
prepare_bench bench-inference.sh InferenceBenchmark

# nodelay: see the help text; the JDK reads it once, at the first HttpServer.
exec_bench InferenceBenchmark 1g -Dsun.net.httpserver.nodelay=true
