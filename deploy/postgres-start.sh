#!/usr/bin/env bash
# Starts a local PostgreSQL cluster for Vantage on 127.0.0.1 and sets up the database (idempotent:
# with the cluster already running it only re-applies the setup). Installs PostgreSQL with apt-get
# when it is missing (needs root). No systemd needed: initdb + pg_ctl, run as the 'postgres' user.
# Settings: see postgres-env.sh (VANTAGE_PG_PORT, VANTAGE_PG_DATA, VANTAGE_PG_PASSWORD, ...).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/postgres-env.sh"

if [ ! -x "$VANTAGE_PG_BIN/initdb" ] || ! command -v psql >/dev/null; then
    [ "$(id -u)" = 0 ] || { pg_log "PostgreSQL $VANTAGE_PG_MAJOR is not installed and we are not root: install postgresql-$VANTAGE_PG_MAJOR"; exit 1; }
    pg_log "installing PostgreSQL $VANTAGE_PG_MAJOR (apt-get)"
    # Debian's package would create and start its own 'main' cluster on 5432: we run our own instead.
    mkdir -p /etc/postgresql-common/createcluster.d
    echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/vantage.conf
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q "postgresql-$VANTAGE_PG_MAJOR" "postgresql-client-$VANTAGE_PG_MAJOR" >/dev/null 2>&1 \
        || { apt-get update -q >/dev/null && apt-get install -y -q "postgresql-$VANTAGE_PG_MAJOR" "postgresql-client-$VANTAGE_PG_MAJOR" >/dev/null; }
fi

# The data directory must be reachable by the cluster's OS user; fall back to /tmp when it is not
# (e.g. a checkout under a private home directory).
prepare_data_dir() {
    mkdir -p "$VANTAGE_PG_DATA"
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$VANTAGE_PG_DATA"; fi
    chmod 700 "$VANTAGE_PG_DATA"
    as_pg test -w "$VANTAGE_PG_DATA" -a -x "$VANTAGE_PG_DATA"
}
if ! prepare_data_dir 2>/dev/null; then
    fallback="/tmp/vantage-postgres-$VANTAGE_PG_PORT"
    pg_log "$VANTAGE_PG_DATA is not usable by the cluster's OS user; using $fallback"
    VANTAGE_PG_DATA="$fallback"
    prepare_data_dir
fi

if [ ! -s "$VANTAGE_PG_DATA/PG_VERSION" ]; then
    pg_log "initialising a new cluster in $VANTAGE_PG_DATA"
    # Socket connections are trusted, but the socket directory is private to the cluster's OS user;
    # TCP connections need a password.
    as_pg "$VANTAGE_PG_BIN/initdb" -D "$VANTAGE_PG_DATA" -U postgres --encoding=UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 >/dev/null
fi

mkdir -p "$VANTAGE_PG_SOCKET_DIR"
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$VANTAGE_PG_SOCKET_DIR"; fi
chmod 700 "$VANTAGE_PG_SOCKET_DIR"

if as_pg "$VANTAGE_PG_BIN/pg_ctl" -D "$VANTAGE_PG_DATA" status >/dev/null 2>&1; then
    running_port=$(sed -n 4p "$VANTAGE_PG_DATA/postmaster.pid" 2>/dev/null || true)
    if [ "$running_port" != "$VANTAGE_PG_PORT" ]; then
        pg_log "the cluster in $VANTAGE_PG_DATA already runs on port $running_port, not $VANTAGE_PG_PORT: stop it first (deploy/postgres-stop.sh with VANTAGE_PG_PORT=$running_port)"
        exit 1
    fi
    pg_log "already running on 127.0.0.1:$VANTAGE_PG_PORT ($VANTAGE_PG_DATA)"
else
    if pg_port_open; then
        pg_log "port $VANTAGE_PG_PORT is taken by another server; choose another VANTAGE_PG_PORT"
        exit 1
    fi
    pg_log "starting on 127.0.0.1:$VANTAGE_PG_PORT ($VANTAGE_PG_DATA)"
    as_pg "$VANTAGE_PG_BIN/pg_ctl" -D "$VANTAGE_PG_DATA" -l "$VANTAGE_PG_DATA/server.log" -w -t 60 \
        -o "-p $VANTAGE_PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$VANTAGE_PG_SOCKET_DIR -c unix_socket_permissions=0700" \
        start >/dev/null \
        || { pg_log "start failed; last lines of $VANTAGE_PG_DATA/server.log:"; tail -n 20 "$VANTAGE_PG_DATA/server.log" >&2 || true; exit 1; }
fi

"$VANTAGE_REPO/deploy/postgres-setup.sh"
echo "Host=$VANTAGE_PG_HOST;Port=$VANTAGE_PG_PORT;Database=$VANTAGE_PG_DB;Username=$VANTAGE_PG_USER;Password=$VANTAGE_PG_PASSWORD"
