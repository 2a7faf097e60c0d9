#!/usr/bin/env bash
# Propagation (issue 4 item 7): API write acknowledged -> both edges answer the new data, over CHANGES sequential
# changes. Starts its own platform like ./run.sh (one silo, SQLite store, the API) plus TWO edge processes, all on
# non-default loopback ports with a temp data folder; stops them on exit.
# Usage: bench/platform-propagation.sh   (env: CHANGES=1000 WARMUP=20 RECORDS=10 POLL_MS=1 EDGE1_PORT=8453 EDGE2_PORT=8454
#        NO_BUILD=1 KEEP=1, and platform-lib.sh's VP_* ports)
set -euo pipefail
# shellcheck source=bench/platform-lib.sh
source "$(dirname "$0")/platform-lib.sh"
EDGE1_PORT=${EDGE1_PORT:-8453}
EDGE2_PORT=${EDGE2_PORT:-8454}
vp_check_ports "$VP_SILO_PORT" "$VP_GATEWAY_PORT" "$VP_DASH_PORT" "$VP_API_PORT" "$EDGE1_PORT" "$EDGE2_PORT"
vp_build
echo "machine: $(vp_machine)"
vp_start_core
vp_start edge1 EdgeDns Vantage.EdgeDns.dll Vantage__Edge__Port="$EDGE1_PORT" Vantage__Edge__MetricsPort=0 Vantage__Edge__Id=bench-edge1
vp_start edge2 EdgeDns Vantage.EdgeDns.dll Vantage__Edge__Port="$EDGE2_PORT" Vantage__Edge__MetricsPort=0 Vantage__Edge__Id=bench-edge2

# The tool waits (60 s) for both edges to serve the imported start records before it measures.
timeout 900 dotnet "$VP_TOOL" propagation --api "$VP_API" --key "$VANTAGE_API_KEY" \
  --edges "127.0.0.1:$EDGE1_PORT,127.0.0.1:$EDGE2_PORT" --changes "${CHANGES:-1000}" --warmup "${WARMUP:-20}" \
  --records "${RECORDS:-10}" --poll-ms "${POLL_MS:-1}" --csv "$VP_LOGS/propagation.csv" | tee "$VP_LOGS/propagation.out"
status=${PIPESTATUS[0]}
echo "after: $(vp_machine)"
for e in edge1 edge2; do
  echo "$e log: $(grep -c 'Warn\|warn\|fail' "$VP_LOGS/$e.log" || true) warning/failure lines"
done
exit "$status"
