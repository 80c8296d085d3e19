#!/usr/bin/env bash
# Benchmarks the API against pgbench running the very SQL the API sends, on the same PostgreSQL, in the
# same run: on a noisy or small machine the absolute numbers move, the ratio API/pgbench much less.
#
#   scripts/bench.sh                                   # a throwaway cluster from /usr/lib/postgresql/*/bin
#   TODO_BENCH_POSTGRES='Host=…;Username=…;Password=…' scripts/bench.sh   # a fresh database on that server
#
# Needs the .NET 10 SDK and (without TODO_BENCH_POSTGRES) the PostgreSQL server binaries; installs wrk and
# pgbench with apt-get when they are missing, and dotnet-counters into artifacts/bench/tools.
# Settings: TODO_BENCH_DURATION (s per measurement, 15), TODO_BENCH_WARMUP (s per scenario, 5),
# TODO_BENCH_DELETE_RATE (deletes/s the delete pools are sized for, 30000: pgbench deletes
# about 20,000 rows/s on a 2-core machine; a run that runs out says so), TODO_BENCH_SCENARIOS (a
# space-separated subset of the scenarios below, to iterate faster; default all), TODO_BENCH_API_ENV
# (space-separated NAME=VALUE pairs added to the API's environment, e.g. DOTNET_TieredPGO=0),
# TODO_BENCH_TRACE=1 (also records a dotnet-trace of the API during each scenario's wrk run, into
# last-run/trace-<scenario>.nettrace, with its top frames; the tracing costs throughput, so compare runs alike),
# TODO_BENCH_STARTS (starts of the measured process, median reported; 1).
# Logs, the captured SQL and the table land in artifacts/bench/last-run/.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
bench_dir=$repo/scripts/bench

duration=${TODO_BENCH_DURATION:-15}
warmup=${TODO_BENCH_WARMUP:-5}
delete_rate=${TODO_BENCH_DELETE_RATE:-30000}
threads=2
connections=16

# The data: background users own most rows (so the index is not just the benchmark users'); the last
# bench_users users hold the tokens. Every user owns tasks_per_user tasks, so a list returns that many.
background_users=1000
bench_users=100
tasks_per_user=20
first_bench_user=$((background_users + 1))
first_bench_task=$((background_users * tasks_per_user))   # user k's tasks: first_bench_task + k*20 + 1..20
post_title="Benchmark task"
post_description="created by scripts/bench.sh"
all_scenarios=(get_one get_list post_create patch_complete delete)
read -ra scenarios <<<"${TODO_BENCH_SCENARIOS:-${all_scenarios[*]}}"

artifacts=$repo/artifacts/bench
out=$artifacts/last-run
work=""          # temporary: the cluster, tokens, per-run files
counters_pid=""
pg_bin=""
pg_data=""
external_db=""   # the database created on TODO_BENCH_POSTGRES, dropped at the end

log() { printf '[bench %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------- tools

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  log "installing $* with apt-get"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

find_pg_bin() {
  pg_bin=$(pg_bin_dir)
}

# wrk from Debian; pgbench ships with the server package (postgresql-15 on Debian 12, which
# postgresql-contrib depends on), so with the server binaries present it is already there.
ensure_tools() {
  command -v wrk >/dev/null || apt_install wrk
  find_pg_bin
  if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/pgbench" ]; then
    command -v pgbench >/dev/null || apt_install postgresql-contrib
    find_pg_bin
  fi
  pgbench=$pg_bin/pgbench
  [ -x "$pgbench" ] || pgbench=$(command -v pgbench) || die "pgbench not found"
  psql=$pg_bin/psql
  [ -x "$psql" ] || psql=$(command -v psql) || die "psql not found"
  command -v curl >/dev/null || apt_install curl

  # dotnet-counters reads the runtime's allocation counter over the diagnostics socket: nothing is added
  # to the app. A tool path of our own leaves the user's global tools alone.
  counters=$artifacts/tools/dotnet-counters
  if [ ! -x "$counters" ]; then
    log "installing dotnet-counters into $artifacts/tools"
    dotnet tool install dotnet-counters --tool-path "$artifacts/tools" --version '10.*' >/dev/null
  fi
  trace_tool=$artifacts/tools/dotnet-trace
  if [ -n "${TODO_BENCH_TRACE:-}" ] && [ ! -x "$trace_tool" ]; then
    log "installing dotnet-trace into $artifacts/tools"
    dotnet tool install dotnet-trace --tool-path "$artifacts/tools" --version '10.*' >/dev/null
  fi
}

source scripts/lib/postgres.sh
source scripts/lib/api.sh

# ------------------------------------------------------------------------------------------- database

# A cluster of our own on a free port, never the system's. fsync, synchronous_commit and
# full_page_writes are OFF: the disk of a shared machine would otherwise dominate the writes, and
# the API and pgbench share this server, so the ratio is unaffected by the choice.
start_cluster() {
  local port
  port=$(free_port)
  pg_data=$work/pgdata
  pg_init "$pg_bin" "$pg_data" || die "or set TODO_BENCH_POSTGRES"
  as_pg "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w -o "-p $port \
    -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200 \
    -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=128MB" start >/dev/null
  export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres PGDATABASE=postgres
  "$psql" -qX -c "CREATE DATABASE todo" >/dev/null
  export PGDATABASE=todo
  api_connection="Host=127.0.0.1;Port=$port;Database=todo;Username=postgres"
  db_note="throwaway cluster ($(basename "$(dirname "$pg_bin")")), fsync=off, synchronous_commit=off"
  log "PostgreSQL on 127.0.0.1:$port ($db_note)"
}

# TODO_BENCH_POSTGRES is an Npgsql key=value string (as TODO_TEST_POSTGRES); psql and pgbench get the
# same server through libpq's PG* variables. A fresh database is made on it and dropped at the end.
use_external_server() {
  local part key value
  IFS=';' read -ra parts <<<"$TODO_BENCH_POSTGRES"
  for part in "${parts[@]}"; do
    [ -n "$part" ] || continue
    key=$(echo "${part%%=*}" | tr -d ' ' | tr '[:upper:]' '[:lower:]')
    value=${part#*=}
    case $key in
      host|server) export PGHOST=$value ;;
      port) export PGPORT=$value ;;
      username|userid|user) export PGUSER=$value ;;
      password) export PGPASSWORD=$value ;;
      sslmode) value=$(echo "$value" | tr '[:upper:]' '[:lower:]'); export PGSSLMODE=${value/verifyfull/verify-full} ;;
    esac
  done
  [ "${PGSSLMODE:-}" = verifyca ] && export PGSSLMODE=verify-ca
  export PGDATABASE=postgres
  external_db=todo_bench_$(date +%s)_$$
  "$psql" -qX -c "CREATE DATABASE $external_db" >/dev/null
  export PGDATABASE=$external_db
  api_connection="$TODO_BENCH_POSTGRES;Database=$external_db"
  db_note="TODO_BENCH_POSTGRES ($PGHOST), database $external_db"
  log "using $db_note"
}

sql() { "$psql" -qX -v ON_ERROR_STOP=1 "$@"; }

seed() {
  log "seeding $((background_users * tasks_per_user)) tasks of $background_users users and $tasks_per_user for each of $bench_users benchmark users"
  sql -v background_users=$background_users -v bench_users=$bench_users -v tasks_per_user=$tasks_per_user \
    -f "$bench_dir/seed.sql" >/dev/null
}

# Rows that DELETE may delete: count rows from id base, row j owned by benchmark user j % bench_users.
# Ids far above the identity sequence, so they never meet the tasks POST creates.
seed_delete_pool() {
  local base=$1 count=$2
  sql -c "INSERT INTO tasks (id, user_id, title, description, completed, created_at, updated_at)
          OVERRIDING SYSTEM VALUE
          SELECT $base + j, ($first_bench_user + j % $bench_users)::text, 'To delete', NULL, false, now(), now()
          FROM generate_series(0, $count - 1) AS j" >/dev/null
}

# -------------------------------------------------------------------------------------------- the API

publish() {
  log "dotnet publish Todo.Api -c Release"
  api_publish "$artifacts/publish" "$out/publish.log" || die "publish failed"
}

# Starts the published dll in Production and waits for /health; sets api_pid and started_ms (process
# start to the first healthy answer). Extra NAME=VALUE arguments go to its environment.
start_api() {
  local logfile=$1; shift
  local t0 t1
  t0=$(date +%s%N)
  # shellcheck disable=SC2086 # TODO_BENCH_API_ENV is a list of NAME=VALUE words
  BETTER_AUTH_SECRET=$secret api_start "$api_dir" "$api_connection" "$api_port" "$logfile" ${TODO_BENCH_API_ENV:-} "$@"
  api_wait_healthy "$api_port" 60 || die "the API did not become healthy"
  t1=$(date +%s%N)
  started_ms=$(( (t1 - t0) / 1000000 ))
  local memory
  memory=$(awk '/^(VmHWM|RssAnon|RssFile):/ { printf "%s %d MB ", $1, $2 / 1024 }' "/proc/$api_pid/status")
  log "healthy: $memory"
}

mint_tokens() {
  local k
  : >"$work/tokens"
  for ((k = 0; k < bench_users; k++)); do
    BETTER_AUTH_SECRET=$secret TTL=7200 "$repo/scripts/token.sh" "$((first_bench_user + k))" >>"$work/tokens"
  done
}

# ----------------------------------------------------------------------------------- SQL (once a run)

# One request of each scenario against an API logging EF Core's commands, so the SQL it sends is on
# record (last-run/sql/) and compared with the pgbench scripts: a change in the API's SQL is reported
# instead of silently benchmarking pgbench on yesterday's statements.
capture_sql() {
  local logfile=$1 token id created lines scenario
  token=$(head -n 1 "$work/tokens")
  id=$((first_bench_task + 1))
  mkdir -p "$out/sql"
  for scenario in "${all_scenarios[@]}"; do
    lines=$(wc -l <"$logfile")
    case $scenario in
      get_one) api_call GET "/api/tasks/$id" >/dev/null ;;
      get_list) api_call GET /api/tasks >/dev/null ;;
      post_create)
        created=$(api_call POST /api/tasks "{\"title\":\"$post_title\",\"description\":\"$post_description\"}" | sed -n 's/^{"id":\([0-9]*\).*/\1/p') ;;
      patch_complete) api_call PATCH "/api/tasks/$id/complete" >/dev/null ;;
      delete) api_call DELETE "/api/tasks/$created" >/dev/null ;;
    esac
    sleep 0.5   # the console logger writes on its own thread
    tail -n +"$((lines + 1))" "$logfile" | statements >"$out/sql/$scenario.sql"
    statements_of_pgbench "$bench_dir/pgbench/$scenario.sql" >"$work/expected.sql"
    if [ ! -s "$out/sql/$scenario.sql" ]; then
      log "WARNING: no SQL captured for $scenario (see $logfile)"
      sql_drift="$sql_drift $scenario"
    elif ! diff <(normalize <"$out/sql/$scenario.sql") <(normalize <"$work/expected.sql") >"$out/sql/$scenario.diff"; then
      log "WARNING: the API's SQL for $scenario differs from scripts/bench/pgbench/$scenario.sql (see $out/sql/$scenario.diff)"
      sql_drift="$sql_drift $scenario"
    fi
  done
  # Put the seeded task back as it was (the toggle completed it).
  api_call PATCH "/api/tasks/$id/complete" >/dev/null
}

api_call() {
  local method=$1 path=$2 body=${3:-}
  local args=(-s -X "$method" -H "Authorization: Bearer $token")
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' -d "$body")
  curl "${args[@]}" "http://127.0.0.1:$api_port$path"
}

# The SQL of "Executed DbCommand" entries of an EF Core console log, one statement a paragraph.
statements() {
  awk '/Executed DbCommand/ { inside = 1; next }
       /^[a-z]+: / { if (inside) print ""; inside = 0; next }
       inside { sub(/^      /, ""); print }
       END { if (inside) print "" }'
}

# The SQL of a pgbench script: everything but comments and backslash commands.
statements_of_pgbench() { grep -v -e '^--' -e '^\\' -e '^$' "$1" | sed 's/;$/\n/'; }

# Parameters (@p, :var; not a ::cast) and the literal NULL pgbench uses for the API's null parameter become "?";
# whitespace and trailing semicolons are ignored.
normalize() {
  awk 'BEGIN { RS = "" } { gsub(/[ \t\n]+/, " "); gsub(/;? *$/, ""); print }' |
    sed -E 's/@[A-Za-z_][A-Za-z0-9_]*/?/g; s/(^|[^:]):[A-Za-z_][A-Za-z0-9_]*/\1?/g; s/\<NULL\>/?/g'
}

# --------------------------------------------------------------------------------------- measurement

cpu_ticks() { sed 's/^.*) //' "/proc/$api_pid/stat" | awk '{ print $12 + $13 }'; }   # utime + stime

# wrk with the scenario's Lua; prints the BENCH line of scripts/bench/wrk.lua.
run_wrk() {
  local scenario=$1 seconds=$2 delete_base=$3 logfile=$4
  BENCH_SCENARIO=$scenario BENCH_TOKENS=$work/tokens BENCH_FIRST_TASK=$first_bench_task \
    BENCH_TASKS_PER_USER=$tasks_per_user BENCH_DELETE_BASE=$delete_base BENCH_THREADS=$threads \
    BENCH_TITLE=$post_title BENCH_DESCRIPTION=$post_description \
    wrk -t"$threads" -c"$connections" -d"${seconds}s" -s "$bench_dir/wrk.lua" "http://127.0.0.1:$api_port" >"$logfile" 2>&1 \
    || { cat "$logfile" >&2; die "wrk failed"; }
  grep '^BENCH ' "$logfile" || die "wrk printed no result (see $logfile)"
}

field() { sed -n "s/.*\<$1=\([0-9.]*\).*/\1/p" <<<"$2"; }

run_pgbench() {
  local scenario=$1 delete_base=$2
  "$pgbench" -n -M extended -c "$connections" -j "$threads" -T "$duration" -f "$bench_dir/pgbench/$scenario.sql" \
    -D users=$bench_users -D first_user=$first_bench_user -D first_task=$first_bench_task \
    -D tasks_per_user=$tasks_per_user -D clients=$connections -D delete_base="$delete_base" -D i=0 \
    -D now=2026-01-01T00:00:00.000000Z -D title="$post_title" -D description="$post_description" \
    >"$out/pgbench-$scenario.log" 2>&1 || { cat "$out/pgbench-$scenario.log" >&2; die "pgbench failed"; }
  sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$out/pgbench-$scenario.log"
}

# Warm-up, then wrk (with CPU ticks and dotnet-counters around it), then pgbench on the same SQL.
# One row of the table.
measure() {
  local scenario=$1 wrk_warm_base=0 wrk_base=0 pg_base=0 pool wrk_line t0 t1 tps alloc requests
  if [ "$scenario" = delete ]; then
    # Three disjoint pools, each big enough for delete_rate deletes a second.
    pool=$((delete_rate * duration))
    wrk_warm_base=10000000 wrk_base=20000000 pg_base=30000000
    log "delete: seeding pools of $pool rows"
    seed_delete_pool $wrk_warm_base $((delete_rate * warmup))
    seed_delete_pool $wrk_base "$pool"
    seed_delete_pool $pg_base "$pool"
    sql -c "VACUUM ANALYZE tasks" >/dev/null
  fi

  log "$scenario: warm-up ${warmup}s"
  run_wrk "$scenario" "$warmup" $wrk_warm_base "$out/wrk-$scenario-warmup.log" >/dev/null
  sleep 1

  # The allocation counter is a rate per 1 s interval: summed over a window that starts and ends idle,
  # it is the bytes the scenario allocated.
  "$counters" collect -p "$api_pid" --counters 'System.Runtime[dotnet.gc.heap.total_allocated]' \
    --format csv -o "$work/counters-$scenario.csv" --refresh-interval 1 \
    --duration "$(printf '00:%02d:%02d' $(((duration + 4) / 60)) $(((duration + 4) % 60)))" \
    </dev/null >"$out/counters-$scenario.log" 2>&1 &
  counters_pid=$!
  local trace_pid=""
  if [ -n "${TODO_BENCH_TRACE:-}" ]; then
    "$trace_tool" collect -p "$api_pid" --profile dotnet-sampled-thread-time,gc-verbose -o "$out/trace-$scenario.nettrace" \
      --duration "$(printf '00:00:%02d:%02d' $(((duration + 2) / 60)) $(((duration + 2) % 60)))" \
      </dev/null >"$out/trace-$scenario.log" 2>&1 &
    trace_pid=$!
  fi
  sleep 2

  log "$scenario: wrk ${duration}s"
  t0=$(cpu_ticks)
  wrk_line=$(run_wrk "$scenario" "$duration" $wrk_base "$out/wrk-$scenario.log")
  t1=$(cpu_ticks)
  wait "$counters_pid" || log "WARNING: dotnet-counters failed (see $out/counters-$scenario.log)"
  counters_pid=""
  if [ -n "$trace_pid" ]; then
    wait "$trace_pid" || log "WARNING: dotnet-trace failed (see $out/trace-$scenario.log)"
    "$trace_tool" report "$out/trace-$scenario.nettrace" topN -n 40 >"$out/trace-$scenario-top.txt" 2>&1 || true
  fi
  alloc=$(awk -F, '$3 ~ /total_allocated/ { s += $5; n++ } END { if (n) printf "%.0f", s }' "$work/counters-$scenario.csv" 2>/dev/null || true)

  log "$scenario: pgbench ${duration}s"
  tps=$(run_pgbench "$scenario" $pg_base)

  if [ "$scenario" = delete ]; then
    local left
    left=$(sql -Atc "SELECT count(*) FROM tasks WHERE id >= $pg_base")
    [ "$left" -gt 0 ] || log "WARNING: pgbench ran out of rows to delete: raise TODO_BENCH_DELETE_RATE"
  fi

  requests=$(field requests "$wrk_line")
  awk -v name="$scenario" -v req="$requests" -v us="$(field duration_us "$wrk_line")" \
      -v p50="$(field p50_us "$wrk_line")" -v p99="$(field p99_us "$wrk_line")" \
      -v non2xx="$(field non2xx "$wrk_line")" -v sockerr="$(field socket_errors "$wrk_line")" \
      -v tps="$tps" -v ticks=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" -v alloc="$alloc" '
    BEGIN {
      rps = req / (us / 1e6)
      printf "| %s | %.0f | %.2f | %.2f | %.0f | %.2fx | %.0f | %s | %d |\n", name, rps, p50 / 1000, p99 / 1000,
        tps, rps / tps, ticks / hz * 1e6 / req, alloc == "" ? "n/a" : sprintf("%.1f", alloc / req / 1024), non2xx + sockerr
    }' >>"$work/rows.md"
  [ "$(field non2xx "$wrk_line")" = 0 ] || log "WARNING: $scenario: $(field non2xx "$wrk_line") responses were not 2xx"
}

# ------------------------------------------------------------------------------------------- cleanup

cleanup() {
  local status=$?
  [ -n "$counters_pid" ] && kill "$counters_pid" 2>/dev/null
  api_stop
  if [ -n "$pg_data" ] && [ -f "$pg_data/postmaster.pid" ]; then
    cp "$pg_data/server.log" "$out/postgres.log" 2>/dev/null || true
    as_pg "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [ -n "$external_db" ]; then
    PGDATABASE=postgres "$psql" -qX -c "DROP DATABASE IF EXISTS $external_db WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  [ -n "$work" ] && rm -rf "$work"
  exit $status
}

# ---------------------------------------------------------------------------------------------- main

main() {
  local run_start cold_ms warm_ms
  run_start=$(date +%s)
  mkdir -p "$artifacts"
  rm -rf "$out" && mkdir -p "$out"
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  work=$(mktemp -d /tmp/todo-bench.XXXXXX)
  chmod 755 "$work"   # the postgres user must reach its data directory inside

  ensure_tools
  publish
  if [ -n "${TODO_BENCH_POSTGRES:-}" ]; then use_external_server; else start_cluster; fi
  secret=$(openssl rand -base64 32)
  api_port=$(free_port)
  sql_drift=""

  # First start: applies the migrations; EF Core logs every command so the SQL can be checked.
  start_api "$out/api-first-start.log" 'Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command=Information'
  cold_ms=$started_ms
  log "first start (migrations applied): healthy after $cold_ms ms"
  seed
  mint_tokens
  capture_sql "$out/api-first-start.log"
  api_stop

  # Second start, schema already current: the start-up time that counts, and the process measured.
  # TODO_BENCH_STARTS=n starts it n times and reports the median, as one start on a busy machine says little.
  local starts=() n
  for ((n = 1; n < ${TODO_BENCH_STARTS:-1}; n++)); do
    start_api "$out/api.log"
    starts+=("$started_ms")
    api_stop
  done
  start_api "$out/api.log"
  starts+=("$started_ms")
  warm_ms=$(printf '%s\n' "${starts[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  [ "${#starts[@]}" -eq 1 ] || warm_ms="$warm_ms (median of ${starts[*]})"
  log "second start: healthy after $warm_ms ms (pid $api_pid)"

  : >"$work/rows.md"
  local scenario
  for scenario in "${scenarios[@]}"; do measure "$scenario"; done

  local rss_kb rss_now first warm_rps
  rss_kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$api_pid/status")
  rss_now=$(awk '/^(RssAnon|RssFile):/ { printf "%s%s %d MB", sep, $1, $2 / 1024; sep = ", " }' "/proc/$api_pid/status")
  first=${scenarios[0]}
  warm_rps=$(awk '/^BENCH / { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } printf "%.0f", v["requests"] / (v["duration_us"] / 1e6) }' \
    "$out/wrk-$first-warmup.log")
  {
    echo "| scenario | req/s | p50 ms | p99 ms | pgbench tps | ratio | CPU µs/req | alloc KB/req | errors |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    cat "$work/rows.md"
    echo
    echo "- peak RSS of the API (VmHWM): $((rss_kb / 1024)) MB; at the end $rss_now"
    echo "- $first in the first ${warmup} s after start (its warm-up): $warm_rps req/s"
    echo "- start to healthy /health: ${warm_ms} ms (second start, migrations already applied); first start with migrations: ${cold_ms} ms"
    echo "- wrk -t$threads -c$connections, pgbench -c$connections -j$threads -M extended, ${duration} s each after ${warmup} s of warm-up; $bench_users users' tokens"
    echo "- PostgreSQL: $db_note"
    [ -z "$sql_drift" ] || echo "- WARNING: the API's SQL differs from the pgbench scripts for:$sql_drift (see artifacts/bench/last-run/sql/)"
    echo "- whole run: $(( $(date +%s) - run_start )) s"
  } | tee "$out/results.md"
}

main "$@"
