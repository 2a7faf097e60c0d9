#!/usr/bin/env bash
# Zones at scale (issue 10), against the real platform started with ./run.sh (Release) on non-default ports and a
# throw-away data folder:
#   (a) a generated (RECORDS - PUTS)-record zone file imported through the API: time to the answer (200, or 202 and then the
#       status URL at "succeeded"), then the time until the edge answers the file's last record;
#   (b) PUTS single-record PUTs on that zone: p50/p99 of the API's answer, and from the answer until the edge serves it;
#   (c) the same PUTs on a 10-record zone;
#   (d) silo, API and edge RSS (VmRSS from /proc) after those loads;
#   (e) ZONES small zones created, then a fresh edge (its own port, empty snapshot folder): time until it serves all.
# Targets (issue 10): import <= 60 s and served <= 15 s later; PUT p99 <= 50 ms to the answer, <= 100 ms to the edge;
# a fresh edge serves 10,000 zones within 20 s.
#
# Every wait is bounded; the script stops exactly the processes it started (run.sh, which stops its roles, and the
# fresh edge), also on Ctrl-C or failure.
#
# Knobs (env): RECORDS=1000000 PUTS=200 ZONES=10000 (0 skips e) IMPORT_TIMEOUT=900 SERVE_TIMEOUT=120 FRESH_TIMEOUT=120
#   PUT_BUDGET=300 (seconds per PUT series; no new PUT after that, so a slow store cannot make the run endless)
#   NO_BUILD=1 (use the last Release build) KEEP=1 (keep the temp folder with logs and data)
#   ZS_API_PORT=8580 ZS_GATEWAY_PORT=30500 ZS_SILO_PORT=11511 ZS_DASH_PORT=8581 ZS_EDGE_PORT=8553 ZS_EDGE_METRICS=9553
#   ZS_FRESH_EDGE_PORT=8554 ZS_FRESH_EDGE_METRICS=9554
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RECORDS=${RECORDS:-1000000}
PUTS=${PUTS:-200}
ZONES=${ZONES:-10000}
IMPORT_TIMEOUT=${IMPORT_TIMEOUT:-900}
SERVE_TIMEOUT=${SERVE_TIMEOUT:-120}
FRESH_TIMEOUT=${FRESH_TIMEOUT:-120}
PUT_BUDGET=${PUT_BUDGET:-300}
API_PORT=${ZS_API_PORT:-8580}
GATEWAY_PORT=${ZS_GATEWAY_PORT:-30500}
SILO_PORT=${ZS_SILO_PORT:-11511}
DASH_PORT=${ZS_DASH_PORT:-8581}
EDGE_PORT=${ZS_EDGE_PORT:-8553}
EDGE_METRICS=${ZS_EDGE_METRICS:-9553}
FRESH_EDGE_PORT=${ZS_FRESH_EDGE_PORT:-8554}
FRESH_EDGE_METRICS=${ZS_FRESH_EDGE_METRICS:-9554}
API=http://127.0.0.1:$API_PORT
TMP=$(mktemp -d /tmp/vantage-zones-scale.XXXXXX)
HELPER=$ROOT/bench/zones-scale.py
BIG=big.scale.test
SMALL=small.scale.test
SUFFIX=many.scale.test

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
result() { echo "RESULT $*"; }

RUN_PID="" FRESH_PID=""
stop_pid() { # stop_pid PID SECONDS: TERM, wait, then KILL
  local pid=$1 grace=$2
  [ -n "$pid" ] && kill -0 "$pid" 2> /dev/null || return 0
  kill -TERM "$pid" 2> /dev/null || true
  for _ in $(seq 1 $((grace * 5))); do kill -0 "$pid" 2> /dev/null || break; sleep 0.2; done
  if kill -0 "$pid" 2> /dev/null; then log "pid $pid did not stop in $grace s; killing it"; kill -KILL "$pid" 2> /dev/null || true; fi
  wait "$pid" 2> /dev/null || true
}
cleanup() {
  set +e
  stop_pid "$FRESH_PID" 15
  if [ -n "$RUN_PID" ] && kill -0 "$RUN_PID" 2> /dev/null; then
    local roles; roles=$(role_pids)
    stop_pid "$RUN_PID" 60   # run.sh stops the edge, the API, then the silo
    for pid in $roles; do stop_pid "$pid" 5; done
  fi
  if [ "${KEEP:-0}" = 1 ]; then log "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for port in "$API_PORT" "$GATEWAY_PORT" "$SILO_PORT" "$DASH_PORT" "$EDGE_PORT" "$EDGE_METRICS" "$FRESH_EDGE_PORT" "$FRESH_EDGE_METRICS"; do
  if ss -Hltun "sport = :$port" 2> /dev/null | grep -q .; then log "port $port is in use; set the ZS_*_PORT variables"; exit 1; fi
done

if [ "${NO_BUILD:-0}" != 1 ]; then
  log "building Orleans.sln (Release)"
  dotnet build "$ROOT/Orleans.sln" -c Release -nologo -v quiet -clp:NoSummary > "$TMP/build.log" 2>&1 \
    || { grep -E "error" "$TMP/build.log" | sort -u | head -20 >&2; exit 1; }
fi

export VANTAGE_DATA=$TMP/data VANTAGE_API_KEY=bench-$RANDOM$RANDOM$RANDOM
export Vantage__Api__HttpPort=$API_PORT Vantage__Api__HttpsPort=0
export Vantage__Cluster__GatewayPort=$GATEWAY_PORT Vantage__Cluster__SiloPort=$SILO_PORT Vantage__Dashboard__Port=$DASH_PORT
export Vantage__Edge__Port=$EDGE_PORT Vantage__Edge__MetricsPort=$EDGE_METRICS
for m in Get Put Post Delete; do export "Vantage__Api__RateLimits__${m}__Limit=10000000"; done
mkdir -p "$VANTAGE_DATA"

log "starting ./run.sh --no-build (data $VANTAGE_DATA)"
"$ROOT/run.sh" --no-build > "$TMP/run.log" 2>&1 < /dev/null &
RUN_PID=$!

# The role processes are run.sh's children (each `exec`s dotnet).
role_pids() { ps -o pid= --ppid "$RUN_PID" 2> /dev/null | while read -r pid; do
  grep -qa 'Vantage\.' "/proc/$pid/cmdline" 2> /dev/null && echo "$pid"; done; true; }
role_pid() { for pid in $(role_pids); do grep -qa "$1" "/proc/$pid/cmdline" && { echo "$pid"; return; }; done; }
rss_mib() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2> /dev/null || echo "?"; }

wait_until() { # wait_until WHAT SECONDS CMD...
  local what=$1 deadline=$((SECONDS + $2)); shift 2
  until "$@" > /dev/null 2>&1; do
    kill -0 "$RUN_PID" 2> /dev/null || { log "run.sh exited; see $TMP/run.log"; tail -20 "$TMP/run.log" >&2; exit 1; }
    [ $SECONDS -lt "$deadline" ] || { log "$what: not ready in time"; tail -20 "$TMP/run.log" >&2; exit 1; }
    sleep 0.3
  done
}
api_ready() { curl -sf -o /dev/null -H "X-NSONE-Key: $VANTAGE_API_KEY" "$API/v1/zones"; }
edge_ready() { dig +time=1 +tries=1 @127.0.0.1 -p "$EDGE_PORT" example.invalid A | grep -q 'status:'; }
wait_until "API $API" 240 api_ready
wait_until "edge :$EDGE_PORT" 120 edge_ready
log "platform is up: silo $(role_pid Vantage.Silo.dll), API $(role_pid Vantage.Api.dll), edge $(role_pid Vantage.EdgeDns.dll)"
now_ms() { date +%s%3N; }

# --- (a) import ---------------------------------------------------------------------------------------------------
# The file leaves room for the PUTs (new records), so that the zone ends at RECORDS record sets (the grain's maximum
# is 1,000,000 by default).
log "generating a $((RECORDS - PUTS))-record zone file ($RECORDS with the PUTs of (b))"
python3 "$ROOT/bench/zones-scale-gen.py" "$BIG" "$((RECORDS - PUTS))" > "$TMP/big.zone"
result "zone file: $(wc -l < "$TMP/big.zone") lines, $(($(stat -c %s "$TMP/big.zone") / 1048576)) MiB"
log "importing it"
start=$(now_ms)
code=$(curl -sS -o "$TMP/import.json" -D "$TMP/import.headers" -w '%{http_code}' --max-time "$IMPORT_TIMEOUT" \
  -X PUT -H "X-NSONE-Key: $VANTAGE_API_KEY" -F "zonefile=@$TMP/big.zone;type=text/plain" "$API/v1/import/zonefile/$BIG" || echo 000)
answered=$(now_ms)
result "(a) import answered $code after $(((answered - start)))ms"
imported=0
if [ "$code" = 200 ]; then
  imported=1
elif [ "$code" = 202 ]; then
  location=$(awk 'tolower($1) == "location:" { print $2 }' "$TMP/import.headers" | tr -d '\r')
  deadline=$((SECONDS + IMPORT_TIMEOUT))
  status=""
  while [ $SECONDS -lt $deadline ]; do
    status=$(curl -sS -H "X-NSONE-Key: $VANTAGE_API_KEY" "$location" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("status",""))' 2> /dev/null || true)
    [ "$status" = succeeded ] || [ "$status" = failed ] && break
    sleep 0.5
  done
  result "(a) import status '$status' after $(($(now_ms) - start))ms (status URL $location)"
  [ "$status" = succeeded ] && imported=1
else
  result "(a) import body: $(head -c 300 "$TMP/import.json")"
fi
done_at=$(now_ms)
if [ "$imported" = 1 ]; then
  if took=$(python3 "$HELPER" wait-a --edge "$EDGE_PORT" --name "end.$BIG" --address 198.51.100.1 --timeout "$SERVE_TIMEOUT"); then
    result "(a) edge serves end.$BIG ${took}s after the import finished"
  else
    result "(a) edge did not serve end.$BIG within ${SERVE_TIMEOUT}s after the import finished"
  fi
fi
result "(a) RSS after the import: silo $(rss_mib "$(role_pid Vantage.Silo.dll)") MiB, API $(rss_mib "$(role_pid Vantage.Api.dll)") MiB, edge $(rss_mib "$(role_pid Vantage.EdgeDns.dll)") MiB"

# --- (b) PUTs on the big zone, (c) on a 10-record zone --------------------------------------------------------------
if [ "$imported" = 1 ]; then
  log "(b) $PUTS PUTs on $BIG"
  timeout $((PUT_BUDGET + 200)) python3 "$HELPER" puts --api "$API" --key "$VANTAGE_API_KEY" --edge "$EDGE_PORT" \
    --zone "$BIG" --count "$PUTS" --timeout 10 --budget "$PUT_BUDGET" --label "(b) $RECORDS-record zone" || result "(b) did not finish in time"
fi
log "(c) $PUTS PUTs on a 10-record zone"
python3 "$ROOT/bench/zones-scale-gen.py" "$SMALL" 10 > "$TMP/small.zone"
curl -sS -o /dev/null -w '' -X PUT -H "X-NSONE-Key: $VANTAGE_API_KEY" -F "zonefile=@$TMP/small.zone;type=text/plain" "$API/v1/import/zonefile/$SMALL"
timeout $((PUT_BUDGET + 200)) python3 "$HELPER" puts --api "$API" --key "$VANTAGE_API_KEY" --edge "$EDGE_PORT" \
  --zone "$SMALL" --count "$PUTS" --timeout 10 --budget "$PUT_BUDGET" --label "(c) 10-record zone" || result "(c) did not finish in time"

# --- (d) RSS -----------------------------------------------------------------------------------------------------------
result "(d) RSS after the loads: silo $(rss_mib "$(role_pid Vantage.Silo.dll)") MiB, API $(rss_mib "$(role_pid Vantage.Api.dll)") MiB, edge $(rss_mib "$(role_pid Vantage.EdgeDns.dll)") MiB"

# --- (e) many zones, a fresh edge ------------------------------------------------------------------------------------
if [ "$ZONES" -gt 0 ]; then
  log "(e) creating $ZONES zones"
  timeout $((ZONES / 10 + 300)) python3 "$HELPER" zones --api "$API" --key "$VANTAGE_API_KEY" --count "$ZONES" --suffix "$SUFFIX" --threads 8 \
    || result "(e) zone creation did not finish in time"
  mkdir -p "$TMP/fresh-snapshots"
  log "(e) starting a fresh edge on :$FRESH_EDGE_PORT with an empty snapshot folder"
  fresh_start=$(now_ms)
  (cd "$ROOT/EdgeDns/bin/Release/net10.0" && exec env Vantage__Edge__Port="$FRESH_EDGE_PORT" Vantage__Edge__MetricsPort="$FRESH_EDGE_METRICS" \
    Vantage__Edge__Id=fresh-edge Vantage__Edge__SnapshotFolder="$TMP/fresh-snapshots" dotnet Vantage.EdgeDns.dll) > "$TMP/fresh-edge.log" 2>&1 < /dev/null &
  FRESH_PID=$!
  timeout $((FRESH_TIMEOUT + 60)) python3 "$HELPER" served --edge "$FRESH_EDGE_PORT" --count "$ZONES" --suffix "$SUFFIX" --timeout "$FRESH_TIMEOUT" \
    || result "(e) the check did not finish in time"
  result "(e) fresh edge: $(($(now_ms) - fresh_start))ms from its start to the end of the check; RSS $(rss_mib "$FRESH_PID") MiB; silo $(rss_mib "$(role_pid Vantage.Silo.dll)") MiB"
fi
log "done"
