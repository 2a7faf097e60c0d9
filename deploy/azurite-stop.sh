#!/usr/bin/env bash
# Stops the Azurite table service started by azurite-start.sh (no-op when it is not running).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/azurite-env.sh"

if pid=$(az_running_pid); then
    kill "$pid"
    deadline=$((SECONDS + 15))
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    rm -f "$AZURITE_PID_FILE"
    az_log "stopped (pid $pid)"
else
    az_log "not running"
fi
