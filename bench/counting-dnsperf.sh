#!/usr/bin/env bash
# Server CPU per query with query counting on against off, in the same run (issue: query statistics).
# Two bench-only EdgeZoneHost processes of the same build (1 UDP worker each, both pinned to SERVER_CPU; only one
# is loaded at a time): one with Vantage:Edge:CountQueries=true (the default), one with false. dnsperf alternates
# between them; CPU = each edge's utime+stime over its dnsperf run / queries completed.
# Usage: bench/counting-dnsperf.sh  (env: ROUNDS=3 DURATION=10 SERVER_CPU=1 CLIENT_CPU=0 WORK=/tmp/dnsbench/counting)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
ROUNDS=${ROUNDS:-3} DURATION=${DURATION:-10} SERVER_CPU=${SERVER_CPU:-1} CLIENT_CPU=${CLIENT_CPU:-0}
WORK=${WORK:-/tmp/dnsbench/counting}
mkdir -p "$WORK"
command -v dnsperf >/dev/null || { echo "counting-dnsperf: dnsperf is missing (apt-get install dnsperf)" >&2; exit 1; }
dotnet build -c Release "$here/EdgeZoneHost/EdgeZoneHost.csproj" -nologo -v q >/dev/null
dll=$here/EdgeZoneHost/bin/Release/net10.0/Vantage.EdgeZoneHost.dll
cat > "$WORK/example.test.zone" <<'ZONE'
$ORIGIN example.test.
$TTL 300
@ IN SOA ns1.example.test. hostmaster.example.test. 1 7200 3600 1209600 300
@ IN NS ns1.example.test.
ns1 IN A 192.0.2.53
www IN A 192.0.2.1
www IN A 192.0.2.2
ZONE
: > "$WORK/queries"
for i in $(seq 1000); do
  if [ $((i % 20)) = 0 ]; then echo "nx$i.example.test A" >> "$WORK/queries"; else echo "www.example.test A" >> "$WORK/queries"; fi
done
declare -A port=([on]=5396 [off]=5397) pid=()
for mode in on off; do
  count=true; [ "$mode" = off ] && count=false
  taskset -c "$SERVER_CPU" dotnet "$dll" --zone-file "$WORK/example.test.zone" --zone example.test \
    --Vantage:Edge:Address=127.0.0.1 --Vantage:Edge:Port="${port[$mode]}" --Vantage:Edge:Workers=1 \
    --Vantage:Edge:CountQueries=$count --Vantage:Edge:MetricsPort=0 --Logging:LogLevel:Default=Warning > "$WORK/edge-$mode.log" 2>&1 &
  pid[$mode]=$!
done
trap 'kill ${pid[on]} ${pid[off]} 2>/dev/null || true' EXIT
for mode in on off; do
  for _ in $(seq 300); do [ "$(dig +short +tries=1 +time=1 @127.0.0.1 -p "${port[$mode]}" www.example.test A | wc -l)" = 2 ] && break; sleep 0.1; done
done
# Warm-up (JIT tiering, caches) for both before anything is measured.
for mode in on off; do taskset -c "$CLIENT_CPU" dnsperf -s 127.0.0.1 -p "${port[$mode]}" -d "$WORK/queries" -l 5 -c 4 -q 100 >/dev/null 2>&1; done
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
echo "machine: $(nproc) CPU $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "product: $(git -C "$root" log -1 --format='%h %s' | cut -c1-100)"
printf '%-9s %5s %9s %7s %10s\n' counting round QPS lost% us/query
declare -A sum=()
for round in $(seq "$ROUNDS"); do
  for mode in on off; do
    before=$(ticks "${pid[$mode]}")
    out=$(taskset -c "$CLIENT_CPU" dnsperf -s 127.0.0.1 -p "${port[$mode]}" -d "$WORK/queries" -l "$DURATION" -c 4 -q 100 2>&1)
    after=$(ticks "${pid[$mode]}")
    done_q=$(echo "$out" | awk '/Queries completed:/ {print $3}')
    lost=$(echo "$out" | awk '/Queries lost:/ {gsub(/[()%]/,"",$4); print $4}')
    qps=$(echo "$out" | awk '/Queries per second:/ {print $4}')
    us=$(awk -v t=$((after - before)) -v hz="$hz" -v q="$done_q" 'BEGIN{printf "%.2f", t / hz * 1e6 / q}')
    printf '%-9s %5s %9.0f %7s %10s\n' "$mode" "$round" "$qps" "$lost" "$us"
    sum[$mode]=$(awk -v a="${sum[$mode]:-0}" -v b="$us" 'BEGIN{print a + b}')
  done
done
awk -v a="${sum[on]}" -v b="${sum[off]}" -v n="$ROUNDS" 'BEGIN{printf "mean us/query: counting on %.2f, off %.2f -> on/off = %.3fx (target <= 1.05x)\n", a / n, b / n, a / b}'
echo "after: load $(cut -d' ' -f1-3 /proc/loadavg)"
