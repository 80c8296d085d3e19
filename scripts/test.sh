#!/usr/bin/env bash
# The test command. Runs every test this machine can build, against a real PostgreSQL that the tests find
# or start themselves (TODO_TEST_POSTGRES, else Docker, else the local PostgreSQL binaries).
# The Aspire AppHost and its whole-app tests need the Aspire.* packages; where the NuGet sources do not
# serve them they are skipped, and the script says so in one line.
set -euo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
trap 'rm -f "$log"' EXIT

aspire=true
if ! dotnet restore Todo.AppHost/Todo.AppHost.csproj >"$log" 2>&1; then
  aspire=false
  # Only a missing Aspire package is a reason to skip; any other restore failure is a real error.
  reason=$(grep -o -m1 -E "(Unable to find package Aspire[^ ]*|SDK 'Aspire[^']+' specified could not be found|NU1101: [^.]*Aspire[^.]*)" "$log" || true)
  if [ -z "$reason" ]; then
    cat "$log"
    echo "Todo.AppHost failed to restore for a reason other than a missing Aspire package (above)." >&2
    exit 1
  fi
  echo "SKIPPED: Todo.AppHost and the Aspire whole-app tests (Todo.Tests/Aspire): the NuGet sources here do not serve the Aspire packages ($reason); every other test runs."
fi

set +e
dotnet test Todo.Tests/Todo.Tests.csproj -p:AspireTests=$aspire "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One plain summary line: "N passed, N failed, N skipped".
summary=$(grep -E "^(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+" "$log" | tail -n 1 || true)
if [ -n "$summary" ]; then
  failed=$(sed -E 's/.*Failed: +([0-9]+),.*/\1/' <<<"$summary")
  passed=$(sed -E 's/.*Passed: +([0-9]+),.*/\1/' <<<"$summary")
  skipped=$(sed -E 's/.*Skipped: +([0-9]+),.*/\1/' <<<"$summary")
  echo "tests: $passed passed, $failed failed, $skipped skipped"
fi
exit "$status"
