#!/usr/bin/env bash
# Runs the N3uron telemetry simulator alone, publishing to a Kinesis stream (AWS or an emulator).
# Credentials come from the default AWS provider chain.
#   scripts/simulate.sh --stream telemetry --region eu-west-1 [--endpoint http://127.0.0.1:4568] [--help]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/common.sh
source "$repo/scripts/lib/common.sh"

require_java_and_maven
classpath="$(stream_job_classpath)"
exec java -Dlog4j2.level=WARN -cp "$classpath" io.flowcast.stream.local.simulator.TelemetrySimulator "$@"
