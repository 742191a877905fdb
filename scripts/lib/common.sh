# Shared by the scripts in scripts/: prerequisite checks and the build of the job's classpath.
# Source it after setting `repo` to the repository root.

fail() { echo "flowcast: $*" >&2; exit 2; }

require_java_and_maven() {
  command -v java >/dev/null 2>&1 || fail "Java was not found; install JDK 17 or newer."
  local major
  major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  [[ "${major%%.*}" -ge 17 ]] 2>/dev/null || fail "Java ${major:-?} found; JDK 17 or newer is needed."
  command -v mvn >/dev/null 2>&1 || fail "Maven was not found; install Apache Maven 3.8 or newer."
}

require_node() {
  command -v node >/dev/null 2>&1 || fail "Node.js was not found; install Node.js 18 or newer (it runs the Kinesis emulator)."
  command -v npm >/dev/null 2>&1 || fail "npm was not found; install it with Node.js."
}

# Installs the pinned emulators (scripts/emulators/package-lock.json) when the lockfile changed.
install_emulators() {
  local emulators="$repo/scripts/emulators" stamp="$repo/scripts/emulators/node_modules/.flowcast-lock"
  if [[ ! -f "$stamp" ]] || ! cmp -s "$emulators/package-lock.json" "$stamp"; then
    echo "Installing the local AWS stand-ins (npm ci) ..."
    npm ci --prefix "$emulators" --no-audit --no-fund --loglevel=error
    cp "$emulators/package-lock.json" "$stamp"
  fi
}

# Compiles stream-job and prints its classpath (classes + compile and provided dependencies).
stream_job_classpath() {
  local file="$repo/stream-job/target/local-run.classpath" log
  log="$(mktemp)"
  # Quiet on success; the whole Maven output on failure.
  if ! mvn -B -q -f "$repo/pom.xml" -pl stream-job -am compile dependency:build-classpath \
    -Dstyle.color=never -Dspotless.check.skip=true -Dmdep.includeScope=compile \
    -Dmdep.outputFile="$file" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    fail "the build failed (Maven output above)."
  fi
  rm -f "$log"
  echo "$repo/stream-job/target/classes:$(cat "$file")"
}

# Compiles the trainer (training-trigger) and prints its classpath: its classes, stream-job's
# classes and its runtime dependencies. The local run adds it to the job's classpath: the local
# Step Functions stand-in runs the retraining steps from there.
trainer_classpath() {
  local cpfile="$repo/training-trigger/target/trainer.classpath" log
  log="$(mktemp)"
  if ! mvn -B -q -f "$repo/pom.xml" -pl training-trigger -am compile dependency:build-classpath \
    -Dstyle.color=never -Dspotless.check.skip=true -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$cpfile" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    fail "building the trainer failed (Maven output above)."
  fi
  rm -f "$log"
  echo "$repo/training-trigger/target/classes:$repo/stream-job/target/classes:$(cat "$cpfile")"
}

# Trains the first model of every asset type into the local registry if it has none yet
# (the local SageMaker model server serves them), on the plant the local run simulates, over a
# whole simulated day. $1: registry, $2: window size, $3: the trainer's classpath. Quiet unless
# it trains.
train_first_models() {
  local registry="$1" window="$2" classpath="$3"
  if [ -z "$(missing_model_types "$registry")" ]; then
    return 0
  fi
  echo "Training the first models into $registry (a simulated day of history; about a minute) ..."
  java -cp "$classpath" \
    io.flowcast.training.LocalTrainer --registry "$registry" --window "$window" --plant 2,2,5 --if-empty \
    || fail "training the first models failed (output above)."
}

# Asset types with a feature spec but no model version in the registry, one per line.
missing_model_types() {
  local registry="$1" spec type
  for spec in "$repo"/schemas/features/*.json; do
    case "$spec" in *.schema.json) continue ;; esac
    type="$(basename "$spec" .json)"
    if [ -z "$(find "$registry/$type" -mindepth 1 -maxdepth 1 -name 'v[0-9]*' -type d 2>/dev/null | head -n 1)" ]; then
      echo "$type"
    fi
  done
}

# Maven for benchmark builds: MVN_ARGS adds flags (e.g. MVN_ARGS=-o for offline); formatting is
# checked by the normal build, so a benchmark run does not fail on it.
bench_mvn() {
  local extra=()
  # Word-split on purpose: MVN_ARGS may hold several flags.
  read -r -a extra <<<"${MVN_ARGS:-}"
  mvn -B -q -f "$repo/pom.xml" -Dstyle.color=never -Dspotless.check.skip=true \
    ${extra[@]+"${extra[@]}"} "$@"
}

# Compiles stream-job with its tests (JMH code is generated at test-compile) and writes the test
# classpath to the file $1; $2 names the calling script in progress messages.
build_stream_job_tests() {
  echo "$2: compiling stream-job and its tests..." >&2
  bench_mvn -pl stream-job -am test-compile
  echo "$2: resolving the test classpath..." >&2
  bench_mvn -pl stream-job dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$1"
}

# --- Benchmark scripts (bench-sinks.sh, bench-enrich.sh, bench-inference.sh, bench-window.sh) ---
# They share their argument parsing, build and launch; each defines `usage` and sources this file
# (with `repo` set) before calling these.

# Prints the help of what parse_bench_args and exec_bench handle: the --jfr, --skip-build and
# --help lines (names padded to $1 columns), then the Environment section (BENCH_HEAP default $2).
bench_common_help() {
  printf '  %-*s%s\n' \
    "$1" "--jfr FILE" "record the run with Java Flight Recorder (profile settings) into FILE" \
    "$1" "--skip-build" "reuse the classes and class path of a previous run (no Maven)" \
    "$1" "-h, --help" "show this text"
  cat <<EOF

Environment:
  MVN_ARGS      extra Maven arguments, e.g. MVN_ARGS=-o for an offline build
  JAVA          the java binary to run the benchmark with (default: java)
  BENCH_HEAP    heap of the benchmark JVM, -Xms and -Xmx (default: $2)

EOF
}

# Parses a benchmark script's arguments into the globals bench_args (passed to the benchmark),
# jvm_extra (JVM flags: --jfr) and skip_build (0/1). Handles --jfr FILE, --skip-build and
# -h/--help itself (calls `usage`). $1: the script's name for messages; $2: its flags without a
# value, $3: its flags with one (space-separated); after `--`, the arguments.
parse_bench_args() {
  local script="$1" plain=" $2 " valued=" $3 " jfr_file
  shift 4
  bench_args=()
  jvm_extra=()
  skip_build=0
  while [[ $# -gt 0 ]]; do
    if [[ "$1" != *" "* && "$plain" == *" $1 "* ]]; then
      bench_args+=("$1")
    elif [[ "$1" != *" "* && "$valued" == *" $1 "* ]]; then
      if [[ $# -lt 2 ]]; then
        echo "$script: $1 needs a value" >&2
        usage >&2
        exit 2
      fi
      bench_args+=("$1" "$2")
      shift
    else
      case "$1" in
        --jfr)
          if [[ $# -lt 2 ]]; then
            echo "$script: --jfr needs a file name" >&2
            usage >&2
            exit 2
          fi
          if [[ ! -d "$(dirname "$2")" ]]; then
            echo "$script: directory for --jfr does not exist: $(dirname "$2")" >&2
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
          echo "$script: unknown argument: $1" >&2
          usage >&2
          exit 2
          ;;
      esac
    fi
    shift
  done
}

# Checks Java and Maven, builds stream-job with its tests unless --skip-build (writing the test
# classpath to $repo/stream-job/target/<script>-classpath.txt), checks that benchmark class $2
# (a simple name in io.flowcast.stream.bench) was built, and sets the global `classpath`.
# $1: the script's name for messages.
prepare_bench() {
  local script="$1" main_class="$2" module="$repo/stream-job" classpath_file
  classpath_file="$module/target/${script%.sh}-classpath.txt"
  require_java_and_maven
  if [[ $skip_build -eq 0 ]]; then
    build_stream_job_tests "$classpath_file" "$script"
  fi
  if [[ ! -f "$classpath_file" || ! -f "$module/target/test-classes/io/flowcast/stream/bench/$main_class.class" ]]; then
    echo "$script: no built benchmark in $module/target; run without --skip-build" >&2
    exit 1
  fi
  classpath="$module/target/test-classes:$module/target/classes:$(cat "$classpath_file")"
}

# Replaces the shell with the benchmark JVM: io.flowcast.stream.bench.$1 on `classpath` with heap
# BENCH_HEAP (default $2) for -Xms and -Xmx, G1 (a Flink TaskManager runs on it, and JVM
# ergonomics would pick Serial GC on a 1-CPU container), the further JVM flags after $2, then
# jvm_extra; the benchmark gets bench_args.
exec_bench() {
  local main_class="$1" heap="${BENCH_HEAP:-$2}"
  shift 2
  exec "${JAVA:-java}" "-Xms$heap" "-Xmx$heap" -XX:+UseG1GC "$@" \
    ${jvm_extra[@]+"${jvm_extra[@]}"} \
    -cp "$classpath" "io.flowcast.stream.bench.$main_class" ${bench_args[@]+"${bench_args[@]}"}
}
