#!/usr/bin/env bash
# Runs the whole Flowcast pipeline on this machine (README command 1):
# Kinesis emulator + embedded PostgreSQL (asset register) + local SageMaker model server (trains the
# first models if the registry is empty) + N3uron telemetry simulator + the Flink job on a local
# MiniCluster with the Web UI on http://localhost:8081 + the local Step Functions stand-in, which runs
# the retraining steps in Java when the job detects drift. Ctrl-C (or --duration) stops everything.
#   scripts/run-local.sh [--duration 2m] [--scenario drift] [--help] [simulator flags, e.g. --sites 3]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/common.sh
source "$repo/scripts/lib/common.sh"
cd "$repo"

help=0
for arg in "$@"; do
  [[ "$arg" == -h || "$arg" == --help ]] && help=1
done

require_java_and_maven
if [[ $help -eq 0 ]]; then
  require_node
  install_emulators
fi
echo "Building the job and the trainer (mvn compile) ..."
job_classpath="$(stream_job_classpath)"
trainer="$(trainer_classpath)"
# The registry and window size of kda-config/flowcast-local.json (Inference/model.registry,
# Windows/window.size): the first models are trained on windows like the job's. Not for --help,
# which only needs the classes to print the options.
if [[ $help -eq 0 ]]; then
  train_first_models "$repo/data/model-registry" 30s "$trainer"
fi
# The trainer's classes after the job's: the local Step Functions stand-in finds the retraining
# steps (training-trigger) through ServiceLoader.
classpath="$job_classpath:$trainer"

mkdir -p data/logs
# exec: Ctrl-C goes straight to the JVM, which stops the job and the emulator it started.
exec java \
  -Dsun.net.httpserver.nodelay=true \
  -Dlog4j.configurationFile="$repo/scripts/log4j2-local.properties" \
  -Dflowcast.emulators.dir="$repo/scripts/emulators" \
  -cp "$classpath" \
  io.flowcast.stream.local.LocalPipeline "$@"
