#!/usr/bin/env bash
# Starts Azurite's table service (Azure Table Storage emulator) on 127.0.0.1 in the background and
# waits until it accepts connections. Installs the npm package 'azurite' into VANTAGE_AZURITE_HOME
# when missing (and Node.js with apt-get when that is missing and we are root). Idempotent: a second
# run with Azurite already up does nothing. Settings: see azurite-env.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/azurite-env.sh"

if [ ! -x "$AZURITE_TABLE_BIN" ]; then
    if ! command -v npm >/dev/null; then
        [ "$(id -u)" = 0 ] || { az_log "npm is missing: install Node.js and npm"; exit 1; }
        az_log "installing Node.js and npm (apt-get)"
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -q nodejs npm >/dev/null 2>&1 \
            || { apt-get update -q >/dev/null && apt-get install -y -q nodejs npm >/dev/null; }
    fi
    az_log "installing azurite@$VANTAGE_AZURITE_VERSION into $VANTAGE_AZURITE_HOME"
    mkdir -p "$VANTAGE_AZURITE_HOME"
    npm install --prefix "$VANTAGE_AZURITE_HOME" --no-audit --no-fund --loglevel=error \
        "azurite@$VANTAGE_AZURITE_VERSION" >/dev/null
fi

mkdir -p "$VANTAGE_AZURITE_DATA"
if pid=$(az_running_pid) && az_port_open; then
    az_log "already running on 127.0.0.1:$VANTAGE_AZURITE_TABLE_PORT (pid $pid)"
    exit 0
fi
if az_port_open; then
    az_log "port $VANTAGE_AZURITE_TABLE_PORT already accepts connections (not started by this script): using it"
    exit 0
fi

az_log "starting the table service on 127.0.0.1:$VANTAGE_AZURITE_TABLE_PORT (data: $VANTAGE_AZURITE_DATA)"
# Detached, all descriptors redirected: the caller (a test run, a CI step) is not held open by it.
setsid "$AZURITE_TABLE_BIN" --tableHost 127.0.0.1 --tablePort "$VANTAGE_AZURITE_TABLE_PORT" \
    --location "$VANTAGE_AZURITE_DATA" --skipApiVersionCheck --loose \
    >"$AZURITE_LOG_FILE" 2>&1 </dev/null &
echo $! >"$AZURITE_PID_FILE"

deadline=$((SECONDS + 60))
until az_port_open; do
    if ! az_running_pid >/dev/null; then
        az_log "Azurite exited; last lines of $AZURITE_LOG_FILE:"; tail -n 20 "$AZURITE_LOG_FILE" >&2 || true
        exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then az_log "not accepting connections after 60 s"; exit 1; fi
    sleep 0.2
done
az_log "ready (pid $(cat "$AZURITE_PID_FILE"))"
