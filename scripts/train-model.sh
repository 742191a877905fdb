#!/usr/bin/env bash
# Trains XGBoost models on a simulated day of plant history into a model registry directory, with
# the trainer the local run uses (training-trigger's LocalTrainer). For AWS: the first model of each
# asset type, which scripts/publish-model.sh then puts behind its SageMaker endpoint.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/common.sh
source "$repo/scripts/lib/common.sh"

usage() {
  cat <<'EOF_USAGE'
Usage: scripts/train-model.sh [--registry DIR] [--asset-types pump,compressor] [--window 1m]
                              [--hours 24] [--plant 2,2,4] [--hyperparameters k=v,...] [...]

Trains one model per asset type on simulated history (the telemetry simulator's plant, windowed
like the job) into DIR/<type>/vNNNN/ (model.tar.gz in the SageMaker built-in XGBoost format,
metadata.json, and the Model Monitor baselines statistics.json and constraints.json).

Defaults: --registry data/aws-model-registry (not the local run's data/model-registry, whose
models are trained on the local run's 30-second windows), --asset-types pump,compressor,
--window 60s (the stream stack's default WindowSize; use the WindowSize you deploy), --hours 24.
Further trainer options: --seed, --hold-out, --split TIME|RANDOM, --if-empty.

Then, per asset type:
  scripts/publish-model.sh --asset-type pump --registry data/aws-model-registry \
      --xgboost-image-uri <account>.dkr.ecr.<region>.amazonaws.com/sagemaker-xgboost:1.7-1
EOF_USAGE
}

for arg in "$@"; do
  if [[ "$arg" == -h || "$arg" == --help ]]; then
    usage
    exit 0
  fi
done
require_java_and_maven
cd "$repo"
classpath="$(trainer_classpath)"
# The trainer takes the last value of a repeated option, so the caller's --registry wins.
exec java -cp "$classpath" io.flowcast.training.LocalTrainer --registry data/aws-model-registry "$@"
