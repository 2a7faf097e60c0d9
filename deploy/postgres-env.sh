# Shared settings of the deploy/postgres-*.sh scripts (sourced, not run). Every value can be
# overridden from the environment.
#   VANTAGE_PG_PORT      TCP port on 127.0.0.1 (default 5432)
#   VANTAGE_PG_DATA      data directory of the local cluster (default $VANTAGE_DATA/postgres, else ./data/postgres)
#   VANTAGE_PG_DB        database (default vantage)
#   VANTAGE_PG_USER      role the silos use (default vantage)
#   VANTAGE_PG_PASSWORD  its password (default vantage)
#   VANTAGE_PG_ADMIN_URL optional superuser connection URI for setup against a server these scripts did not start

VANTAGE_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${VANTAGE_PG_HOST:=127.0.0.1}"
: "${VANTAGE_PG_PORT:=5432}"
: "${VANTAGE_PG_DB:=vantage}"
: "${VANTAGE_PG_USER:=vantage}"
: "${VANTAGE_PG_PASSWORD:=vantage}"
: "${VANTAGE_PG_MAJOR:=15}"
: "${VANTAGE_PG_DATA:=${VANTAGE_DATA:-$VANTAGE_REPO/data}/postgres}"
# Unix socket of the local cluster: short path (socket paths are limited to ~100 bytes), private to its owner.
VANTAGE_PG_SOCKET_DIR="/tmp/vantage-pg-$VANTAGE_PG_PORT"
VANTAGE_PG_BIN="/usr/lib/postgresql/$VANTAGE_PG_MAJOR/bin"

pg_log() { echo "[postgres] $*" >&2; }

# Runs a command as the OS user that owns the cluster: 'postgres' when we are root (PostgreSQL
# refuses to run as root), else the current user.
as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_port_open() { (exec 3<>"/dev/tcp/$VANTAGE_PG_HOST/$VANTAGE_PG_PORT") 2>/dev/null; }

# psql as the cluster's superuser over the private socket (only for a cluster these scripts run).
pg_admin_psql() {
    if [ -n "${VANTAGE_PG_ADMIN_URL:-}" ]; then
        psql -X -q -v ON_ERROR_STOP=1 "$VANTAGE_PG_ADMIN_URL" "$@"
    else
        as_pg env PGOPTIONS='-c client_min_messages=warning' \
            psql -X -q -v ON_ERROR_STOP=1 -h "$VANTAGE_PG_SOCKET_DIR" -p "$VANTAGE_PG_PORT" -U postgres -d postgres "$@"
    fi
}
