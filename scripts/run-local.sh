#!/usr/bin/env bash
# Serves the API on http://localhost:8000 against a local PostgreSQL whose data lives in .data/postgres
# and survives restarts. No Docker, no Aspire: only the PostgreSQL server binaries.
# With ConnectionStrings__tododb or DATABASE_URL already set (Neon, say), that database is used instead.
#   scripts/run-local.sh          # start PostgreSQL if needed, then serve the API (Ctrl+C stops the API)
#   scripts/run-local.sh stop     # stop the local PostgreSQL
#   scripts/run-local.sh reset    # stop it and delete its data (.data/postgres)
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .data

port=${TODO_LOCAL_PG_PORT:-5433}
data="$PWD/.data/postgres"
source scripts/lib/postgres.sh
bin=$(pg_bin_dir)

stop_postgres() {
  if [ -f "$data/postmaster.pid" ]; then
    as_pg "$bin/pg_ctl" -D "$data" -m fast stop >/dev/null && echo "Stopped the local PostgreSQL."
  fi
}

case "${1:-}" in
  stop) stop_postgres; exit 0 ;;
  reset) stop_postgres; rm -rf "$data"; echo "Deleted .data/postgres: the next start begins with an empty database."; exit 0 ;;
  "") ;;
  *) echo "usage: scripts/run-local.sh [stop|reset]" >&2; exit 2 ;;
esac

if [ -z "${ConnectionStrings__tododb:-}" ] && [ -z "${DATABASE_URL:-}" ]; then
  if [ ! -f "$data/PG_VERSION" ]; then
    pg_init "$bin" "$data" || exit 1
    echo "Created a local PostgreSQL cluster in .data/postgres."
  fi
  if ! as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_pg "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
      -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" start >/dev/null
    echo "Started PostgreSQL on 127.0.0.1:$port (scripts/run-local.sh stop stops it)."
  fi
  # Trust authentication on loopback: a development database, never exposed.
  export ConnectionStrings__tododb="Host=127.0.0.1;Port=$port;Database=todo;Username=postgres"
fi

if [ -z "${Auth__Secret:-}" ]; then
  BETTER_AUTH_SECRET=$(scripts/secret.sh)
  export BETTER_AUTH_SECRET
  echo "Mint a token with: scripts/token.sh <user-id>"
fi

exec dotnet run --project Todo.Api --launch-profile http
