# shellcheck shell=bash
# Shared by the AWS operator scripts (deploy.sh, app.sh, send-sample.sh, tail-logs.sh): the common
# options (--region, --profile, --stack-name, --dry-run), the AWS CLI v2 check, and run_aws, which
# prints each call in a dry run and runs it otherwise. Source it after setting `repo` and `script`
# (the script's name for messages) and defining `usage`.
# Credentials are never handled here: the AWS CLI takes them from its default chain (environment,
# profile, SSO, instance role); --profile only names a profile.

# The common options' state (read by the scripts that source this file).
# shellcheck disable=SC2034
script="${script:-flowcast}"
dry_run=0
region=""
profile=""
stack_name="flowcast"
# Set by aws_common_option: how many arguments it used (0: not a common option).
# shellcheck disable=SC2034
consumed=0

# A usage error: the message, a hint, exit 2.
usage_error() {
  echo "$script: $*" >&2
  echo "Run scripts/$script --help for the options." >&2
  exit 2
}

# A failure while working (not a usage error): the message, exit 1.
die() {
  echo "$script: $*" >&2
  exit 1
}

# The help lines of the common options.
aws_common_help() {
  cat <<'EOF'
Common options:
  --stack-name NAME   the stream stack, whose outputs name the application and the stream
                      (default: flowcast; deploy.sh adds NAME-storage, NAME-retraining and
                      NAME-schedule-TYPE)
  --region REGION     AWS region (default: the AWS CLI's, e.g. AWS_REGION or the profile's)
  --profile PROFILE   AWS CLI named profile (default: the default credentials chain)
  --dry-run           print each AWS CLI call (one per line, starting with "aws ") and make none
  -h, --help          show this text
EOF
}

# Handles one common option: $1 the argument, $2 the next one (its value). Sets `consumed` to the
# number of arguments used, 0 when $1 is not a common option. -h/--help prints usage and exits 0.
aws_common_option() {
  consumed=0
  case "$1" in
    --dry-run)
      dry_run=1
      consumed=1
      ;;
    --region | --profile | --stack-name)
      [[ $# -ge 2 && -n "$2" && "$2" != --* ]] || usage_error "$1 needs a value"
      case "$1" in
        --region) region="$2" ;;
        --profile) profile="$2" ;;
        --stack-name) stack_name="$2" ;;
      esac
      # shellcheck disable=SC2034
      consumed=2
      ;;
    -h | --help)
      usage
      exit 0
      ;;
  esac
}

# Checks the value $2 of option $1 is there (not missing, not another option); exits 2 otherwise.
require_value() {
  [[ $# -ge 2 && -n "$2" && "$2" != --* ]] || usage_error "$1 needs a value"
}

# Outside a dry run: checks that the AWS CLI v2 is installed (`aws logs tail` and the
# kinesisanalyticsv2 options used here need version 2).
require_aws_cli() {
  [[ $dry_run -eq 1 ]] && return 0
  command -v aws >/dev/null 2>&1 \
    || die "the AWS CLI was not found; install AWS CLI v2 (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html) or use --dry-run."
  local version
  version="$(aws --version 2>&1 || true)"
  [[ "$version" == aws-cli/2.* ]] \
    || die "AWS CLI v2 is needed; found: ${version:-no version}. Install v2 or use --dry-run."
}

# Quotes one argument for a printed command line: left as is when it holds only safe characters.
quote_arg() {
  if [[ "$1" =~ ^[A-Za-z0-9_./:=,@%+\<\>-]+$ ]]; then
    printf '%s' "$1"
  elif [[ "$1" != *"'"* ]]; then
    printf "'%s'" "$1"
  else
    printf '%q' "$1"
  fi
}

# Prints a command line, arguments quoted as a shell would need them.
print_command() {
  local out="" arg
  for arg in "$@"; do
    out+="${out:+ }$(quote_arg "$arg")"
  done
  printf '%s\n' "$out"
}

# The global options of every call, after the subcommand's own.
aws_global_options() {
  aws_globals=()
  [[ -n "$region" ]] && aws_globals+=(--region "$region")
  [[ -n "$profile" ]] && aws_globals+=(--profile "$profile")
  return 0
}

# Runs `aws "$@"` with --region/--profile appended; in a dry run prints it instead.
run_aws() {
  aws_global_options
  if [[ $dry_run -eq 1 ]]; then
    print_command aws "$@" ${aws_globals[@]+"${aws_globals[@]}"}
  else
    aws "$@" ${aws_globals[@]+"${aws_globals[@]}"}
  fi
}

# Reads output $1 of stack $3 (default: the --stack-name stack) into the variable named $2. In a
# dry run prints the call and sets the variable to the placeholder <$1>. Fails naming the stack and
# the output when it is missing.
stack_output() {
  local key="$1" var="$2" stack="${3:-$stack_name}" value
  if [[ $dry_run -eq 1 ]]; then
    run_aws cloudformation describe-stacks --stack-name "$stack" \
      --query "Stacks[0].Outputs[?OutputKey==\`$key\`].OutputValue" --output text
    printf -v "$var" '<%s>' "$key"
    return 0
  fi
  value="$(run_aws cloudformation describe-stacks --stack-name "$stack" \
    --query "Stacks[0].Outputs[?OutputKey==\`$key\`].OutputValue" --output text)" \
    || die "could not read stack $stack (deployed? right --region/--profile?)"
  [[ -n "$value" && "$value" != "None" ]] || die "stack $stack has no output $key"
  printf -v "$var" '%s' "$value"
}

# The Managed Flink application: --application NAME when given (in `application`), otherwise the
# stack's output ApplicationName. Sets `application`.
resolve_application() {
  if [[ -z "${application:-}" ]]; then
    stack_output ApplicationName application
  fi
}
