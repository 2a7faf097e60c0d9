#!/usr/bin/env bash
# Partition convergence (issue 4 item 7): an edge that reaches the silo gateway only through the tool's TCP proxy is
# cut off for CUT seconds while CHANGES changes are written through the API, then healed; the tool reports the time
# from the heal until the edge answers the last change, a sample of the others, and all of them.
# Starts its own platform (one silo, SQLite store, the API, one edge with Vantage__Cluster__GatewayPort = the proxy)
# on non-default loopback ports with a temp data folder; stops everything on exit.
# Usage: bench/platform-partition.sh   (env: CHANGES=1000 CUT=30 WRITERS=4 SAMPLE=100 EDGE_PORT=8455
#        PROXY_PORT=30499 NO_BUILD=1 KEEP=1, and platform-lib.sh's VP_* ports)
set -euo pipefail
# shellcheck source=bench/platform-lib.sh
source "$(dirname "$0")/platform-lib.sh"
EDGE_PORT=${EDGE_PORT:-8455}
PROXY_PORT=${PROXY_PORT:-30499}
vp_check_ports "$VP_SILO_PORT" "$VP_GATEWAY_PORT" "$VP_DASH_PORT" "$VP_API_PORT" "$EDGE_PORT" "$PROXY_PORT"
vp_build
echo "machine: $(vp_machine)"
echo "product: $(git -C "$VP_ROOT" log -1 --format='%h %s' | cut -c1-120)"

# Orleans clients address the gateway by the address they dialled, so the silo must advertise the PROXY's port as its
# gateway (Vantage:Cluster:GatewayPort) while it listens on VP_GATEWAY_PORT (Orleans:Endpoints:GatewayListeningEndpoint).
# The API and the edge both go through the proxy; the tool cuts only the edge's connections (it finds them through
# /proc by the edge's PID), so the API keeps writing during the partition.
vp_start silo Silo Vantage.Silo.dll Vantage__Cluster__GatewayPort="$PROXY_PORT" \
  Orleans__Endpoints__AdvertisedIPAddress=127.0.0.1 Orleans__Endpoints__SiloPort="$VP_SILO_PORT" \
  Orleans__Endpoints__GatewayPort="$PROXY_PORT" Orleans__Endpoints__GatewayListeningEndpoint="127.0.0.1:$VP_GATEWAY_PORT"
vp_wait "silo gateway :$VP_GATEWAY_PORT" 180 vp_gateway_open

out=$VP_LOGS/partition.out
pidfile=$VP_TMP/edge.pid
(exec timeout 600 dotnet "$VP_TOOL" partition --api "$VP_API" --key "$VANTAGE_API_KEY" --edge "127.0.0.1:$EDGE_PORT" \
  --listen "127.0.0.1:$PROXY_PORT" --gateway "127.0.0.1:$VP_GATEWAY_PORT" --edge-pid-file "$pidfile" \
  --changes "${CHANGES:-1000}" --cut "${CUT:-30}" --writers "${WRITERS:-4}" --sample "${SAMPLE:-100}") > "$out" 2>&1 &
VP_PIDS[tool]=$!
VP_NAMES+=(tool)
vp_wait "proxy on :$PROXY_PORT" 60 grep -q "proxy listening" "$out"
vp_start api Api Vantage.Api.dll Vantage__Cluster__GatewayPort="$PROXY_PORT"
vp_start edge EdgeDns Vantage.EdgeDns.dll Vantage__Edge__Port="$EDGE_PORT" Vantage__Edge__Id=bench-partitioned \
  Vantage__Cluster__GatewayPort="$PROXY_PORT"
echo "${VP_PIDS[edge]}" > "$pidfile"
tail -f "$out" --pid "${VP_PIDS[tool]}" &
tailer=$!
status=0
wait "${VP_PIDS[tool]}" || status=$?
wait "$tailer" 2> /dev/null || true
echo "after: $(vp_machine)"
echo "edge log (sync, connection and warning lines, from the cut on):"
cut_at=$(grep -o 'cut at [0-9:.]*' "$out" | awk '{print $3}' || true)
awk -v from="${cut_at:-00}" '$1 >= from' "$VP_LOGS/edge.log" \
  | grep -Ei 'vantage|connect|gateway|warn|fail|subscri|reconcil' | cut -c1-220 | head -40 || true
exit "$status"
