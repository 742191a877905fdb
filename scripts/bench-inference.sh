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
  --jfr FILE            record the run with Java Flight Recorder (profile settings) into FILE
  --skip-build          reuse the classes and class path of a previous run (no Maven)
  -h, --help            show this text

Environment:
  MVN_ARGS      extra Maven arguments, e.g. MVN_ARGS=-o for an offline build
  JAVA          the java binary to run the benchmark with (default: java)
  BENCH_HEAP    heap of the benchmark JVM, -Xms and -Xmx (default: 1g)

The MiniCluster, the model server and the SDK clients share the benchmark JVM and its cores, as
the local run does. The JVM gets -Dsun.net.httpserver.nodelay=true: without it the JDK HTTP server
holds small responses back (Nagle + delayed ACK, ~600 requests/s), which would slow the per-record
baseline most. Measure on an otherwise idle machine: the run prints the load average.
USAGE
}

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
module="$repo_root/stream-job"
classpath_file="$module/target/bench-inference-classpath.txt"

bench_args=()
jvm_extra=()
skip_build=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick | --no-warmup | --no-baseline)
      bench_args+=("$1")
      ;;
    --vectors | --repeats | --assets | --throttle-percent)
      if [[ $# -lt 2 ]]; then
        echo "bench-inference.sh: $1 needs a value" >&2
        usage >&2
        exit 2
      fi
      bench_args+=("$1" "$2")
      shift
      ;;
    --jfr)
      if [[ $# -lt 2 ]]; then
        echo "bench-inference.sh: --jfr needs a file name" >&2
        usage >&2
        exit 2
      fi
      if [[ ! -d "$(dirname "$2")" ]]; then
        echo "bench-inference.sh: directory for --jfr does not exist: $(dirname "$2")" >&2
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
      echo "bench-inference.sh: unknown argument: $1" >&2
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
  build_stream_job_tests "$classpath_file" bench-inference.sh
fi

if [[ ! -f "$classpath_file" || ! -f "$module/target/test-classes/io/flowcast/stream/bench/InferenceBenchmark.class" ]]; then
  echo "bench-inference.sh: no built benchmark in $module/target; run without --skip-build" >&2
  exit 1
fi

classpath="$module/target/test-classes:$module/target/classes:$(cat "$classpath_file")"

heap="${BENCH_HEAP:-1g}"
# G1 is named because a Flink TaskManager runs on it, and JVM ergonomics would pick Serial GC on a
# 1-CPU container. nodelay: see the help text; the JDK reads it once, at the first HttpServer.
exec "${JAVA:-java}" "-Xms$heap" "-Xmx$heap" -XX:+UseG1GC -Dsun.net.httpserver.nodelay=true \
  ${jvm_extra[@]+"${jvm_extra[@]}"} \
  -cp "$classpath" io.flowcast.stream.bench.InferenceBenchmark ${bench_args[@]+"${bench_args[@]}"}
