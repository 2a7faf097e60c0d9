#!/usr/bin/env bash
# Builds the solution once (Debug) and runs every test in it.
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter "FullyQualifiedName~Vantage.Tests.Silo"]
# Results: TestResults/*.trx (read by .ci/run for the counts); the last line printed is
# "N passed, N failed, N skipped". The exit code is non-zero when the build or any test failed.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RESULTS=${VANTAGE_TEST_RESULTS:-$ROOT/TestResults}
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
cd "$ROOT"

echo "test.sh: building Orleans.sln (Debug)..."
if ! dotnet build Orleans.sln -c Debug -nologo -v quiet -clp:NoSummary; then
  echo "test.sh: build failed" >&2
  exit 2
fi

rm -rf "$RESULTS"
dotnet test Orleans.sln -c Debug --no-build --nologo \
  --results-directory "$RESULTS" \
  --logger "trx" \
  --logger "console;verbosity=normal" \
  "$@"
status=$?

# Sum the counters of every TRX written (one per test project).
passed=0 failed=0 total=0
for trx in "$RESULTS"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  value() { local v; v=$(echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"); echo "${v:-0}"; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  total=$((total + $(value total)))
done
skipped=$((total - passed - failed))
[ $skipped -lt 0 ] && skipped=0
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
