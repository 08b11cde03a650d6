#!/usr/bin/env bash
# Runs the whole test suite: installs the peers it needs, builds, starts shared servers, runs every test
# project, stops the servers, and ends with one line "N passed, N failed" over all runs.
# Arguments: test project files to run instead of all; TEST_FILTER=<dotnet test --filter expression> narrows them.
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)

scripts/install-test-deps.sh || { echo "installing test dependencies failed"; echo "0 passed, 1 failed"; exit 1; }

# Central transitive pinning lets an old pin silently win over what a dependency asks for; a restore without it
# shows such downgrades as NU1605. The build below restores again with the pinning on.
echo "checking for package downgrades (NU1605)"
downgrades=$(dotnet restore Transporter.sln -nologo -p:CentralPackageTransitivePinningEnabled=false -p:TreatWarningsAsErrors=false 2>&1 \
  | grep -oE "NU1605: .*" | sed 's/ \[.*//' | sort -u)
if [ -n "$downgrades" ]; then
  echo "$downgrades"; echo "package downgrade (NU1605)"; echo "0 passed, 1 failed"; exit 1
fi

echo "building (Release)"
if ! dotnet build Transporter.sln -c Release -nologo -v quiet; then
  echo "build failed"; echo "0 passed, 1 failed"; exit 1
fi

source scripts/test-services.sh
start_test_services
trap stop_test_services EXIT

results="$root/TestResults"
rm -rf "$results"; mkdir -p "$results"
projects=(tests/*.Tests/*.Tests.csproj)
if [ $# -gt 0 ]; then projects=("$@"); fi

# run_tests <project> <results name> [filter]: one dotnet test run, its failed and skipped tests with the first lines of
# each failure message (CI shows only this output), and its wall time.
run_tests() {
  local filter=${3:-}
  if [ -n "${TEST_FILTER:-}" ]; then filter="${filter:+($filter)&}(${TEST_FILTER})"; fi
  local started=$SECONDS
  echo "== $2"
  dotnet test "$1" -c Release --no-build -nologo ${filter:+--filter "$filter"} \
    --logger "trx;LogFileName=$2.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" --blame-hang-timeout 15m 2>&1 | awk '
      /^[[:space:]]+Passed / { next }
      /^[[:space:]]+Error Message:/ { message = 8; print; next }
      /^[[:space:]]+Stack Trace:/ { message = 0 }
      message > 0 { message--; print; next }
      /^[[:space:]]+(Failed|Skipped) |error|Total tests|Passed!|Failed!/ { print }' || true
  echo "   $2 took $((SECONDS - started)) s"
}

# The schedule scenarios wait for real minute boundaries (about 9 minutes, next to no CPU): they run in a test process
# of their own beside the other projects instead of after them. Their output is printed at the end.
schedules=tests/Transporter.EndToEnd.Tests/Transporter.EndToEnd.Tests.csproj
schedule_tests="FullyQualifiedName~.Scheduling."
runs=${#projects[@]}
beside_pid=""
if printf '%s\n' "${projects[@]}" | grep -qxF "$schedules"; then
  run_tests "$schedules" Transporter.EndToEnd.Schedules "$schedule_tests" >"$results/schedules.out" &
  beside_pid=$!
  runs=$((runs + 1))
fi
for project in "${projects[@]}"; do
  name=$(basename "$project" .csproj)
  if [ "$project" = "$schedules" ] && [ -n "$beside_pid" ]; then
    run_tests "$project" "$name" "FullyQualifiedName!~.Scheduling."
  else
    run_tests "$project" "$name"
  fi
done
if [ -n "$beside_pid" ]; then
  wait "$beside_pid"
  cat "$results/schedules.out"
fi

passed=0; failed=0; found=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  found=$((found + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters"); t=$(sed -n 's/.* timeout="\([0-9]*\)".*/\1/p' <<<"$counters")
  a=$(sed -n 's/.* aborted="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
done
# A project that produced no results (crash, hang) counts as a failure.
missing=$(( runs - found ))
[ $missing -gt 0 ] && failed=$((failed + missing))
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
