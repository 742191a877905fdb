#!/usr/bin/env bash
# Deploys the whole Flowcast stack to an AWS account with one command: builds the job's jar (with
# the Amazon RDS CA bundle inside), then creates or updates, in order, the storage stack, the
# retraining stack, the stream stack and one retraining schedule per asset type. Every run makes
# the same calls, first deploy or update. Credentials come from the AWS CLI's default chain.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
script=deploy.sh
# shellcheck source=lib/common.sh
source "$repo/scripts/lib/common.sh"

usage() {
  cat <<'EOF'
Usage: scripts/deploy.sh --parameters FILE [--parameter KEY=VALUE]... [--schedule TYPE]...
                         [--skip-build] [--rds-ca-bundle PEM]
                         [--stack-name NAME] [--region REGION] [--profile PROFILE] [--dry-run]

Deploys Flowcast (kda-config/*.cfn.yaml) as four kinds of CloudFormation stacks:
  1. builds stream-job's jar (mvn -B -q -pl stream-job -am package -DskipTests) and adds the
     Amazon RDS CA bundle (flowcast/tls/global-bundle.pem, for Aurora/tls.mode=VERIFY_FULL);
  2. <stack>-storage     flowcast-storage.cfn.yaml: code, lake and model buckets;
  3. uploads the jar and the SageMaker Processing scripts to the code bucket;
  4. <stack>-retraining  flowcast-retraining.cfn.yaml (packaged: the state machine definition
                         is uploaded too): run table, state machine, its roles;
  5. <stack>             flowcast-stream.cfn.yaml: Kinesis stream, IoT Core rule, the Managed
                         Flink application, its role, alarms, dashboard;
  6. <stack>-schedule-<TYPE> for each --schedule TYPE: flowcast-retraining-schedule.cfn.yaml.
The buckets, the jar key, the state machine and the roles flow from stack to stack; everything
else comes from the parameters file. Then: scripts/publish-model.sh for each asset type's first
model, and scripts/app.sh start.

Options:
  --parameters FILE      KEY=VALUE lines (# comments), e.g. a copy of
                         kda-config/deploy-parameters.example; each key goes to every template
                         that declares it. Unknown keys and missing required ones are errors.
  --parameter KEY=VALUE  adds or overrides one parameter (repeatable)
  --schedule TYPE        deploy the scheduled retraining of asset type TYPE (repeatable)
  --skip-build           use the jar already in stream-job/target
  --rds-ca-bundle PEM    the RDS CA bundle to put in the jar (default: downloaded from
                         https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem)
EOF
  aws_common_help
}

# shellcheck source=lib/aws.sh
source "$repo/scripts/lib/aws.sh"

readonly STORAGE_TEMPLATE="kda-config/flowcast-storage.cfn.yaml"
readonly RETRAINING_TEMPLATE="kda-config/flowcast-retraining.cfn.yaml"
readonly STREAM_TEMPLATE="kda-config/flowcast-stream.cfn.yaml"
readonly SCHEDULE_TEMPLATE="kda-config/flowcast-retraining-schedule.cfn.yaml"
readonly RDS_CA_URL="https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem"
# Parameters the script fills in from the stacks it deployed before, never from the file.
readonly WIRED="CodeBucket LakeBucket ModelBucket JarKey RetrainingStateMachineArn StateMachineArn SchedulerRoleArn AssetType"

parameters_file=""
overrides=()
schedules=()
skip_build=0
ca_bundle=""
while [[ $# -gt 0 ]]; do
  aws_common_option "$@"
  if [[ $consumed -gt 0 ]]; then
    shift "$consumed"
    continue
  fi
  case "$1" in
    --parameters)
      require_value "$@"
      parameters_file="$2"
      shift
      ;;
    --parameter)
      require_value "$@"
      [[ "$2" =~ ^[A-Za-z0-9]+=.* ]] || usage_error "$1 takes KEY=VALUE, got: $2"
      overrides+=("$2")
      shift
      ;;
    --schedule)
      require_value "$@"
      [[ "$2" =~ ^[A-Za-z0-9_-]+$ ]] || usage_error "--schedule takes an asset type ([A-Za-z0-9_-]+), got: $2"
      schedules+=("$2")
      shift
      ;;
    --skip-build) skip_build=1 ;;
    --rds-ca-bundle)
      require_value "$@"
      ca_bundle="$2"
      shift
      ;;
    *) usage_error "unknown argument: $1" ;;
  esac
  shift
done

[[ -n "$parameters_file" ]] || usage_error "--parameters FILE is required (start from kda-config/deploy-parameters.example)"
[[ -f "$parameters_file" ]] || usage_error "no parameters file at $parameters_file"
[[ -z "$ca_bundle" || -f "$ca_bundle" ]] || usage_error "no RDS CA bundle at $ca_bundle"
parameters_file="$(cd "$(dirname "$parameters_file")" && pwd)/$(basename "$parameters_file")"
[[ -z "$ca_bundle" ]] || ca_bundle="$(cd "$(dirname "$ca_bundle")" && pwd)/$(basename "$ca_bundle")"
cd "$repo"

# --- Parameters -------------------------------------------------------------------------------

# The parameters a template declares, one "Name required|optional" line each.
template_parameters() {
  awk '
    function flush() { if (name != "") print name, required; name = "" }
    /^Parameters:/ { inside = 1; next }
    inside && /^[^ #]/ { flush(); inside = 0 }
    inside && /^  [A-Za-z0-9]+:/ { flush(); name = $1; sub(/:$/, "", name); required = "required"; next }
    inside && /^    Default:/ { required = "optional" }
    END { flush() }
  ' "$1"
}

declare -A value_of=()
declare -a keys_in_order=()
add_parameter() {
  local key="${1%%=*}" value="${1#*=}"
  [[ -v "value_of[$key]" ]] || keys_in_order+=("$key")
  value_of[$key]="$value"
}
line_number=0
while IFS= read -r line || [[ -n "$line" ]]; do
  line_number=$((line_number + 1))
  line="${line%$'\r'}"
  [[ "$line" =~ ^[[:space:]]*(#.*)?$ ]] && continue
  [[ "$line" =~ ^[A-Za-z0-9]+=.* ]] \
    || usage_error "$parameters_file line $line_number: expected KEY=VALUE, got: $line"
  add_parameter "$line"
done <"$parameters_file"
for override in ${overrides[@]+"${overrides[@]}"}; do
  add_parameter "$override"
done

# Which templates declare each parameter, and the required ones (no Default) no stack output
# wires; the schedule's are all wired.
declare -A declared_by=()
missing=()
for template in "$STORAGE_TEMPLATE" "$RETRAINING_TEMPLATE" "$STREAM_TEMPLATE" "$SCHEDULE_TEMPLATE"; do
  [[ -f "$template" ]] || die "the template $template is missing"
  while read -r name required; do
    declared_by[$name]+="$template "
    if [[ "$required" == required && " $WIRED " != *" $name "* && ! -v "value_of[$name]" ]]; then
      missing+=("$name ($(basename "$template"))")
    fi
  done < <(template_parameters "$template")
done
for key in ${keys_in_order[@]+"${keys_in_order[@]}"}; do
  [[ -v "declared_by[$key]" ]] || usage_error "unknown parameter $key: no template in kda-config declares it"
  [[ " $WIRED " != *" $key "* ]] || usage_error "$key is set by the deploy from the stack outputs; remove it from the parameters"
done
[[ ${#missing[@]} -eq 0 ]] || usage_error "missing required parameters: ${missing[*]}"

# The --parameter-overrides of a template: the file's keys it declares, then the wired ones.
overrides_for() {
  local template="$1" key
  shift
  template_overrides=()
  for key in ${keys_in_order[@]+"${keys_in_order[@]}"}; do
    [[ "${declared_by[$key]}" == *"$template "* ]] && template_overrides+=("$key=${value_of[$key]}")
  done
  template_overrides+=("$@")
}

# Deploys a template as a stack (aws cloudformation deploy, waiting for the change set):
# $1 the template in kda-config (its parameters and resources), $2 the file to deploy (the
# template, or its packaged copy), $3 the stack, then the wired KEY=VALUE parameters.
deploy_stack() {
  local template="$1" file="$2" stack="$3" capabilities=()
  shift 3
  grep -q "Type: AWS::IAM::Role" "$template" && capabilities=(--capabilities CAPABILITY_IAM)
  overrides_for "$template" "$@"
  local args=(cloudformation deploy --template-file "$file" --stack-name "$stack"
    --no-fail-on-empty-changeset ${capabilities[@]+"${capabilities[@]}"})
  [[ ${#template_overrides[@]} -eq 0 ]] || args+=(--parameter-overrides "${template_overrides[@]}")
  [[ $dry_run -eq 1 ]] || echo "$script: deploying $stack ($template) ..." >&2
  run_aws "${args[@]}" || die "the deploy of $stack failed; its events: aws cloudformation describe-stack-events --stack-name $stack"
}

require_aws_cli

# --- 1. The jar, with the RDS CA bundle -------------------------------------------------------

version="$(awk '/<artifactId>flowcast-parent<\/artifactId>/ {found=1} found && /<version>/ {
  gsub(/.*<version>|<\/version>.*/, ""); print; exit }' pom.xml)"
[[ -n "$version" ]] || die "could not read the project version from pom.xml"
sha="$(git rev-parse --short HEAD 2>/dev/null)" || die "not a git checkout: the jar's key names the commit"
if [[ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]]; then
  sha="$sha-dirty"
fi
jar="stream-job/target/flowcast-stream-job-$version.jar"
aws_jar="stream-job/target/flowcast-stream-job-$version-aws.jar"
jar_key="flowcast/stream-job/flowcast-stream-job-$version-$sha.jar"
tls_dir="stream-job/target/aws-tls"

if [[ $dry_run -eq 1 ]]; then
  [[ $skip_build -eq 1 ]] || echo "# would build $jar: mvn -B -q -pl stream-job -am package -DskipTests" >&2
  echo "# would put ${ca_bundle:-$RDS_CA_URL} into $aws_jar as flowcast/tls/global-bundle.pem" >&2
else
  if [[ $skip_build -eq 0 ]]; then
    require_java_and_maven
    echo "$script: building $jar ..." >&2
    mvn -B -q -pl stream-job -am package -DskipTests -Dstyle.color=never \
      || die "the build failed (Maven output above)"
  fi
  [[ -f "$jar" ]] || die "$jar was not built (run without --skip-build)"
  jar_tool="${JAVA_HOME:+$JAVA_HOME/bin/jar}"
  [[ -n "$jar_tool" && -x "$jar_tool" ]] || jar_tool="$(command -v jar || true)"
  [[ -n "$jar_tool" ]] || die "the JDK's jar tool is needed to add the RDS CA bundle to the jar (set JAVA_HOME)"
  mkdir -p "$tls_dir/flowcast/tls"
  if [[ -n "$ca_bundle" ]]; then
    cp "$ca_bundle" "$tls_dir/flowcast/tls/global-bundle.pem"
  else
    command -v curl >/dev/null 2>&1 || die "curl is needed to download the RDS CA bundle (or give --rds-ca-bundle PEM)"
    curl -fsSL --retry 3 -o "$tls_dir/flowcast/tls/global-bundle.pem" "$RDS_CA_URL" \
      || die "could not download the RDS CA bundle from $RDS_CA_URL (give --rds-ca-bundle PEM)"
  fi
  grep -q "BEGIN CERTIFICATE" "$tls_dir/flowcast/tls/global-bundle.pem" \
    || die "the RDS CA bundle holds no PEM certificate: $tls_dir/flowcast/tls/global-bundle.pem"
  cp "$jar" "$aws_jar"
  "$jar_tool" uf "$aws_jar" -C "$tls_dir" flowcast/tls/global-bundle.pem || die "could not add the RDS CA bundle to $aws_jar"
fi

# --- 2. Storage ---------------------------------------------------------------------------------

# Set by stack_output from the stacks' outputs (placeholders like <CodeBucket> in a dry run).
code_bucket="" lake_bucket="" model_bucket="" state_machine_arn="" scheduler_role_arn=""

deploy_stack "$STORAGE_TEMPLATE" "$STORAGE_TEMPLATE" "$stack_name-storage"
stack_output CodeBucket code_bucket "$stack_name-storage"
stack_output LakeBucket lake_bucket "$stack_name-storage"
stack_output ModelBucket model_bucket "$stack_name-storage"

# --- 3. Code: the jar and the processing scripts ----------------------------------------------

run_aws s3 cp "$aws_jar" "s3://$code_bucket/$jar_key" --only-show-errors
processing_prefix="${value_of[ProcessingCodePrefix]:-flowcast/processing}"
run_aws s3 cp training-trigger/src/main/python/ "s3://$code_bucket/$processing_prefix/" \
  --recursive --exclude "*" --include "*.py" --only-show-errors

# --- 4. Retraining: `package` uploads the state machine definition ---------------------------

packaged="target/deploy/flowcast-retraining.packaged.cfn.yaml"
[[ $dry_run -eq 1 ]] || mkdir -p "$(dirname "$packaged")"
run_aws cloudformation package --template-file "$RETRAINING_TEMPLATE" \
  --s3-bucket "$code_bucket" --s3-prefix flowcast/templates --output-template-file "$packaged"
deploy_stack "$RETRAINING_TEMPLATE" "$packaged" "$stack_name-retraining" \
  "LakeBucket=$lake_bucket" "ModelBucket=$model_bucket" "CodeBucket=$code_bucket"
stack_output StateMachineArn state_machine_arn "$stack_name-retraining"
stack_output SchedulerRoleArn scheduler_role_arn "$stack_name-retraining"

# --- 5. The stream side and the application ---------------------------------------------------

deploy_stack "$STREAM_TEMPLATE" "$STREAM_TEMPLATE" "$stack_name" \
  "CodeBucket=$code_bucket" "JarKey=$jar_key" "LakeBucket=$lake_bucket" \
  "ModelBucket=$model_bucket" "RetrainingStateMachineArn=$state_machine_arn"

# --- 6. Scheduled retraining ------------------------------------------------------------------

for asset_type in ${schedules[@]+"${schedules[@]}"}; do
  deploy_stack "$SCHEDULE_TEMPLATE" "$SCHEDULE_TEMPLATE" "$stack_name-schedule-$asset_type" \
    "AssetType=$asset_type" "StateMachineArn=$state_machine_arn" "SchedulerRoleArn=$scheduler_role_arn"
done

run_aws cloudformation describe-stacks --stack-name "$stack_name" \
  --query 'Stacks[0].Outputs' --output table
if [[ $dry_run -eq 0 ]]; then
  cat >&2 <<EOF
$script: deployed $stack_name with s3://$code_bucket/$jar_key.
Next: scripts/publish-model.sh --asset-type TYPE ... for each asset type's first model (once),
then scripts/app.sh start.
EOF
fi
