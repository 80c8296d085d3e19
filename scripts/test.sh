#!/usr/bin/env bash
# The test command: builds the whole solution (API, AppHost, tests) and runs every test, the Aspire whole-app
# tests included, against a real PostgreSQL that the tests find or start themselves (TODO_TEST_POSTGRES,
# else Docker, else the local PostgreSQL server binaries).
set -euo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
trap 'rm -f "$log"' EXIT

set +e
dotnet test Todo.sln "$@" 2>&1 | tee "$log"
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
