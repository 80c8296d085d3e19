#!/usr/bin/env bash
# Crashes and pauses PostgreSQL under a steady load of creates and reports what the API did (issue 10):
# acknowledged writes lost, duplicates with Idempotency-Key, time to the first 503, the slowest answer and the
# time to recover. Uses a throwaway cluster from /usr/lib/postgresql/*/bin on a free port (never the system's)
# and the API published in Release, run with Production settings. Removes everything when it ends.
#
#   scripts/faults.sh            # settings: TODO_FAULTS_WRITERS (threads per kind, 4), TODO_FAULTS_PAUSE (s, 10)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

writers=${TODO_FAULTS_WRITERS:-4}
pause_seconds=${TODO_FAULTS_PAUSE:-10}

work=$(mktemp -d /tmp/todo-faults.XXXXXX)
source scripts/lib/postgres.sh
source scripts/lib/api.sh
pg_bin=$(pg_bin_dir)
pg_data=$work/data

log() { printf '[faults %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

pg_ctl() { as_pg "$pg_bin/pg_ctl" -D "$pg_data" "$@"; }

cleanup() {
  set +e
  api_stop
  if [ -f "$pg_data/postmaster.pid" ]; then
    pm=$(head -n 1 "$pg_data/postmaster.pid")
    kill -CONT "$pm" $(pgrep -P "$pm") 2>/dev/null   # never leave a paused server behind
    pg_ctl -m immediate stop >/dev/null 2>&1
  fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# ------------------------------------------------------------------------------------------ database
pg_port=$(free_port)
[ "$(id -u)" = 0 ] && chown postgres:postgres "$work"
pg_init "$pg_bin" "$pg_data" || exit 1
pg_opts="-p $pg_port -k $work -c listen_addresses=127.0.0.1 -c max_connections=200"
pg_ctl -l "$work/server.log" -w -o "$pg_opts" start >/dev/null
log "PostgreSQL $(basename "$(dirname "$pg_bin")") on port $pg_port"

# ------------------------------------------------------------------------------------------ API
log "publishing Todo.Api (Release)"
api_publish "$work/api" || exit 1
api_port=$(free_port)
export BETTER_AUTH_SECRET
BETTER_AUTH_SECRET=$(openssl rand -base64 48)
api_start "$api_dir" "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres" "$api_port" "$work/api.log"
api_wait_healthy "$api_port" 60 || die "the API did not start"
log "API on port $api_port"

# ------------------------------------------------------------------------------------------ load and faults
export TODO_API="http://127.0.0.1:$api_port" TODO_WRITERS=$writers TODO_PAUSE=$pause_seconds
export TODO_TOKEN_KEYED TODO_TOKEN_PLAIN TODO_PG_DATA=$pg_data TODO_PG_BIN=$pg_bin TODO_PG_OPTS=$pg_opts
export TODO_PG_LOG=$work/server.log TODO_PSQL="$pg_bin/psql -h 127.0.0.1 -p $pg_port -U postgres -d postgres -Atq"
TODO_TOKEN_KEYED=$(scripts/token.sh faults_keyed)
TODO_TOKEN_PLAIN=$(scripts/token.sh faults_plain)
[ "$(id -u)" = 0 ] && export TODO_AS_PG="runuser -u postgres --"

python3 "$repo/scripts/faults/load.py"

fails=$(api_fail_lines "$work/api.log")
log "the API logged $fails 'fail'/'crit' lines"
[ "$fails" = 0 ] || { api_log_entries "$work/api.log" 0 fail crit | head -n 40 >&2; exit 1; }
