#!/usr/bin/env bash
# Stops the local PostgreSQL cluster started by postgres-start.sh (no-op when it is not running).
# Settings: see postgres-env.sh (the same VANTAGE_PG_DATA as at start).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/postgres-env.sh"

fallback="/tmp/vantage-postgres-$VANTAGE_PG_PORT"
for dir in "$VANTAGE_PG_DATA" "$fallback"; do
    if [ -s "$dir/PG_VERSION" ] && as_pg "$VANTAGE_PG_BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
        as_pg "$VANTAGE_PG_BIN/pg_ctl" -D "$dir" -m fast -w -t 60 stop >/dev/null
        pg_log "stopped ($dir)"
        exit 0
    fi
done
pg_log "not running"
