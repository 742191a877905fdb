#!/usr/bin/env bash
# Sends simulated N3uron telemetry to the stack's real Kinesis stream: looks up the stream (stack
# output StreamName) and runs scripts/simulate.sh against it. Credentials come from the default
# AWS provider chain (--profile sets AWS_PROFILE for the simulator).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
script=send-sample.sh

usage() {
  cat <<'EOF'
Usage: scripts/send-sample.sh [--stream NAME] [--duration 2m] [options] [-- simulator flags]

Runs the telemetry simulator (scripts/simulate.sh) against the stack's Kinesis stream (its output
StreamName) for --duration, then stops. Flags after -- go to the simulator unchanged, e.g.
-- --sites 1 --malformed-fraction 0.05 (scripts/simulate.sh --help lists them).

Options:
  --stream NAME       the stream (default: the stack's output StreamName)
  --duration D        how long to send (default: 2m; the simulator's format, e.g. 30s, 10m)
EOF
  aws_common_help
}

# shellcheck source=lib/aws.sh
source "$repo/scripts/lib/aws.sh"

stream=""
duration="2m"
simulator_args=()
while [[ $# -gt 0 ]]; do
  aws_common_option "$@"
  if [[ $consumed -gt 0 ]]; then
    shift "$consumed"
    continue
  fi
  case "$1" in
    --stream)
      require_value "$@"
      stream="$2"
      shift
      ;;
    --duration)
      require_value "$@"
      [[ "$2" =~ ^[0-9]+(ms|s|m|h|d)$ ]] || usage_error "--duration takes a number and a unit (ms, s, m, h, d), got: $2"
      duration="$2"
      shift
      ;;
    --)
      shift
      simulator_args=("$@")
      break
      ;;
    *) usage_error "unknown argument: $1 (simulator flags go after --)" ;;
  esac
  shift
done

require_aws_cli
if [[ -z "$stream" ]]; then
  stack_output StreamName stream
fi
# The simulator needs the region itself (it does not read the AWS CLI's configuration).
if [[ -z "$region" ]]; then
  region="${AWS_REGION:-${AWS_DEFAULT_REGION:-}}"
  if [[ -z "$region" && $dry_run -eq 0 ]]; then
    region="$(run_aws configure get region || true)"
  fi
  [[ -n "$region" || $dry_run -eq 1 ]] || usage_error "no region: give --region or set AWS_REGION"
  region="${region:-<region>}"
fi

command=("$repo/scripts/simulate.sh" --stream "$stream" --region "$region" --duration "$duration"
  ${simulator_args[@]+"${simulator_args[@]}"})
if [[ $dry_run -eq 1 ]]; then
  # The simulator as the user would type it, from the repository root.
  command[0]="scripts/simulate.sh"
  if [[ -n "$profile" ]]; then
    print_command env "AWS_PROFILE=$profile" "${command[@]}"
  else
    print_command "${command[@]}"
  fi
  exit 0
fi
if [[ -n "$profile" ]]; then
  export AWS_PROFILE="$profile"
fi
exec "${command[@]}"
