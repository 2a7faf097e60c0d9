#!/usr/bin/env bash
# Idempotent setup of the Vantage PostgreSQL database: creates the role and the database when they
# are missing (needs superuser access: the local cluster of postgres-start.sh, or VANTAGE_PG_ADMIN_URL),
# then applies deploy/postgres/*.sql in one transaction as that role. Safe to run any number of
# times, also concurrently: re-running installs the current query texts and changes no data.
# Settings: see postgres-env.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/postgres-env.sh"

command -v psql >/dev/null || { pg_log "psql not found: run deploy/postgres-start.sh or install postgresql-client"; exit 1; }

if [ -n "${VANTAGE_PG_ADMIN_URL:-}" ] || [ -S "$VANTAGE_PG_SOCKET_DIR/.s.PGSQL.$VANTAGE_PG_PORT" ]; then
    # Names and password travel as psql variables, quoted by format(%I, %L): no SQL injection.
    pg_admin_psql -v role="$VANTAGE_PG_USER" -v password="$VANTAGE_PG_PASSWORD" -v db="$VANTAGE_PG_DB" >/dev/null <<'SQL'
SELECT pg_advisory_lock(736501);
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'role', :'password')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', :'role', :'password') \gexec
SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0', :'db', :'role', 'UTF8')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SELECT pg_advisory_unlock(736501);
SQL
else
    pg_log "no superuser access (no local cluster socket, no VANTAGE_PG_ADMIN_URL): assuming role '$VANTAGE_PG_USER' and database '$VANTAGE_PG_DB' exist"
fi

files=()
for f in "$VANTAGE_REPO"/deploy/postgres/*.sql; do files+=(-f "$f"); done

# One transaction for all scripts; the advisory lock serialises concurrent setups.
PGPASSWORD="$VANTAGE_PG_PASSWORD" PGOPTIONS='-c client_min_messages=warning' \
    psql -X -q -v ON_ERROR_STOP=1 --single-transaction \
    -h "$VANTAGE_PG_HOST" -p "$VANTAGE_PG_PORT" -U "$VANTAGE_PG_USER" -d "$VANTAGE_PG_DB" \
    -c 'SELECT pg_advisory_xact_lock(736502)' "${files[@]}" >/dev/null

count=$(PGPASSWORD="$VANTAGE_PG_PASSWORD" psql -X -At -h "$VANTAGE_PG_HOST" -p "$VANTAGE_PG_PORT" \
    -U "$VANTAGE_PG_USER" -d "$VANTAGE_PG_DB" -c 'SELECT count(*) FROM OrleansQuery')
pg_log "schema applied to $VANTAGE_PG_DB on $VANTAGE_PG_HOST:$VANTAGE_PG_PORT ($count Orleans queries)"
