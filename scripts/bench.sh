#!/usr/bin/env bash
# Builds the stream job's test classes and runs the parse+validate JMH benchmark
# (io.flowcast.stream.bench.ParseBenchmark), then prints records/s, samples/s and the ratio to the
# 500k samples/s target. Works from a clean clone; needs JDK 17+ and Maven 3.8+ on the PATH.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/bench.sh [--quick] [--json FILE] [--skip-build]

Runs ParseBenchmark (parse+validate throughput of TelemetryParser, one thread) with JMH and
prints a summary table: scenario, records/s, samples/s, ratio to the 500k samples/s target.

  --quick       short warmup and measurement (~30 s instead of ~2-3 min); indicative only
  --json FILE   also write JMH's JSON results to FILE (relative to the current directory)
  --skip-build  reuse the classes and classpath of a previous run (no Maven)
  -h, --help    show this text

Environment:
  MVN_ARGS      extra Maven arguments, e.g. MVN_ARGS=-o for an offline build
  JAVA          the java binary to run the benchmark with (default: java)

Measure on an otherwise idle machine: other load on the same cores shows up in the figures.
EOF
}

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
module="$repo_root/stream-job"
classpath_file="$module/target/bench-classpath.txt"

runner_args=()
skip_build=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick)
      runner_args+=(--quick)
      ;;
    --json)
      if [[ $# -lt 2 ]]; then
        echo "bench.sh: --json needs a file name" >&2
        usage >&2
        exit 2
      fi
      if [[ ! -d "$(dirname "$2")" ]]; then
        echo "bench.sh: directory for --json does not exist: $(dirname "$2")" >&2
        exit 2
      fi
      # Absolute, so the file lands where the caller expects whatever the runner's cwd.
      json_dir="$(cd "$(dirname "$2")" && pwd)"
      runner_args+=(--json "$json_dir/$(basename "$2")")
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
      echo "bench.sh: unknown argument: $1" >&2
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
  build_stream_job_tests "$classpath_file" bench.sh
fi

if [[ ! -f "$classpath_file" || ! -f "$module/target/test-classes/META-INF/BenchmarkList" ]]; then
  echo "bench.sh: no built benchmark in $module/target; run without --skip-build" >&2
  exit 1
fi

# JMH forks the measured JVM with this same classpath; its heap and GC flags are set in
# ParseBenchmark's @Fork, so the runner JVM here only needs enough heap to collect results.
classpath="$module/target/test-classes:$module/target/classes:$(cat "$classpath_file")"
exec "${JAVA:-java}" -Xmx256m -cp "$classpath" io.flowcast.stream.bench.BenchmarkReport \
  ${runner_args[@]+"${runner_args[@]}"}
