#!/usr/bin/env bash
# Queries the local warehouse (the tables the local run fills; README command after a local run):
#   scripts/query-warehouse.sh                 a summary: predictions, latest prediction per asset,
#                                              anomalies per hour per site, dead letters by reason
#   scripts/query-warehouse.sh "SELECT ..."    one SQL query of your own (PostgreSQL 17 SQL)
# Read-only (the query runs in a READ ONLY transaction). Uses the running local warehouse if the
# local run is up (port 5434), otherwise starts the embedded PostgreSQL over data/warehouse for
# the query and stops it again. Tables and views: schemas/warehouse/README.md.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/common.sh
source "$repo/scripts/lib/common.sh"

case "${1:-}" in
  -h | --help)
    sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
esac

require_java_and_maven
classpath="$(stream_job_classpath)"
exec java \
  -Dlog4j2.level=ERROR \
  -cp "$classpath" \
  io.flowcast.stream.local.WarehouseQuery --data-dir "$repo/data/warehouse" "$@"
