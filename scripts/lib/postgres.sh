# Sourced by run-local.sh, fuzz.sh, faults.sh, bench.sh and latency.sh: the PostgreSQL server binaries and the few steps
# every throwaway or local cluster needs. Each script keeps its own server options.

# Debian keeps the server binaries off PATH, one folder per major version; the newest wins.
pg_bin_dir() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  echo "${bin:-$(dirname "$(command -v initdb || echo /usr/bin/initdb)")}"
}

# PostgreSQL refuses to run as root: as root, a cluster belongs to the postgres user.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# A new cluster in $2 from the binaries in $1, trust authentication (loopback only), UTF-8.
pg_init() {
  [ -x "$1/initdb" ] || { echo "PostgreSQL server binaries not found (Debian: apt-get install postgresql)." >&2; return 1; }
  mkdir -p "$2"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$2"
  as_pg "$1/initdb" -D "$2" -U postgres --auth=trust -E UTF8 "${@:3}" >/dev/null
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
