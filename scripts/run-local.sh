#!/usr/bin/env bash
# Runs the whole Flowcast pipeline on this machine (README command 1):
# Kinesis emulator + N3uron telemetry simulator + the Flink job on a local MiniCluster with the
# Web UI on http://localhost:8081. Ctrl-C (or --duration) stops everything it started.
#   scripts/run-local.sh [--duration 2m] [--help] [simulator flags, e.g. --sites 3 --drift-start 5m]
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

fail() { echo "flowcast: $*" >&2; exit 2; }

command -v java >/dev/null 2>&1 || fail "Java was not found; install JDK 17 or newer."
java_major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
[[ "${java_major%%.*}" -ge 17 ]] 2>/dev/null || fail "Java ${java_major:-?} found; JDK 17 or newer is needed."
command -v mvn >/dev/null 2>&1 || fail "Maven was not found; install Apache Maven 3.8 or newer."
command -v node >/dev/null 2>&1 || fail "Node.js was not found; install Node.js 18 or newer (it runs the Kinesis emulator)."
command -v npm >/dev/null 2>&1 || fail "npm was not found; install it with Node.js."

# The pinned emulator (scripts/emulators/package-lock.json); reinstalled when the lockfile changes.
emulators="$repo/scripts/emulators"
stamp="$emulators/node_modules/.flowcast-lock"
if [[ ! -f "$stamp" ]] || ! cmp -s "$emulators/package-lock.json" "$stamp"; then
  echo "Installing the Kinesis emulator (npm ci) ..."
  npm ci --prefix "$emulators" --no-audit --no-fund --loglevel=error
  cp "$emulators/package-lock.json" "$stamp"
fi

echo "Building the job (mvn compile) ..."
classpath_file="$repo/stream-job/target/local-run.classpath"
mvn -B -q -pl stream-job -am compile dependency:build-classpath \
  -Dspotless.check.skip=true -Denforcer.skip=false \
  -Dmdep.includeScope=compile -Dmdep.outputFile="$classpath_file" >/dev/null \
  || fail "the build failed; run 'mvn -pl stream-job -am compile' to see why."

mkdir -p data/logs
# exec: Ctrl-C goes straight to the JVM, which stops the job and the emulator it started.
exec java \
  -Dlog4j.configurationFile="$repo/scripts/log4j2-local.properties" \
  -Dflowcast.emulators.dir="$emulators" \
  -cp "$repo/stream-job/target/classes:$(cat "$classpath_file")" \
  io.flowcast.stream.local.LocalPipeline "$@"
