#!/usr/bin/env bash
# Publishes a model of one asset type on AWS: the job's registry entry, a model package version,
# a SageMaker model and endpoint config, and the asset type's endpoint (created, or updated).
# The retraining state machine only updates endpoints, so a new deployment starts here.
# Credentials come from the AWS CLI's default chain.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
script=publish-model.sh

usage() {
  cat <<'EOF'
Usage: scripts/publish-model.sh --asset-type TYPE --xgboost-image-uri URI [options]

Publishes a trained model version (a directory of the local model registry: model.tar.gz,
metadata.json, statistics.json, constraints.json) as the model the asset type's endpoint serves
(flowcast-TYPE with the default EndpointPrefix):
  1. reads the storage stack's ModelBucket, the retraining stack's SageMakerRoleArn and its
     EndpointPrefix and ModelPackageGroupPrefix parameters (default: flowcast-);
  2. creates the model package group <ModelPackageGroupPrefix>TYPE if it does not exist;
  3. the version is the group's next model package number n, as vNNNN (v0001 for a new group):
     the retraining state machine names the versions it promotes the same way;
  4. uploads the directory but metadata.json to s3://<ModelBucket>/registry/TYPE/vNNNN/;
  5. registers it as model package n (Approved, with its drift baselines);
  6. creates the model fc-TYPE-vNNNN (the image, the uploaded model.tar.gz, the SageMaker role)
     and the endpoint config fc-TYPE-vNNNN (one variant, AllTraffic);
  7. creates the endpoint <EndpointPrefix>TYPE, or updates it if it exists, and waits until
     InService;
  8. uploads metadata.json (its version set to vNNNN) last: from then on the job names this
     endpoint's predictions vNNNN (its registry's newest version) and reads its baselines.

Options:
  --asset-type TYPE         the asset type (schemas/features/TYPE.json), e.g. pump
  --xgboost-image-uri URI   the SageMaker built-in XGBoost image of the region, e.g.
                            <account>.dkr.ecr.<region>.amazonaws.com/sagemaker-xgboost:1.7-1
                            (the retraining stack's XgboostImageUri)
  --from DIR                the version directory to publish (default: the newest TYPE/vNNNN
                            of --registry)
  --registry DIR            a local model registry (default: data/model-registry, the local
                            run's)
  --instance-type TYPE      endpoint instance type (default: ml.m5.large)

The local run (scripts/run-local.sh) trains its first models on 30-second windows. The stream
stack's windows are its WindowSize parameter (default 1m), so train the AWS model on those, from a
simulated day of history, into a registry of its own:

  scripts/train-model.sh --asset-types pump --window 1m
  scripts/publish-model.sh --asset-type pump --registry data/aws-model-registry \
      --xgboost-image-uri <account>.dkr.ecr.<region>.amazonaws.com/sagemaker-xgboost:1.7-1

The dry run assumes nothing exists yet (a new group, version v0001, a new endpoint); a real run
skips creating an existing group and updates an existing endpoint instead of creating it.
EOF
  aws_common_help
}

# shellcheck source=lib/common.sh
source "$repo/scripts/lib/common.sh"
# shellcheck source=lib/aws.sh
source "$repo/scripts/lib/aws.sh"

asset_type=""
from=""
registry="$repo/data/model-registry"
image=""
instance_type="ml.m5.large"
# Set by stack_output.
model_bucket=""
role_arn=""
while [[ $# -gt 0 ]]; do
  aws_common_option "$@"
  if [[ $consumed -gt 0 ]]; then
    shift "$consumed"
    continue
  fi
  case "$1" in
    --asset-type | --from | --registry | --xgboost-image-uri | --instance-type)
      require_value "$@"
      case "$1" in
        --asset-type) asset_type="$2" ;;
        --from) from="$2" ;;
        --registry) registry="$2" ;;
        --xgboost-image-uri) image="$2" ;;
        --instance-type) instance_type="$2" ;;
      esac
      shift
      ;;
    *) usage_error "unknown argument: $1" ;;
  esac
  shift
done

[[ -n "$asset_type" ]] || usage_error "--asset-type is required"
[[ -n "$image" ]] || usage_error "--xgboost-image-uri is required"
# SageMaker names: letters, digits and hyphens; fc-TYPE-vNNNN stays within 63 characters.
[[ "$asset_type" =~ ^[a-z0-9]([a-z0-9-]{0,48}[a-z0-9])?$ ]] \
  || usage_error "not an asset type name (lower-case letters, digits, '-'): $asset_type"
[[ -f "$repo/schemas/features/$asset_type.json" ]] \
  || usage_error "no feature spec schemas/features/$asset_type.json: the job knows no asset type $asset_type"
[[ "$instance_type" =~ ^ml\.[a-z0-9]+\.[a-z0-9]+$ ]] \
  || usage_error "not a SageMaker instance type (e.g. ml.m5.large): $instance_type"

# The newest version directory of the type in the local registry, by number.
newest_local_version() {
  local dir="$1" best="" best_number=-1 entry name number
  for entry in "$dir"/v*; do
    name="$(basename "$entry")"
    [[ -d "$entry" && "$name" =~ ^v[0-9]{4,9}$ ]] || continue
    number=$((10#${name#v}))
    if ((number > best_number)); then
      best="$entry"
      best_number=$number
    fi
  done
  printf '%s' "$best"
}

if [[ -z "$from" ]]; then
  [[ -d "$registry" ]] || usage_error "--registry: no such directory: $registry"
  from="$(newest_local_version "$registry/$asset_type")"
  [[ -n "$from" ]] \
    || usage_error "no version of $asset_type in $registry; train one (see --help) or pass --from DIR"
fi
[[ -d "$from" ]] || usage_error "--from: no such directory: $from"
from="$(cd "$from" && pwd)"
for file in model.tar.gz metadata.json statistics.json constraints.json; do
  [[ -f "$from/$file" ]] || usage_error "$from has no $file (a registry version directory has model.tar.gz, metadata.json, statistics.json, constraints.json)"
done
grep -Eq "\"assetType\"[[:space:]]*:[[:space:]]*\"$asset_type\"" "$from/metadata.json" \
  || usage_error "$from/metadata.json is not a model of asset type $asset_type"
grep -Eq '"version"[[:space:]]*:[[:space:]]*"v[0-9]+"' "$from/metadata.json" \
  || usage_error "$from/metadata.json has no version field like \"version\": \"v0001\""
if [[ -f "$from/metrics.json" ]]; then
  window="$(sed -nE 's/.*"windowSize"[[:space:]]*:[[:space:]]*"([^"]*)".*/\1/p' "$from/metrics.json" | head -n 1)"
  if [[ -n "$window" && "$window" != "PT1M" ]]; then
    echo "$script: note: $from was trained on windows of $window; the job's windows are the stream stack's WindowSize (default 1m). See --help to train on those." >&2
  fi
fi

# Runs a describe call: 0 if the resource exists, 1 if SageMaker says it does not; dies on any
# other error. In a dry run prints it and answers 1 (the dry run assumes a new deployment).
exists() {
  local err
  if [[ $dry_run -eq 1 ]]; then
    run_aws "$@"
    return 1
  fi
  if err="$(run_aws "$@" 2>&1 >/dev/null)"; then
    return 0
  fi
  case "$err" in
    *"does not exist"* | *"Could not find"* | *ResourceNotFound*) return 1 ;;
  esac
  die "aws $1 $2 failed: $err"
}

# Runs `aws "$@"` with its output discarded; in a dry run prints the call as run_aws does.
run_aws_quietly() {
  if [[ $dry_run -eq 1 ]]; then
    run_aws "$@"
  else
    run_aws "$@" >/dev/null
  fi
}

# Reads the retraining stack's EndpointPrefix and ModelPackageGroupPrefix parameters: the names
# its state machine (and the job's Inference/endpoint.pattern) give the asset type's endpoint and
# model package group. In a dry run prints the call and uses the placeholders.
read_name_prefixes() {
  local stack="$stack_name-retraining" out key value
  local query="Stacks[0].Parameters[?ParameterKey==\`EndpointPrefix\`||ParameterKey==\`ModelPackageGroupPrefix\`].[ParameterKey,ParameterValue]"
  if [[ $dry_run -eq 1 ]]; then
    run_aws cloudformation describe-stacks --stack-name "$stack" --query "$query" --output text
    endpoint_prefix="<EndpointPrefix>"
    group_prefix="<ModelPackageGroupPrefix>"
    return 0
  fi
  out="$(run_aws cloudformation describe-stacks --stack-name "$stack" --query "$query" --output text)" \
    || die "could not read stack $stack (deployed? right --region/--profile?)"
  while read -r key value; do
    case "$key" in
      EndpointPrefix) endpoint_prefix="$value" ;;
      ModelPackageGroupPrefix) group_prefix="$value" ;;
    esac
  done <<<"$out"
  [[ -n "$endpoint_prefix" && -n "$group_prefix" ]] \
    || die "stack $stack has no EndpointPrefix and ModelPackageGroupPrefix parameters"
}

require_aws_cli
stack_output ModelBucket model_bucket "$stack_name-storage"
stack_output SageMakerRoleArn role_arn "$stack_name-retraining"
endpoint_prefix=""
group_prefix=""
read_name_prefixes

group="$group_prefix$asset_type"
endpoint="$endpoint_prefix$asset_type"

latest_package=0
if exists sagemaker describe-model-package-group --model-package-group-name "$group"; then
  latest="$(run_aws sagemaker list-model-packages --model-package-group-name "$group" \
    --sort-by CreationTime --sort-order Descending --max-results 1 \
    --query 'ModelPackageSummaryList[0].ModelPackageVersion' --output text)" \
    || die "cannot list the model packages of $group"
  if [[ "$latest" =~ ^[0-9]+$ ]]; then
    latest_package="$latest"
  elif [[ "$latest" != "None" && -n "$latest" ]]; then
    die "unexpected latest model package version of $group: $latest"
  fi
else
  run_aws_quietly sagemaker create-model-package-group --model-package-group-name "$group" \
    --model-package-group-description "Flowcast $asset_type models (scripts/publish-model.sh, the retraining state machine)"
fi
package=$((latest_package + 1))
version="$(printf 'v%04d' "$package")"
name="fc-$asset_type-$version"
prefix="s3://$model_bucket/registry/$asset_type/$version"
echo "$script: publishing $from as $asset_type $version (model package $package of $group)" >&2

# Everything but metadata.json: readers count a version only once its metadata.json exists.
run_aws s3 cp --recursive "$from" "$prefix/" --exclude metadata.json --only-show-errors

register=(sagemaker create-model-package --model-package-group-name "$group"
  --model-approval-status Approved
  --model-package-description "Flowcast $asset_type $version, published from $(basename "$from") by scripts/publish-model.sh"
  --inference-specification "{\"Containers\":[{\"Image\":\"$image\",\"ModelDataUrl\":\"$prefix/model.tar.gz\"}],\"SupportedContentTypes\":[\"text/csv\"],\"SupportedResponseMIMETypes\":[\"text/csv\"]}"
  --drift-check-baselines "{\"ModelDataQuality\":{\"Statistics\":{\"ContentType\":\"application/json\",\"S3Uri\":\"$prefix/statistics.json\"},\"Constraints\":{\"ContentType\":\"application/json\",\"S3Uri\":\"$prefix/constraints.json\"}}}"
  --query ModelPackageArn --output text)
if [[ $dry_run -eq 1 ]]; then
  run_aws "${register[@]}"
  package_arn="<ModelPackageArn>"
else
  package_arn="$(run_aws "${register[@]}")" \
    || die "cannot register the model package (the files under $prefix/ have no metadata.json, so the job ignores them)"
  [[ "$package_arn" == */"$package" ]] \
    || die "$group got model package ${package_arn##*/}, not $package (another publication or retraining run at the same time?); nothing is deployed: run again"
fi

run_aws_quietly sagemaker create-model --model-name "$name" \
  --primary-container "Image=$image,ModelDataUrl=$prefix/model.tar.gz" \
  --execution-role-arn "$role_arn"
run_aws_quietly sagemaker create-endpoint-config --endpoint-config-name "$name" \
  --production-variants "VariantName=AllTraffic,ModelName=$name,InitialInstanceCount=1,InstanceType=$instance_type"
if exists sagemaker describe-endpoint --endpoint-name "$endpoint"; then
  run_aws_quietly sagemaker update-endpoint --endpoint-name "$endpoint" --endpoint-config-name "$name"
else
  run_aws_quietly sagemaker create-endpoint --endpoint-name "$endpoint" --endpoint-config-name "$name"
fi
[[ $dry_run -eq 1 ]] || echo "$script: waiting until $endpoint is InService on $name (several minutes) ..." >&2
run_aws sagemaker wait endpoint-in-service --endpoint-name "$endpoint" \
  || die "$endpoint did not get InService (aws sagemaker describe-endpoint --endpoint-name $endpoint shows the FailureReason); metadata.json is not uploaded, so the job keeps naming predictions with the previous version"

# Last: metadata.json, with the version it is published as.
metadata="$(sed -E "s/(\"version\"[[:space:]]*:[[:space:]]*)\"v[0-9]+\"/\\1\"$version\"/" "$from/metadata.json")"
grep -Eq "\"version\"[[:space:]]*:[[:space:]]*\"$version\"" <<<"$metadata" \
  || die "cannot set the version in $from/metadata.json"
printf '%s\n' "$metadata" \
  | run_aws s3 cp - "$prefix/metadata.json" --content-type application/json --only-show-errors
[[ $dry_run -eq 1 ]] || echo "$script: $endpoint serves $asset_type $version ($package_arn); the job picks it up within a minute" >&2
