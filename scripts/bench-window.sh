#!/usr/bin/env bash
# Builds the stream job's test classes and runs the parse+window benchmark
# (io.flowcast.stream.bench.WindowBenchmark): the real job graph on a local MiniCluster fed with
# 10,000 assets x 20 signals at 1 Hz, then prints records/s, samples/s, windows/s, the state bytes
# per asset-window, and the ratios to the targets (200k samples/s, 2 KB heap state per
# asset-window). Works from a clean clone; needs JDK 17+ and Maven 3.8+ on the PATH.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/bench-window.sh [--quick] [--minutes N] [--assets N] [--parallelism P[,P...]]
                               [--object-reuse on|off] [--deduplicate on|off]
                               [--no-warmup] [--state-only]
                               [--jfr FILE] [--skip-build]

Runs WindowBenchmark: parse -> asset-type gate -> watermarks -> keyBy asset -> 60 s event-time
tumbling window -> feature vectors, on a local Flink MiniCluster (heap state backend, no
checkpoints), fed by a bounded generator of pre-built N3uron records. Prints throughput, checks
that every window of every asset produced a complete vector, and sizes one asset-window's state
(serialized, and on the heap with JOL) at 1 sample/s and 1 sample per 5 s, and at 1 sample/s
without duplicate detection.

  --quick            2 min of event time (2 windows per asset) and a 1 min warm-up instead of
                     5 min and 2 min; about 2-3 minutes in all; indicative only
  --minutes N        minutes of event time, i.e. windows per asset (default 5)
  --assets N         assets (default 10000; a multiple of every parallelism)
  --parallelism L    job parallelism, or a comma-separated list run one after the other,
                     e.g. 2,1 (default 2)
  --object-reuse X   on (default) or off
  --deduplicate X    Windows/features.deduplicate of the measured job: on (default, as the job)
                     or off
  --no-warmup        skip the warm-up job that lets the JIT compile the hot path first
  --state-only       only the state-size part (seconds)
EOF
  bench_common_help 19 2g
  cat <<'EOF'
The MiniCluster runs inside the benchmark JVM, so its heap holds the job's state. Measure on an
otherwise idle machine: the run prints the load average before and after, and how many cores the
JVM actually got.
EOF
}

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="$repo_root"
tools_dir="$repo_root/stream-job/target/bench-tools"
jol_version="0.17"
# shellcheck source=lib/common.sh
source "$repo_root/scripts/lib/common.sh"

parse_bench_args bench-window.sh "--quick --no-warmup --state-only" \
  "--minutes --assets --parallelism --object-reuse --deduplicate" -- "$@"
prepare_bench bench-window.sh WindowBenchmark

if [[ $skip_build -eq 0 ]]; then
  # JOL measures heap sizes; it is not a project dependency, so fetch it on its own. Without it
  # the benchmark still runs and reports serialized sizes only.
  echo "bench-window.sh: fetching org.openjdk.jol:jol-core:$jol_version for heap sizes..." >&2
  if ! bench_mvn -N dependency:copy -Dartifact="org.openjdk.jol:jol-core:$jol_version" \
    -DoutputDirectory="$tools_dir" >/dev/null 2>&1; then
    local_jol="$HOME/.m2/repository/org/openjdk/jol/jol-core/$jol_version/jol-core-$jol_version.jar"
    if [[ -f "$local_jol" ]]; then
      mkdir -p "$tools_dir"
      cp "$local_jol" "$tools_dir/"
    else
      echo "bench-window.sh: could not get jol-core; heap sizes will be skipped" >&2
    fi
  fi
fi
if [[ -f "$tools_dir/jol-core-$jol_version.jar" ]]; then
  classpath="$classpath:$tools_dir/jol-core-$jol_version.jar"
fi

# allowAttachSelf lets JOL use instrumentation for object sizes.
exec_bench WindowBenchmark 2g -Djdk.attach.allowAttachSelf=true
