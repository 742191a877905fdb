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

# Trains the first model of every asset type into the local registry if it has none yet
# (the local SageMaker model server serves them). Quiet unless it trains.
train_first_models() {
  local registry="$1" window="$2" cpfile="$repo/training-trigger/target/trainer.classpath" log
  if [ -z "$(missing_model_types "$registry")" ]; then
    return 0
  fi
  echo "Training the first models into $registry (simulated history; about a minute) ..."
  log="$(mktemp)"
  if ! mvn -B -q -f "$repo/pom.xml" -pl training-trigger -am compile dependency:build-classpath \
    -Dstyle.color=never -Dspotless.check.skip=true -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$cpfile" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    fail "building the trainer failed (Maven output above)."
  fi
  rm -f "$log"
  java -cp "$repo/training-trigger/target/classes:$repo/stream-job/target/classes:$(cat "$cpfile")" \
    io.flowcast.training.LocalTrainer --registry "$registry" --window "$window" --if-empty \
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
