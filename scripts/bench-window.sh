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
  --jfr FILE         record the run with Java Flight Recorder (profile settings) into FILE
  --skip-build       reuse the classes and class path of a previous run (no Maven)
  -h, --help         show this text

Environment:
  MVN_ARGS      extra Maven arguments, e.g. MVN_ARGS=-o for an offline build
  JAVA          the java binary to run the benchmark with (default: java)
  BENCH_HEAP    heap of the benchmark JVM, -Xms and -Xmx (default: 2g)

The MiniCluster runs inside the benchmark JVM, so its heap holds the job's state. Measure on an
otherwise idle machine: the run prints the load average before and after, and how many cores the
JVM actually got.
EOF
}

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
module="$repo_root/stream-job"
classpath_file="$module/target/bench-window-classpath.txt"
tools_dir="$module/target/bench-tools"
jol_version="0.17"

bench_args=()
jvm_extra=()
skip_build=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick | --no-warmup | --state-only)
      bench_args+=("$1")
      ;;
    --minutes | --assets | --parallelism | --object-reuse | --deduplicate)
      if [[ $# -lt 2 ]]; then
        echo "bench-window.sh: $1 needs a value" >&2
        usage >&2
        exit 2
      fi
      bench_args+=("$1" "$2")
      shift
      ;;
    --jfr)
      if [[ $# -lt 2 ]]; then
        echo "bench-window.sh: --jfr needs a file name" >&2
        usage >&2
        exit 2
      fi
      if [[ ! -d "$(dirname "$2")" ]]; then
        echo "bench-window.sh: directory for --jfr does not exist: $(dirname "$2")" >&2
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
      echo "bench-window.sh: unknown argument: $1" >&2
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
  build_stream_job_tests "$classpath_file" bench-window.sh
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

if [[ ! -f "$classpath_file" || ! -f "$module/target/test-classes/io/flowcast/stream/bench/WindowBenchmark.class" ]]; then
  echo "bench-window.sh: no built benchmark in $module/target; run without --skip-build" >&2
  exit 1
fi

classpath="$module/target/test-classes:$module/target/classes:$(cat "$classpath_file")"
if [[ -f "$tools_dir/jol-core-$jol_version.jar" ]]; then
  classpath="$classpath:$tools_dir/jol-core-$jol_version.jar"
fi

heap="${BENCH_HEAP:-2g}"
# G1 is named because a Flink TaskManager runs on it, and JVM ergonomics would pick Serial GC on a
# 1-CPU container. allowAttachSelf lets JOL use instrumentation for object sizes.
exec "${JAVA:-java}" "-Xms$heap" "-Xmx$heap" -XX:+UseG1GC -Djdk.attach.allowAttachSelf=true \
  ${jvm_extra[@]+"${jvm_extra[@]}"} \
  -cp "$classpath" io.flowcast.stream.bench.WindowBenchmark ${bench_args[@]+"${bench_args[@]}"}
