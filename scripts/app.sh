#!/usr/bin/env bash
# Starts, stops, shows or snapshots the Managed Flink application of the stack.
# Credentials come from the AWS CLI's default chain.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
script=app.sh

usage() {
  cat <<'EOF'
Usage: scripts/app.sh start|stop|status|snapshot [options]

  start      start the application, restoring the state of its latest snapshot
             (aws kinesisanalyticsv2 start-application --run-configuration ...)
  stop       stop it with a snapshot of its state (the service takes one on a stop that is not
             forced, the application having snapshots enabled); --force stops without one
  status     its status, version and runtime (describe-application)
  snapshot   take a snapshot now, named <application>-YYYYMMDDTHHMMSSZ (create-application-snapshot)

Options:
  --application NAME        the application (default: the stack's output ApplicationName)
  --no-restore              start: without any snapshot (fresh state)
  --from-snapshot NAME      start: from this snapshot instead of the latest
  --allow-non-restored-state  start: accept state that no operator of the new jar reads
  --force                   stop: force stop, no snapshot (for an application that cannot stop)
  --snapshot-name NAME      snapshot: this name instead of the timestamped one
EOF
  aws_common_help
}

# shellcheck source=lib/aws.sh
source "$repo/scripts/lib/aws.sh"

[[ $# -gt 0 ]] || usage_error "an action is needed: start, stop, status or snapshot"
action=""
application=""
restore=RESTORE_FROM_LATEST_SNAPSHOT
from_snapshot=""
allow_non_restored=false
force=0
snapshot_name=""
while [[ $# -gt 0 ]]; do
  aws_common_option "$@"
  if [[ $consumed -gt 0 ]]; then
    shift "$consumed"
    continue
  fi
  case "$1" in
    start | stop | status | snapshot)
      [[ -z "$action" ]] || usage_error "one action only, got $action and $1"
      action="$1"
      ;;
    --application)
      require_value "$@"
      application="$2"
      shift
      ;;
    --no-restore) restore=SKIP_RESTORE_FROM_SNAPSHOT ;;
    --from-snapshot)
      require_value "$@"
      from_snapshot="$2"
      restore=RESTORE_FROM_CUSTOM_SNAPSHOT
      shift
      ;;
    --allow-non-restored-state) allow_non_restored=true ;;
    --force) force=1 ;;
    --snapshot-name)
      require_value "$@"
      snapshot_name="$2"
      shift
      ;;
    *) usage_error "unknown argument: $1" ;;
  esac
  shift
done
[[ -n "$action" ]] || usage_error "an action is needed: start, stop, status or snapshot"
for name in "$from_snapshot" "$snapshot_name"; do
  [[ -z "$name" || "$name" =~ ^[a-zA-Z0-9_.-]{1,256}$ ]] \
    || usage_error "a snapshot name has only letters, digits, '_', '.' and '-': $name"
done

require_aws_cli
resolve_application

case "$action" in
  start)
    if [[ "$restore" == RESTORE_FROM_CUSTOM_SNAPSHOT ]]; then
      restore_json="{\"ApplicationRestoreType\":\"$restore\",\"SnapshotName\":\"$from_snapshot\"}"
    else
      restore_json="{\"ApplicationRestoreType\":\"$restore\"}"
    fi
    run_aws kinesisanalyticsv2 start-application --application-name "$application" \
      --run-configuration "{\"ApplicationRestoreConfiguration\":$restore_json,\"FlinkRunConfiguration\":{\"AllowNonRestoredState\":$allow_non_restored}}"
    ;;
  stop)
    if [[ $force -eq 1 ]]; then
      run_aws kinesisanalyticsv2 stop-application --application-name "$application" --force
    else
      run_aws kinesisanalyticsv2 stop-application --application-name "$application" --no-force
    fi
    ;;
  status)
    run_aws kinesisanalyticsv2 describe-application --application-name "$application" \
      --query 'ApplicationDetail.{Status:ApplicationStatus,Version:ApplicationVersionId,Runtime:RuntimeEnvironment,Snapshots:ApplicationConfigurationDescription.ApplicationSnapshotConfigurationDescription.SnapshotsEnabled}' \
      --output table
    ;;
  snapshot)
    [[ -n "$snapshot_name" ]] || snapshot_name="$application-$(date -u +%Y%m%dT%H%M%SZ)"
    [[ "$snapshot_name" =~ ^[a-zA-Z0-9_.-]{1,256}$ ]] || snapshot_name="flowcast-$(date -u +%Y%m%dT%H%M%SZ)"
    run_aws kinesisanalyticsv2 create-application-snapshot --application-name "$application" \
      --snapshot-name "$snapshot_name"
    ;;
esac
