# shellcheck shell=bash
# Sourced by the platform-*.sh benchmarks: builds Release, starts the platform's processes (silo, API, edges) on
# non-default loopback ports with a throw-away data folder, waits for them, and stops exactly the PIDs it started.
#
# Knobs (env): NO_BUILD=1 (use the last Release build), KEEP=1 (keep the temp folder with logs and data),
#   VP_SILO_PORT=11411 VP_GATEWAY_PORT=30400 VP_DASH_PORT=8481 VP_API_PORT=8480

VP_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VP_SILO_PORT=${VP_SILO_PORT:-11411}
VP_GATEWAY_PORT=${VP_GATEWAY_PORT:-30400}
VP_DASH_PORT=${VP_DASH_PORT:-8481}
VP_API_PORT=${VP_API_PORT:-8480}
VP_API=http://127.0.0.1:$VP_API_PORT
VP_TMP=$(mktemp -d /tmp/vantage-bench.XXXXXX)
VP_LOGS=$VP_TMP/logs
VP_TOOL=$VP_ROOT/bench/Propagation/bin/Release/net10.0/Vantage.Propagation.dll
mkdir -p "$VP_LOGS" "$VP_TMP/data"

export VANTAGE_DATA=$VP_TMP/data
export VANTAGE_API_KEY=bench-$RANDOM$RANDOM$RANDOM
export DOTNET_ENVIRONMENT=Development ASPNETCORE_ENVIRONMENT=Development
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
export Vantage__Cluster__SiloPort=$VP_SILO_PORT Vantage__Cluster__GatewayPort=$VP_GATEWAY_PORT
export Vantage__Dashboard__Port=$VP_DASH_PORT
export Vantage__Api__HttpPort=$VP_API_PORT Vantage__Api__HttpsPort=0
# The NS1-like limits (300 writes / 5 min) would throttle a 1,000-change benchmark.
for m in Get Put Post Delete; do export "Vantage__Api__RateLimits__${m}__Limit=10000000"; done
export Logging__Console__FormatterName=simple Logging__Console__FormatterOptions__SingleLine=true
export "Logging__Console__FormatterOptions__TimestampFormat=HH:mm:ss.fff "

VP_NAMES=()
declare -A VP_PIDS=()

vp_log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

vp_port_busy() { ss -Hltun "sport = :$1" 2>/dev/null | grep -q .; }

vp_check_ports() {
  local p
  for p in "$@"; do
    if vp_port_busy "$p"; then vp_log "port $p is in use; set the VP_*_PORT variables"; exit 1; fi
  done
}

vp_build() {
  if [ "${NO_BUILD:-0}" != 1 ]; then
    vp_log "building Orleans.sln and bench/Propagation (Release)"
    dotnet build "$VP_ROOT/Orleans.sln" -c Release -nologo -v quiet -clp:NoSummary > "$VP_LOGS/build.log" 2>&1 \
      || { grep -E "error" "$VP_LOGS/build.log" | sort -u | head -20 >&2; exit 1; }
    dotnet build "$VP_ROOT/bench/Propagation/Propagation.csproj" -c Release -nologo -v quiet -clp:NoSummary >> "$VP_LOGS/build.log" 2>&1 \
      || { grep -E "error" "$VP_LOGS/build.log" | sort -u | head -20 >&2; exit 1; }
  fi
}

# vp_start NAME PROJECT ASSEMBLY [--pin CPU] [VAR=VALUE ...]: runs the built assembly from its output folder, output
# in $VP_LOGS/NAME.log. The recorded PID is the dotnet process itself (subshell -> exec env -> exec [taskset] dotnet).
vp_start() {
  local name=$1 dir=$VP_ROOT/$2/bin/Release/net10.0 assembly=$3 pin=()
  shift 3
  if [ "${1:-}" = --pin ]; then pin=(taskset -c "$2"); shift 2; fi
  [ -f "$dir/$assembly" ] || { vp_log "$dir/$assembly is missing (build first)"; exit 1; }
  (cd "$dir" && exec env "$@" "${pin[@]}" dotnet "$assembly") > "$VP_LOGS/$name.log" 2>&1 < /dev/null &
  VP_PIDS[$name]=$!
  VP_NAMES+=("$name")
  vp_log "started $name (pid ${VP_PIDS[$name]}${pin:+, pinned to CPU ${pin[2]}})"
}

vp_alive() { kill -0 "${VP_PIDS[$1]}" 2>/dev/null; }

# vp_wait WHAT TIMEOUT_S CMD...: polls CMD every 0.2 s; fails (and stops everything) at the timeout.
vp_wait() {
  local what=$1 deadline=$((SECONDS + $2))
  shift 2
  until "$@" > /dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then vp_log "$what: not ready within the timeout"; exit 1; fi
    sleep 0.2
  done
}

vp_gateway_open() { (exec 3<> "/dev/tcp/127.0.0.1/$VP_GATEWAY_PORT") 2> /dev/null; }
vp_api_ready() { curl -sf -o /dev/null -H "X-NSONE-Key: $VANTAGE_API_KEY" "$VP_API/v1/zones"; }
vp_api() { curl -sS -H "X-NSONE-Key: $VANTAGE_API_KEY" -H 'Content-Type: application/json' "$@"; }

# Silo, then the API (an Orleans client) once the gateway accepts connections.
vp_start_core() {
  vp_start silo Silo Vantage.Silo.dll
  vp_wait "silo gateway :$VP_GATEWAY_PORT" 180 vp_gateway_open
  vp_start api Api Vantage.Api.dll
  vp_wait "API $VP_API" 120 vp_api_ready
  vp_log "silo and API are up (data $VANTAGE_DATA)"
}

vp_stop_all() {
  set +e  # errexit would abort the cleanup at the first non-zero wait status
  local i name pid
  for ((i = ${#VP_NAMES[@]} - 1; i >= 0; i--)); do
    name=${VP_NAMES[$i]}; pid=${VP_PIDS[$name]}
    kill -0 "$pid" 2> /dev/null || continue
    kill -TERM "$pid" 2> /dev/null
    for _ in $(seq 1 75); do kill -0 "$pid" 2> /dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2> /dev/null && { vp_log "$name (pid $pid) did not stop in 15 s; killing it"; kill -KILL "$pid" 2> /dev/null; }
    wait "$pid" 2> /dev/null || true
  done
  VP_NAMES=()
  if [ "${KEEP:-0}" = 1 ]; then vp_log "kept $VP_TMP"; else rm -rf "$VP_TMP"; fi
}

vp_machine() {
  echo "$(date -u '+%F %H:%M UTC'), $(nproc) vCPU $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

trap 'vp_stop_all' EXIT
trap 'exit 130' INT TERM
