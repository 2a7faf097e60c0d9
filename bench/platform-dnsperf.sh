#!/usr/bin/env bash
# dnsperf through the real platform: silo + API + ONE edge (Vantage.EdgeDns, 1 UDP worker, pinned to the anchors'
# server CPU), the anchors' zone imported THROUGH THE API (PUT /v1/import/zonefile/example.test, multipart), then
# ../shared/bench/dns-anchors.sh runs the edge side by side with NSD and Knot (the edge's PID is passed, so cpu% and
# us/query are measured for it). Also reports how long the import took (HTTP) and import -> edge answering.
# Usage: bench/platform-dnsperf.sh   (env: ANCHORS="nsd knot" ROUNDS=3 DURATION=15 EDGE_PORT=5399
#        WORK=/tmp/dnsbench/platform NO_BUILD=1 KEEP=1, and platform-lib.sh's VP_* ports)
set -euo pipefail
# shellcheck source=bench/platform-lib.sh
source "$(dirname "$0")/platform-lib.sh"
anchors=$VP_ROOT/../../shared/bench/dns-anchors.sh
[ -x "$anchors" ] || anchors=/work/shared/bench/dns-anchors.sh
EDGE_PORT=${EDGE_PORT:-5399}
export WORK=${WORK:-/tmp/dnsbench/platform} ANCHORS=${ANCHORS:-nsd knot} ROUNDS=${ROUNDS:-3} DURATION=${DURATION:-15}
zonefile=$WORK/zones/example.test.zone
vp_check_ports "$VP_SILO_PORT" "$VP_GATEWAY_PORT" "$VP_DASH_PORT" "$VP_API_PORT" "$EDGE_PORT"
vp_build
echo "machine: $(vp_machine)"
echo "product: $(git -C "$VP_ROOT" log -1 --format='%h %s' | cut -c1-120)"
vp_start_core
vp_start edge EdgeDns Vantage.EdgeDns.dll --pin "${SERVER_CPU:-1}" Vantage__Edge__Port="$EDGE_PORT" \
  Vantage__Edge__Workers=1 Vantage__Edge__Id=bench-dnsperf Logging__LogLevel__Default=Warning

# import_zone LABEL: uploads the anchors' zone file through the API; prints "http_code seconds".
import_zone() {
  curl -sS -X PUT -o "$VP_LOGS/import-$1.json" -w '%{http_code} %{time_total}\n' -H "X-NSONE-Key: $VANTAGE_API_KEY" \
    -F "zonefile=@$zonefile;type=text/plain" "$VP_API/v1/import/zonefile/example.test"
}
edge_answers() { [ "$(dig +short +tries=1 +time=1 @127.0.0.1 -p "$EDGE_PORT" host0.example.test A)" = 10.0.0.0 ]; }

# dns-anchors.sh regenerates the zone file at its start and then waits (READY_TIMEOUT) until every target answers
# host0.example.test A; this background job imports the file as soon as it appears.
rm -f "$zonefile"
(
  deadline=$((SECONDS + 120))
  until [ -s "$zonefile" ]; do [ $SECONDS -lt $deadline ] || exit 1; sleep 0.1; done
  t0=$(date +%s.%N)
  read -r code secs < <(import_zone cold)
  deadline=$((SECONDS + 300))
  until edge_answers; do [ $SECONDS -lt $deadline ] || break; sleep 0.05; done
  t1=$(date +%s.%N)
  echo "import (cold): HTTP $code in ${secs} s; import start -> edge answers host0: $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}') s;" \
    "$(wc -l < "$zonefile") lines, $(wc -c < "$zonefile") bytes" > "$VP_LOGS/import.txt"
) &
VP_PIDS[importer]=$!
VP_NAMES+=(importer)

"$anchors" ours 127.0.0.1 "$EDGE_PORT" "${VP_PIDS[edge]}" | tee "$VP_LOGS/anchors.out"
echo
cat "$VP_LOGS/import.txt" 2> /dev/null || echo "import: did not finish (see $VP_LOGS)"
echo "import HTTP body: $(head -c 200 "$VP_LOGS/import-cold.json")"
# Where the import's time goes: the API's parser (timed in-process on the same file) and the zone grain's turn
# (Orleans logs turns longer than 1 s).
dotnet "$VP_TOOL" parse --file "$zonefile" --zone example.test --runs 3 | sed 's/^RESULT /zone-file parser: /'
grep -o 'zone/example.test@[^ ]*.*took elapsed time [0-9:.]*' "$VP_LOGS/silo.log" | sed 's/.*took/zone grain turn took/' || true
grep -o 'Message size is too big. MessageSize: [0-9]*' "$VP_LOGS/silo.log" | sort -u | sed 's/^/stream: /' || true
echo "after: $(vp_machine)"
