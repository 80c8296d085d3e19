#!/usr/bin/env bash
# Sends randomized requests, valid and hostile, to every endpoint and fails when any gets a 5xx or the
# API logs a fail/crit line.
#   scripts/fuzz.sh                      # builds and starts the API on a throwaway PostgreSQL cluster
#   scripts/fuzz.sh http://host:port     # an API already running; its secret in BETTER_AUTH_SECRET,
#                                        # its console log in FUZZ_API_LOG to check that too
#   FUZZ_REQUESTS=2000 FUZZ_SEED=7 FUZZ_SHOW='400 (Kestrel)' scripts/fuzz.sh   # fewer, replayable, shown
# Needs python3 (standard library only); without a URL also the PostgreSQL server binaries. The cluster
# lives in a temporary folder on its own port and socket, never the system's, and is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

url=${1:-}
work=$(mktemp -d -t todo-fuzz-XXXXXX)
pg_stop=()
source scripts/lib/postgres.sh
source scripts/lib/api.sh
cleanup() {
  api_stop
  [ ${#pg_stop[@]} -gt 0 ] && "${pg_stop[@]}" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

if [ -z "$url" ]; then
  bin=$(pg_bin_dir)
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$work"
  pg_port=$(free_port)
  pg_init "$bin" "$work/pg" --no-sync || exit 1
  as_pg "$bin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w -t 60 \
    -o "-p $pg_port -k $work -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
  pg_stop=(as_pg "$bin/pg_ctl" -D "$work/pg" -m immediate stop)
  # Created here: EF Core logs a failed connection (fail) before it creates a missing database itself.
  "$bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres todo

  echo "Building the API…"
  api_publish "$work/api" "$work/build.log" || exit 1

  api_port=$(free_port)
  url="http://127.0.0.1:$api_port"
  BETTER_AUTH_SECRET=$(openssl rand -base64 32)
  export BETTER_AUTH_SECRET
  FUZZ_API_LOG="$work/api.log"
  # Information shows what Kestrel and the exception handler make of each request.
  api_start "$api_dir" "Host=127.0.0.1;Port=$pg_port;Database=todo;Username=postgres" "$api_port" "$FUZZ_API_LOG" \
    Logging__LogLevel__Default=Information Logging__LogLevel__Microsoft.AspNetCore=Information
  api_wait_healthy "$api_port" 60 || exit 1
fi

[ -n "${BETTER_AUTH_SECRET:-}" ] || { echo "Set BETTER_AUTH_SECRET to the API's secret to mint tokens." >&2; exit 2; }
tokens=()
for user in fuzz_alice fuzz_bob fuzz_carol; do tokens+=("$(scripts/token.sh "$user")"); done
expired=$(TTL=-600 scripts/token.sh fuzz_alice)

# Only what the requests cause counts, not what start-up logged.
log_start=$([ -n "${FUZZ_API_LOG:-}" ] && wc -l <"$FUZZ_API_LOG" || echo 0)
status=0
python3 scripts/fuzz.py --url "$url" --requests "${FUZZ_REQUESTS:-10000}" --seed "${FUZZ_SEED:-$RANDOM}" \
  --users fuzz_alice fuzz_bob fuzz_carol --tokens "${tokens[@]}" --expired "$expired" \
  --show "${FUZZ_SHOW:-}" || status=$?

curl -fs "$url/alive" >/dev/null || { echo "The API no longer answers /alive." >&2; status=1; }
if [ -n "${FUZZ_API_LOG:-}" ]; then
  sleep 1
  failures=$(api_fail_lines "$FUZZ_API_LOG" "$log_start")
  echo "fail/crit log lines: $failures"
  if [ "$failures" != 0 ]; then
    api_log_entries "$FUZZ_API_LOG" "$log_start" fail crit | head -n 60 >&2
    status=1
  fi
else
  echo "fail/crit log lines: not checked (set FUZZ_API_LOG to the API's console log)"
fi
exit "$status"
