#!/usr/bin/env bash
# Job capacity of one silo: JOBS tcp jobs (frequency 5 s, one region each) against a loopback listener; after
# WINDOW seconds, the checks each job got (from /v1/monitoring/metrics) against the WINDOW/5 it should have had.
# Knobs: JOBS=1000 WINDOW=30 NO_BUILD=1 plus the platform-lib.sh ports.
set -euo pipefail
source "$(dirname "$0")/platform-lib.sh"
JOBS=${JOBS:-1000}
WINDOW=${WINDOW:-30}
TARGET_PORT=${TARGET_PORT:-8499}
vp_check_ports "$VP_SILO_PORT" "$VP_GATEWAY_PORT" "$VP_DASH_PORT" "$VP_API_PORT" "$TARGET_PORT"
vp_build
echo "machine: $(vp_machine)"
python3 -c "
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1', $TARGET_PORT)); s.listen(4096)
while True:
    c, _ = s.accept(); c.close()
" &
LISTENER=$!
trap 'kill $LISTENER 2>/dev/null || true; vp_stop_all' EXIT
vp_start_core
regions=(lga sjc dal ams lhr sin nrt syd gru)
vp_log "creating $JOBS jobs"
: > "$VP_TMP/jobs"
for i in $(seq 1 "$JOBS"); do
  r=${regions[$((i % 9))]}
  vp_api -X PUT "$VP_API/v1/monitoring/jobs" -d "{\"name\":\"cap$i\",\"job_type\":\"tcp\",\"frequency\":5,\"regions\":[\"$r\"],\"config\":{\"host\":\"127.0.0.1\",\"port\":$TARGET_PORT}}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])' >> "$VP_TMP/jobs"
done
vp_log "created; measuring ${WINDOW}s"
start_counts=$(while read -r id; do vp_api "$VP_API/v1/monitoring/metrics/$id" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["checks"])'; done < "$VP_TMP/jobs")
t0=$(date +%s.%N)
sleep "$WINDOW"
end_counts=$(while read -r id; do vp_api "$VP_API/v1/monitoring/metrics/$id" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["checks"])'; done < "$VP_TMP/jobs")
t1=$(date +%s.%N)
python3 - "$WINDOW" "$t0" "$t1" <<PY
import sys
window, t0, t1 = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
a = [int(x) for x in """$start_counts""".split()]
b = [int(x) for x in """$end_counts""".split()]
d = [y - x for x, y in zip(a, b)]
span = t1 - t0  # the second read itself takes time: checks keep running meanwhile
expected = span / 5
print(f"jobs {len(d)}  span {span:.1f}s  expected/job {expected:.1f}  got min {min(d)} avg {sum(d)/len(d):.2f} max {max(d)}")
print(f"checks/s {sum(d)/span:.0f}  (schedule needs {len(d)/5:.0f}/s)  ratio {sum(d)/len(d)/expected:.2f}")
PY
echo "after: $(vp_machine)"
