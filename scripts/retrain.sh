#!/usr/bin/env bash
# Starts a retraining run of the Step Functions retraining workflow by hand (RetrainCli).
# Credentials come from the default AWS provider chain.
#   scripts/retrain.sh --state-machine-arn ARN --asset-type pump --model-version v0003 \
#       [--region R] [--reason TEXT] [--episode-id ID] [--endpoint URI] [--dry-run] [--help]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/common.sh
source "$repo/scripts/lib/common.sh"

require_java_and_maven
cpfile="$repo/training-trigger/target/retrain-cli.classpath"
log="$(mktemp)"
if ! mvn -B -q -f "$repo/pom.xml" -pl training-trigger -am compile dependency:build-classpath \
  -Dstyle.color=never -Dspotless.check.skip=true -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$cpfile" >"$log" 2>&1; then
  cat "$log" >&2
  rm -f "$log"
  fail "the build failed (Maven output above)."
fi
rm -f "$log"
exec java -Dlog4j2.level=WARN \
  -cp "$repo/training-trigger/target/classes:$repo/stream-job/target/classes:$(cat "$cpfile")" \
  io.flowcast.training.trigger.RetrainCli "$@"
