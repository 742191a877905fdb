#!/usr/bin/env bash
# Builds the job's shaded jar, uploads it to the code bucket under a key naming the project version
# and the git commit, and deploys (creates or updates) the application stack
# kda-config/flowcast-stream.cfn.yaml with it; optionally the retraining stack too.
# Credentials come from the AWS CLI's default chain.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
script=deploy.sh
# shellcheck source=lib/common.sh
source "$repo/scripts/lib/common.sh"

usage() {
  cat <<'EOF'
Usage: scripts/deploy.sh --code-bucket BUCKET [--create-code-bucket] [--application NAME]
                         [--parameter KEY=VALUE]... [--skip-build]
                         [--with-retraining [--retraining-parameter KEY=VALUE]...]
                         [--stack-name NAME] [--region REGION] [--profile PROFILE] [--dry-run]

1. builds stream-job's shaded jar (mvn -B -q -pl stream-job -am package -DskipTests);
2. uploads it to s3://BUCKET/flowcast/stream-job/flowcast-stream-job-<version>-<git sha>.jar
   (-dirty appended when the work tree has uncommitted changes);
3. deploys kda-config/flowcast-stream.cfn.yaml as the stack (aws cloudformation deploy) with
   ApplicationName, CodeBucket and CodeKey, then prints the stack's outputs;
4. with --with-retraining: packages and deploys the retraining stack
   (training-trigger/src/main/resources/stepfunctions/retraining-stack.cfn.yaml) as <stack>-retraining.

The code bucket is not part of the application stack (the application reads its jar from it, so
it must exist first). Give an existing bucket, or add --create-code-bucket on the first deploy to
create it (versioned, encrypted, public access blocked; skipped when it exists).

Options:
  --code-bucket BUCKET            S3 bucket for the jar (or env FLOWCAST_CODE_BUCKET)
  --create-code-bucket            create the code bucket first if it does not exist (needs a region)
  --application NAME              ApplicationName parameter (default: flowcast)
  --parameter KEY=VALUE           a further parameter of the application stack (repeatable)
  --skip-build                    upload the jar already in stream-job/target
  --with-retraining               also deploy the retraining stack
  --retraining-parameter KEY=VALUE  a parameter of the retraining stack (repeatable; it needs
                                  StateMachineRoleArn, SageMakerRoleArn, LakeUri, ArtifactsBucket,
                                  CodeUri, ProcessingImageUri, XgboostImageUri, ModelMonitorImageUri)
EOF
  aws_common_help
}

# shellcheck source=lib/aws.sh
source "$repo/scripts/lib/aws.sh"

code_bucket="${FLOWCAST_CODE_BUCKET:-}"
create_bucket=0
application="flowcast"
skip_build=0
with_retraining=0
parameters=()
retraining_parameters=()
while [[ $# -gt 0 ]]; do
  aws_common_option "$@"
  if [[ $consumed -gt 0 ]]; then
    shift "$consumed"
    continue
  fi
  case "$1" in
    --code-bucket)
      require_value "$@"
      code_bucket="$2"
      shift
      ;;
    --create-code-bucket) create_bucket=1 ;;
    --application)
      require_value "$@"
      application="$2"
      shift
      ;;
    --parameter | --retraining-parameter)
      require_value "$@"
      [[ "$2" =~ ^[A-Za-z0-9]+=.* ]] || usage_error "$1 takes KEY=VALUE, got: $2"
      if [[ "$1" == --parameter ]]; then
        parameters+=("$2")
      else
        retraining_parameters+=("$2")
      fi
      shift
      ;;
    --skip-build) skip_build=1 ;;
    --with-retraining) with_retraining=1 ;;
    *) usage_error "unknown argument: $1" ;;
  esac
  shift
done

[[ -n "$code_bucket" ]] || usage_error "--code-bucket is required (the S3 bucket the application reads its jar from)"
[[ "$code_bucket" =~ ^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$ ]] || usage_error "not a valid S3 bucket name: $code_bucket"
if [[ ${#retraining_parameters[@]} -gt 0 && $with_retraining -eq 0 ]]; then
  usage_error "--retraining-parameter needs --with-retraining"
fi
bucket_region="${region:-${AWS_REGION:-${AWS_DEFAULT_REGION:-}}}"
if [[ $create_bucket -eq 1 && -z "$bucket_region" ]]; then
  usage_error "--create-code-bucket needs a region: --region, AWS_REGION or AWS_DEFAULT_REGION"
fi

template="kda-config/flowcast-stream.cfn.yaml"
retraining_template="training-trigger/src/main/resources/stepfunctions/retraining-stack.cfn.yaml"
cd "$repo"
if [[ ! -f "$template" ]]; then
  [[ $dry_run -eq 1 ]] || die "the application template $template is missing"
  echo "# warning: $template is missing; a real deploy would fail" >&2
fi
require_aws_cli

# The project version (the root pom's own <version>, after its artifactId) and the commit.
version="$(awk '/<artifactId>flowcast-parent<\/artifactId>/ {found=1} found && /<version>/ {
  gsub(/.*<version>|<\/version>.*/, ""); print; exit }' pom.xml)"
[[ -n "$version" ]] || die "could not read the project version from pom.xml"
sha="$(git rev-parse --short HEAD 2>/dev/null)" || die "not a git checkout: the jar's key names the commit"
if [[ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]]; then
  sha="$sha-dirty"
fi
jar="stream-job/target/flowcast-stream-job-$version.jar"
code_key="flowcast/stream-job/flowcast-stream-job-$version-$sha.jar"

# 1. The jar.
if [[ $skip_build -eq 1 ]]; then
  echo "# using the jar already built: $jar" >&2
elif [[ $dry_run -eq 1 ]]; then
  echo "# would build $jar: mvn -B -q -pl stream-job -am package -DskipTests" >&2
else
  require_java_and_maven
  echo "$script: building $jar ..." >&2
  mvn -B -q -pl stream-job -am package -DskipTests -Dstyle.color=never \
    || die "the build failed (Maven output above)"
fi
if [[ $dry_run -eq 0 && ! -f "$jar" ]]; then
  die "$jar was not built (run without --skip-build)"
fi

# 2. The code bucket, on the first deploy.
if [[ $create_bucket -eq 1 ]]; then
  if [[ $dry_run -eq 0 ]] && run_aws s3api head-bucket --bucket "$code_bucket" >/dev/null 2>&1; then
    echo "$script: code bucket $code_bucket exists" >&2
  else
    if [[ "$bucket_region" == us-east-1 ]]; then
      run_aws s3api create-bucket --bucket "$code_bucket"
    else
      run_aws s3api create-bucket --bucket "$code_bucket" \
        --create-bucket-configuration "LocationConstraint=$bucket_region"
    fi
    run_aws s3api put-public-access-block --bucket "$code_bucket" --public-access-block-configuration \
      BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
    run_aws s3api put-bucket-versioning --bucket "$code_bucket" --versioning-configuration Status=Enabled
    run_aws s3api put-bucket-encryption --bucket "$code_bucket" --server-side-encryption-configuration \
      '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}'
  fi
fi

# 3. Upload, then the application stack.
run_aws s3 cp "$jar" "s3://$code_bucket/$code_key" --only-show-errors
run_aws cloudformation deploy --template-file "$template" --stack-name "$stack_name" \
  --capabilities CAPABILITY_NAMED_IAM --no-fail-on-empty-changeset \
  --parameter-overrides "ApplicationName=$application" "CodeBucket=$code_bucket" "CodeKey=$code_key" \
  ${parameters[@]+"${parameters[@]}"}
run_aws cloudformation describe-stacks --stack-name "$stack_name" \
  --query 'Stacks[0].Outputs' --output table

# 4. The retraining stack: `package` uploads the state machine definition to the code bucket.
if [[ $with_retraining -eq 1 ]]; then
  packaged="training-trigger/target/retraining.packaged.cfn.yaml"
  [[ $dry_run -eq 1 ]] || mkdir -p "$(dirname "$packaged")"
  run_aws cloudformation package --template-file "$retraining_template" \
    --s3-bucket "$code_bucket" --s3-prefix flowcast/retraining --output-template-file "$packaged"
  overrides=()
  if [[ ${#retraining_parameters[@]} -gt 0 ]]; then
    overrides=(--parameter-overrides "${retraining_parameters[@]}")
  fi
  run_aws cloudformation deploy --template-file "$packaged" --stack-name "$stack_name-retraining" \
    --capabilities CAPABILITY_NAMED_IAM --no-fail-on-empty-changeset ${overrides[@]+"${overrides[@]}"}
  run_aws cloudformation describe-stacks --stack-name "$stack_name-retraining" \
    --query 'Stacks[0].Outputs' --output table
fi
if [[ $dry_run -eq 0 ]]; then
  echo "$script: deployed $stack_name with s3://$code_bucket/$code_key; start it with scripts/app.sh start" >&2
fi
