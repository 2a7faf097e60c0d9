#!/usr/bin/env bash
# dnsperf side by side with the anchors (NSD, Knot, ...) using ../shared/bench/dns-anchors.sh:
# builds the bench-only zone-file host in Release, and lets the anchors script start it pinned like the anchors.
# Usage: bench/edge-dnsperf.sh   (env: ANCHORS="nsd knot" ROUNDS=3 DURATION=15 WORKERS=1 WORK=/tmp/dnsbench/edge ...)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
anchors=${ANCHORS_SCRIPT:-$here/../../shared/bench/dns-anchors.sh}
[ -x "$anchors" ] || anchors=/work/shared/bench/dns-anchors.sh
dotnet build -c Release "$here/EdgeZoneHost/EdgeZoneHost.csproj" -nologo -v q
dll=$here/EdgeZoneHost/bin/Release/net10.0/Vantage.EdgeZoneHost.dll
export WORK=${WORK:-/tmp/dnsbench/edge} ANCHORS=${ANCHORS:-nsd knot} ROUNDS=${ROUNDS:-3} DURATION=${DURATION:-15}
export EXTRA_CMD="dotnet $dll --zone-file \$ZONEFILE --zone example.test --Vantage:Edge:Address=\$EXTRA_HOST --Vantage:Edge:Port=\$EXTRA_PORT --Vantage:Edge:Workers=${WORKERS:-1} --Logging:LogLevel:Default=Warning"
exec "$anchors" ours 127.0.0.1 5399
