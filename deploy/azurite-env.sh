# Shared settings of deploy/azurite-*.sh (sourced, not run). Every value can be overridden.
#   VANTAGE_AZURITE_HOME        where the npm package is installed (default ~/.cache/vantage/azurite; never committed)
#   VANTAGE_AZURITE_VERSION     npm version (default 3.37.0)
#   VANTAGE_AZURITE_DATA        Azurite's data folder (default $VANTAGE_DATA/azurite, else ./data/azurite)
#   VANTAGE_AZURITE_TABLE_PORT  table endpoint port on 127.0.0.1 (default 10002, what UseDevelopmentStorage=true expects)

VANTAGE_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${VANTAGE_AZURITE_HOME:=${XDG_CACHE_HOME:-$HOME/.cache}/vantage/azurite}"
: "${VANTAGE_AZURITE_VERSION:=3.37.0}"
: "${VANTAGE_AZURITE_DATA:=${VANTAGE_DATA:-$VANTAGE_REPO/data}/azurite}"
: "${VANTAGE_AZURITE_TABLE_PORT:=10002}"
AZURITE_TABLE_BIN="$VANTAGE_AZURITE_HOME/node_modules/.bin/azurite-table"
AZURITE_PID_FILE="$VANTAGE_AZURITE_DATA/azurite-table.pid"
AZURITE_LOG_FILE="$VANTAGE_AZURITE_DATA/azurite-table.log"

az_log() { echo "[azurite] $*" >&2; }
az_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$VANTAGE_AZURITE_TABLE_PORT") 2>/dev/null; }
az_running_pid() {
    local pid
    pid=$(cat "$AZURITE_PID_FILE" 2>/dev/null || true)
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}
