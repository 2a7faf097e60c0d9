#!/usr/bin/env bash
# Server CPU per query of a steered record against a static one, in the same run (issue: traffic steering).
# The bench-only EdgeZoneHost (the edge's DNS server, 1 UDP worker, real GeoLite2/ASN data) serves
# static.example.test (4 answers, no chain) and steered.example.test (the same 4 answers with
# up -> geotarget_country -> weighted_shuffle -> select_first_n{N:1}, ECS on). dnsperf sends every query
# with an EDNS Client Subnet option; rounds alternate static/steered so co-tenant load hits both alike.
# CPU is the edge process's utime+stime (/proc/<pid>/stat) over each dnsperf run, divided by the queries
# it completed. Usage: bench/steering-dnsperf.sh  (env: ROUNDS=3 DURATION=10 PORT=5398 SUBNET_HEX=...
# SERVER_CPU=1 CLIENT_CPU=0 WORK=/tmp/dnsbench/steering)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
ROUNDS=${ROUNDS:-3} DURATION=${DURATION:-10} PORT=${PORT:-5398}
SERVER_CPU=${SERVER_CPU:-1} CLIENT_CPU=${CLIENT_CPU:-0}
WORK=${WORK:-/tmp/dnsbench/steering}
# ECS 8.8.8.0/24 (FAMILY 1, SOURCE 24, SCOPE 0, 3 address octets): a US network in GeoLite2.
SUBNET_HEX=${SUBNET_HEX:-00011800080808}
mkdir -p "$WORK"
command -v dnsperf >/dev/null || { echo "steering-dnsperf: dnsperf is missing (apt-get install dnsperf)" >&2; exit 1; }
"$root/deploy/geo-install.sh" >/dev/null
dotnet build -c Release "$here/EdgeZoneHost/EdgeZoneHost.csproj" -nologo -v q >/dev/null
dll=$here/EdgeZoneHost/bin/Release/net10.0/Vantage.EdgeZoneHost.dll

cat > "$WORK/example.test.zone" <<'ZONE'
$ORIGIN example.test.
$TTL 300
@ IN SOA ns1.example.test. hostmaster.example.test. 1 7200 3600 1209600 300
@ IN NS ns1.example.test.
ns1 IN A 192.0.2.53
ZONE
for name in static steered; do
  : > "$WORK/$name.queries"
  for _ in $(seq 1000); do echo "$name.example.test A" >> "$WORK/$name.queries"; done
done

taskset -c "$SERVER_CPU" dotnet "$dll" --zone-file "$WORK/example.test.zone" --zone example.test --steering 1 \
  --Vantage:Edge:Address=127.0.0.1 --Vantage:Edge:Port="$PORT" --Vantage:Edge:Workers=1 \
  --Vantage:Geo:Folder="$root/.geo/node_modules/@ip-location-db" --Logging:LogLevel:Default=Warning > "$WORK/edge.log" 2>&1 &
edge=$!
trap 'kill $edge 2>/dev/null || true' EXIT
# Ready when the steered name answers one of its three up answers (weighted_shuffle then picks at random
# among them: the chain is the issue's cost benchmark, not a sensible policy).
steered_ok() { dig +short +tries=1 +time=1 @127.0.0.1 -p "$PORT" steered.example.test A +subnet=8.8.8.0/24 | grep -qx '192\.0\.2\.[123]'; }
for _ in $(seq 300); do steered_ok && break; sleep 0.1; done
steered_ok || { echo "steering-dnsperf: the steered record does not answer" >&2; cat "$WORK/edge.log" >&2; exit 1; }

ticks() { awk '{print $14 + $15}' "/proc/$edge/stat"; }
hz=$(getconf CLK_TCK)
echo "machine: $(nproc) CPU $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "product: $(git -C "$root" log -1 --format='%h %s' | cut -c1-100)"
printf '%-8s %5s %9s %7s %10s\n' record round QPS lost% us/query
declare -A sum_us=() count=()
for round in $(seq "$ROUNDS"); do
  for name in static steered; do
    before=$(ticks)
    out=$(taskset -c "$CLIENT_CPU" dnsperf -s 127.0.0.1 -p "$PORT" -d "$WORK/$name.queries" -l "$DURATION" -c 4 -q 100 \
      -E "8:$SUBNET_HEX" 2>&1)
    after=$(ticks)
    done_q=$(echo "$out" | awk '/Queries completed:/ {print $3}')
    lost=$(echo "$out" | awk '/Queries lost:/ {gsub(/[()%]/,"",$4); print $4}')
    qps=$(echo "$out" | awk '/Queries per second:/ {print $4}')
    us=$(awk -v t=$((after - before)) -v hz="$hz" -v q="$done_q" 'BEGIN{printf "%.2f", t / hz * 1e6 / q}')
    printf '%-8s %5s %9.0f %7s %10s\n' "$name" "$round" "$qps" "$lost" "$us"
    sum_us[$name]=$(awk -v a="${sum_us[$name]:-0}" -v b="$us" 'BEGIN{print a + b}')
    count[$name]=$(( ${count[$name]:-0} + 1 ))
  done
done
static=$(awk -v s="${sum_us[static]}" -v n="${count[static]}" 'BEGIN{print s / n}')
steered=$(awk -v s="${sum_us[steered]}" -v n="${count[steered]}" 'BEGIN{print s / n}')
awk -v a="$static" -v b="$steered" 'BEGIN{printf "mean us/query: static %.2f, steered %.2f -> steered/static = %.2fx (target <= 1.30x)\n", a, b, b / a}'
echo "after: load $(cut -d' ' -f1-3 /proc/loadavg)"
