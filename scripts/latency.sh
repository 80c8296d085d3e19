#!/usr/bin/env bash
# What the distance to the database costs: the API published in Release, run with Production settings, against a
# throwaway PostgreSQL that looks to a client as Neon does (TCP only with TLS and a SCRAM-SHA-256 password, a
# database owned by a role that is not a superuser), behind scripts/latency/proxy.py, which delivers every chunk
# ONE_WAY_MS late in each direction and counts round trips (client flights that wait for the server) and
# connections. Two runs, each on a new database: near (the proxy with 0 ms) and far (ONE_WAY_MS). Each run
# measures start to healthy /health twice (the first start applies the migrations, the second finds them applied)
# with the round trips and connections made until /health answered and until Kestrel listened; a cold burst of 8
# concurrent lists right after the second start; then every endpoint TODO_LATENCY_REQUESTS times, one request after
# another: median and max latency (curl's time_total), round trips and connections per request; and the
# warn/fail/crit lines the API logged.
#
#   scripts/latency.sh          # far = 150 ms one way (300 ms a round trip: a Neon region across an ocean)
#   scripts/latency.sh 10       # far = 10 ms one way
#
# Settings: TODO_LATENCY_REQUESTS (requests per endpoint, 15); TODO_LATENCY_TRACE=1 (the proxy also logs every
# chunk, to see where a connection's round trips go: last-run/proxy-<run>-trace.log); TODO_API_PUBLISHED (a folder of an earlier
# publish, reused instead of publishing: see scripts/lib/api.sh). Needs the .NET 10 SDK, the PostgreSQL server
# binaries, python3, openssl and curl. The table, the raw numbers and the logs land in artifacts/latency/last-run/.
# A new connection costs 6 round trips here: SSLRequest, TLS twice (PostgreSQL 15 offers only P-256 for the key
# exchange, so it answers .NET's X25519 key share with a HelloRetryRequest), the startup message and SCRAM's two.
# Neon's TLS would take one fewer, but its TCP handshake counts one, which the proxy (local to the client) does
# not delay: the same 6. Bandwidth and loss are not modelled; fsync is off, as the shared machine's disk would
# only add noise to the near run.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

far_ms=${1:-150}
[[ $far_ms =~ ^[0-9]+$ ]] || { echo "usage: scripts/latency.sh [ONE_WAY_MS]" >&2; exit 2; }
requests=${TODO_LATENCY_REQUESTS:-15}
[[ $requests =~ ^[1-9][0-9]*$ ]] || { echo "TODO_LATENCY_REQUESTS must be a positive number" >&2; exit 2; }
burst=8
settle_s=2       # after a 5xx or no answer: the cancel request it may have left must not count for the next request
missing_id=2147483647

out=$repo/artifacts/latency/last-run
work=""
pg_bin=""
pg_data=""
proxy_pid=""
watcher_pid=""

log() { printf '[latency %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

source scripts/lib/postgres.sh
source scripts/lib/api.sh

cleanup() {
  local status=$?
  set +e
  [ -n "$watcher_pid" ] && kill "$watcher_pid" 2>/dev/null
  api_stop
  stop_proxy
  if [ -n "$pg_data" ] && [ -f "$pg_data/postmaster.pid" ]; then
    cp "$work/postgres.log" "$out/postgres.log" 2>/dev/null
    as_pg "$pg_bin/pg_ctl" -D "$pg_data" -m immediate stop >/dev/null 2>&1
  fi
  [ -n "$work" ] && rm -rf "$work"
  exit $status
}

# ------------------------------------------------------------------------------------------ database

# TLS with a self-signed certificate, SCRAM-SHA-256 for every TCP connection (pg_hba allows nothing else over TCP),
# trust only on the Unix socket in the temporary folder, which this script uses to set things up.
start_cluster() {
  pg_bin=$(pg_bin_dir)
  pg_data=$work/pg
  pg_port=$(free_port)
  pg_init "$pg_bin" "$pg_data" --no-sync || exit 1
  mkdir -p "$work/tls"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
    -keyout "$work/tls/server.key" -out "$work/tls/server.crt" >/dev/null 2>&1 || die "openssl could not make a certificate"
  chmod 600 "$work/tls/server.key"
  [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$work/tls"
  printf '%s\n' 'local all all trust' 'hostssl all all 127.0.0.1/32 scram-sha-256' >"$pg_data/pg_hba.conf"
  as_pg "$pg_bin/pg_ctl" -D "$pg_data" -l "$work/postgres.log" -w -t 60 -o "-p $pg_port -k $work \
    -c listen_addresses=127.0.0.1 -c ssl=on -c ssl_cert_file=$work/tls/server.crt -c ssl_key_file=$work/tls/server.key \
    -c password_encryption=scram-sha-256 -c fsync=off -c max_connections=100" start >/dev/null
  pg_password=$(openssl rand -hex 16)
  psql_local -c "CREATE ROLE todo LOGIN PASSWORD '$pg_password'" >/dev/null
  local run
  for run in near far; do psql_local -c "CREATE DATABASE todo_$run OWNER todo" >/dev/null; done
  log "PostgreSQL $(basename "$(dirname "$pg_bin")") on 127.0.0.1:$pg_port: TLS, SCRAM-SHA-256, role todo"
}

psql_local() { "$pg_bin/psql" -h "$work" -p "$pg_port" -U postgres -d postgres -qAtX -v ON_ERROR_STOP=1 "$@"; }

# ------------------------------------------------------------------------------------------ proxy

start_proxy() {
  local delay=$1 name=$2 ready=$work/proxy-$2.json
  local trace=()
  [ -z "${TODO_LATENCY_TRACE:-}" ] || trace=(--trace "$out/proxy-$name-trace.log")
  python3 scripts/latency/proxy.py --target "127.0.0.1:$pg_port" --delay-ms "$delay" --ready-file "$ready" \
    --log "$out/proxy-$name.log" "${trace[@]}" >"$out/proxy-$name.out" 2>&1 &
  proxy_pid=$!
  local _
  for _ in $(seq 100); do [ -f "$ready" ] && break; sleep 0.05; done
  [ -f "$ready" ] || die "the proxy did not start (see $out/proxy-$name.out)"
  proxy_port=$(sed -E 's/.*"port": ([0-9]+).*/\1/' "$ready")
  control_port=$(sed -E 's/.*"control": ([0-9]+).*/\1/' "$ready")
}

stop_proxy() {
  [ -n "$proxy_pid" ] || return 0
  kill "$proxy_pid" 2>/dev/null || true
  wait "$proxy_pid" 2>/dev/null || true
  proxy_pid=""
}

# The proxy's totals: "<round trips>\t<connections>".
counts() {
  curl -s -m 5 "http://127.0.0.1:$control_port/" | sed -E 's/.*"round_trips": ([0-9]+), "connections": ([0-9]+).*/\1\t\2/'
}

# ------------------------------------------------------------------------------------------ the API

# Starts the API and waits for /health, recording the time and the proxy's counts from before the start, when the
# log says Kestrel listens (a watcher polling every 10 ms), and at the first 200.
measure_start() {
  local kind=$1 logfile=$2 t0 t1 before listened after
  before=$(counts)
  rm -f "$work/listened"
  t0=$(date +%s%N)
  api_start "$api_dir" "$connection" "$api_port" "$logfile"
  (
    for _ in $(seq 12000); do
      grep -q 'Now listening on' "$logfile" 2>/dev/null && { counts >"$work/listened"; exit 0; }
      sleep 0.01
    done
  ) &
  watcher_pid=$!
  api_wait_healthy "$api_port" 120 || die "the API did not become healthy ($run run, $kind start)"
  t1=$(date +%s%N)
  after=$(counts)
  local _
  for _ in $(seq 100); do [ -s "$work/listened" ] && break; sleep 0.01; done
  kill "$watcher_pid" 2>/dev/null || true
  wait "$watcher_pid" 2>/dev/null || true
  watcher_pid=""
  listened=$(cat "$work/listened" 2>/dev/null || printf -- '-\t-')
  printf 'start\t%s\t%s\t%s\t%s\t%s\n' "$kind" $(((t1 - t0) / 1000000)) "$before" "$listened" "$after" >>"$raw"
  log "$run: $kind start healthy after $(((t1 - t0) / 1000000)) ms"
}

# 8 lists at once from a new process: the pool holds only what start-up left in it.
cold_burst() {
  local before after i pids=()
  before=$(counts)
  for ((i = 1; i <= burst; i++)); do
    curl -s -o /dev/null -m 30 -w '%{http_code}\t%{time_total}\n' -H "Authorization: Bearer $alice" \
      "http://127.0.0.1:$api_port/api/tasks" >"$work/burst-$i" || true &
    pids+=($!)
  done
  wait "${pids[@]}"
  after=$(counts)
  for ((i = 1; i <= burst; i++)); do
    printf 'burst\t%s\n' "$(cat "$work/burst-$i" 2>/dev/null || printf '000\t0')" >>"$raw"
  done
  printf 'burst_counts\t%s\t%s\n' "$before" "$after" >>"$raw"
}

# One measured request: probe <label> <method> <path> [token] [json body] [idempotency key]. Its body is in
# $work/body afterwards; the label "setup" sends it without recording it.
probe() {
  local label=$1 method=$2 path=$3 token=${4:-} body=${5:-} key=${6:-} before after result
  local args=(-s -o "$work/body" -m 30 -w '%{http_code}\t%{time_total}' -X "$method")
  [ -n "$token" ] && args+=(-H "Authorization: Bearer $token")
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data-raw "$body")
  [ -n "$key" ] && args+=(-H "Idempotency-Key: $key")
  before=$(counts)
  result=$(curl "${args[@]}" "http://127.0.0.1:$api_port$path") || true
  after=$(counts)
  [ -n "$result" ] || result=$(printf '000\t0')
  [ "$label" = setup ] || printf 'req\t%s\t%s\t%s\t%s\n' "$label" "$result" "$before" "$after" >>"$raw"
  case $result in 2* | 4*) ;; *) sleep "$settle_s" ;; esac
}

created_id() { sed -n 's/^{"id":\([0-9]*\).*/\1/p' "$work/body"; }

endpoints() {
  local i task ids=()
  probe setup POST /api/tasks "$alice" '{"title":"Latency: the task every request works on"}'
  task=$(created_id)
  [ -n "$task" ] || die "could not create a task: $(cat "$work/body")"

  for ((i = 1; i <= requests; i++)); do probe "GET one" GET "/api/tasks/$task" "$alice"; done
  for ((i = 1; i <= requests; i++)); do probe "GET list" GET /api/tasks "$alice"; done
  for ((i = 1; i <= requests; i++)); do
    probe "POST create" POST /api/tasks "$alice" "{\"title\":\"Latency $i\"}"
    ids+=("$(created_id)")
  done
  for ((i = 1; i <= requests; i++)); do probe "PUT" PUT "/api/tasks/$task" "$alice" "{\"title\":\"Put $i\"}"; done
  for ((i = 1; i <= requests; i++)); do probe "PATCH" PATCH "/api/tasks/$task" "$alice" "{\"description\":\"Patch $i\"}"; done
  for ((i = 1; i <= requests; i++)); do probe "PATCH complete" PATCH "/api/tasks/$task/complete" "$alice"; done
  for ((i = 0; i < requests; i++)); do probe "DELETE" DELETE "/api/tasks/${ids[i]:-$missing_id}" "$alice"; done
  for ((i = 1; i <= requests; i++)); do
    probe "POST create, Idempotency-Key (first)" POST /api/tasks "$alice" "{\"title\":\"Keyed $i\"}" "create-$run-$i"
  done
  for ((i = 1; i <= requests; i++)); do
    probe "POST create, same key again (replay)" POST /api/tasks "$alice" "{\"title\":\"Keyed $i\"}" "create-$run-$i"
  done
  for ((i = 1; i <= requests; i++)); do
    probe "PATCH complete, Idempotency-Key (first)" PATCH "/api/tasks/$task/complete" "$alice" "" "complete-$run-$i"
  done
  for ((i = 1; i <= requests; i++)); do
    probe "PATCH complete, same key again (replay)" PATCH "/api/tasks/$task/complete" "$alice" "" "complete-$run-$i"
  done
  for ((i = 1; i <= requests; i++)); do probe "GET another user's task (403)" GET "/api/tasks/$task" "$bob"; done
  for ((i = 1; i <= requests; i++)); do probe "GET a missing id (404)" GET "/api/tasks/$missing_id" "$alice"; done
  for ((i = 1; i <= requests; i++)); do probe "GET /health" GET /health; done
}

# What the server saw of the API's connections: TLS on every one, and the role's password stored as SCRAM.
check_tls() {
  local ssl scram
  ssl=$(psql_local -F ' ' -c "SELECT count(*) FILTER (WHERE s.ssl), count(*), string_agg(DISTINCT s.version || ' ' || s.cipher, ', ')
    FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.usename = 'todo'")
  scram=$(psql_local -c "SELECT CASE WHEN rolpassword LIKE 'SCRAM-SHA-256\$%' THEN 'yes' ELSE 'no' END FROM pg_authid WHERE rolname = 'todo'")
  read -r with_tls total version <<<"$ssl"
  printf 'tls\t%s\n' "$run run, at the end: $with_tls of $total API connections with TLS ($version); the role's password stored as SCRAM-SHA-256: $scram; pg_hba: hostssl scram-sha-256 only" >>"$raw"
}

run_once() {
  run=$1
  local delay=$2
  raw=$out/raw-$run.tsv
  : >"$raw"
  log "$run run: proxy delay $delay ms one way"
  start_proxy "$delay" "$run"
  # Npgsql (8 and later) encrypts without checking the certificate for SSL Mode=Require, as libpq does, so the
  # self-signed certificate needs no Trust Server Certificate: the same string shape as Neon's sslmode=require.
  connection="Host=127.0.0.1;Port=$proxy_port;Database=todo_$run;Username=todo;Password=$pg_password;SSL Mode=Require"
  api_port=$(free_port)
  alice=$(scripts/token.sh "latency_alice_$run")
  bob=$(scripts/token.sh "latency_bob_$run")

  measure_start first "$out/api-$run-first.log"
  api_stop
  measure_start second "$out/api-$run.log"
  cold_burst
  endpoints
  [ "$run" = far ] && check_tls
  api_stop
  stop_proxy
  log "$run: API log: $(api_log_count "$out/api-$run-first.log" 0 warn) + $(api_log_count "$out/api-$run.log" 0 warn) warn, $(api_fail_lines "$out/api-$run-first.log") + $(api_fail_lines "$out/api-$run.log") fail/crit (first + second start)"
}

main() {
  rm -rf "$out" && mkdir -p "$out"
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  work=$(mktemp -d /tmp/todo-latency.XXXXXX)
  chmod 755 "$work"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$work"   # the server's socket and certificate live here

  local load_start
  load_start=$(cut -d' ' -f1-3 /proc/loadavg)
  log "dotnet publish Todo.Api -c Release"
  api_publish "$repo/artifacts/latency/publish" "$out/publish.log" || die "publish failed"
  start_cluster
  BETTER_AUTH_SECRET=$(openssl rand -base64 32)   # for the API and scripts/token.sh alike (scripts/secret.sh)
  export BETTER_AUTH_SECRET

  run_once near 0
  run_once far "$far_ms"

  {
    echo "API: $(cat "$api_dir/source-commit" 2>/dev/null || echo 'commit unknown'); $requests requests per endpoint, one after another"
    echo
    python3 scripts/latency/report.py --near "$out/raw-near.tsv" --far "$out/raw-far.tsv" --one-way-ms "$far_ms" \
      --near-logs "$out/api-near-first.log" "$out/api-near.log" --far-logs "$out/api-far-first.log" "$out/api-far.log"
    echo "- $(nproc) cores; load average (1, 5, 15 min) at the start: $load_start; at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  } | tee "$out/results.md"
}

main "$@"
