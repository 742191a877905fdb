#!/usr/bin/env bash
# Follows the Managed Flink application's CloudWatch logs (log group
# /aws/kinesis-analytics/<application>, the template's convention) with `aws logs tail`.
# Credentials come from the AWS CLI's default chain.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
script=tail-logs.sh

usage() {
  cat <<'EOF'
Usage: scripts/tail-logs.sh [--since 10m] [--no-follow] [--filter PATTERN] [--application NAME] [options]

Prints the application's log events from --since ago, then follows new ones (Ctrl-C stops).

Options:
  --since T           how far back to start: 30s, 10m, 2h, 1d, or a timestamp (default: 10m)
  --no-follow         print and exit instead of following
  --filter PATTERN    CloudWatch Logs filter pattern, e.g. ERROR or '"dead letter"'
  --application NAME  the application (default: the stack's output ApplicationName)
EOF
  aws_common_help
}

# shellcheck source=lib/aws.sh
source "$repo/scripts/lib/aws.sh"

since="10m"
follow=(--follow)
filter=()
application=""
while [[ $# -gt 0 ]]; do
  aws_common_option "$@"
  if [[ $consumed -gt 0 ]]; then
    shift "$consumed"
    continue
  fi
  case "$1" in
    --since)
      require_value "$@"
      [[ "$2" =~ ^[0-9]+[smhdw]$ || "$2" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2} ]] \
        || usage_error "--since takes a duration (30s, 10m, 2h, 1d, 1w) or a timestamp (2026-01-31T08:00:00), got: $2"
      since="$2"
      shift
      ;;
    --no-follow) follow=() ;;
    --filter)
      require_value "$@"
      filter=(--filter-pattern "$2")
      shift
      ;;
    --application)
      require_value "$@"
      application="$2"
      shift
      ;;
    *) usage_error "unknown argument: $1" ;;
  esac
  shift
done

require_aws_cli
resolve_application
run_aws logs tail "/aws/kinesis-analytics/$application" --since "$since" --format short \
  ${follow[@]+"${follow[@]}"} ${filter[@]+"${filter[@]}"}
