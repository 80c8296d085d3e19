# Sourced by bench.sh, fuzz.sh, faults.sh and latency.sh: the API published in Release, started with Production
# settings, waited for until /health answers, and its console log read for warn/fail/crit lines.
# api_start sets api_pid and api_log; api_stop stops that process.

api_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
api_pid=""
api_log=""

# Publishes Todo.Api in Release into <outdir> and sets api_dir to it. TODO_API_PUBLISHED=<folder of an earlier
# publish> reuses that one instead: on a shared machine one publish can serve several scripts' runs.
api_publish() {
  local outdir=$1 log=${2:-$1/publish.log}
  if [ -n "${TODO_API_PUBLISHED:-}" ]; then
    [ -f "$TODO_API_PUBLISHED/Todo.Api.dll" ] || { echo "TODO_API_PUBLISHED: no Todo.Api.dll in $TODO_API_PUBLISHED" >&2; return 1; }
    api_dir=$(cd "$TODO_API_PUBLISHED" && pwd)
    echo "Using the API published in $api_dir ($(cat "$api_dir/source-commit" 2>/dev/null || echo 'commit unknown'))." >&2
    return 0
  fi
  mkdir -p "$outdir"
  dotnet publish "$api_repo/Todo.Api" -c Release -o "$outdir" -nologo -v quiet >"$log" 2>&1 \
    || { cat "$log" >&2; echo "dotnet publish Todo.Api failed" >&2; return 1; }
  # What was published, for whoever reuses it: the commit, and whether the work tree differed from it.
  (cd "$api_repo" && echo "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Todo.Api Todo.ServiceDefaults Directory.Build.props Directory.Packages.props || echo ' + local changes')") \
    >"$outdir/source-commit" 2>/dev/null || true
  api_dir=$(cd "$outdir" && pwd)
}

# Starts the published API in the background: Production, on 127.0.0.1:<port>, the secret from
# BETTER_AUTH_SECRET, rate limits out of the way (every caller sends far more than 300 requests a minute), the
# simple console format the log readers below expect. It runs in its publish folder, so the published
# appsettings.json applies. Extra NAME=VALUE arguments are added to (and override) that environment.
api_start() {
  local dir=$1 connection=$2 port=$3
  api_log=$4
  shift 4
  (cd "$dir" && exec env ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port" \
    ConnectionStrings__tododb="$connection" BETTER_AUTH_SECRET="${BETTER_AUTH_SECRET:?set BETTER_AUTH_SECRET}" \
    RateLimiting__PermitLimit=1000000 Logging__Console__FormatterName=simple "$@" dotnet Todo.Api.dll) >"$api_log" 2>&1 &
  api_pid=$!
}

# Waits until /health on <port> answers 200, at most <timeout> seconds; says why and shows the end of the log
# when the process exits first or the time runs out.
api_wait_healthy() {
  local port=$1 timeout=$2 deadline
  deadline=$(($(date +%s) + timeout))
  until curl -sf -m 2 -o /dev/null "http://127.0.0.1:$port/health"; do
    if ! kill -0 "$api_pid" 2>/dev/null; then
      tail -n 40 "$api_log" >&2
      echo "The API exited during start-up (log: $api_log)." >&2
      return 1
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      tail -n 40 "$api_log" >&2
      echo "The API was not healthy within $timeout s (log: $api_log)." >&2
      return 1
    fi
    sleep 0.02
  done
}

api_stop() {
  [ -n "$api_pid" ] || return 0
  kill "$api_pid" 2>/dev/null || true
  wait "$api_pid" 2>/dev/null || true
  api_pid=""
}

# Entries of a console log in the simple format ("fail: Category[id]" then the message, indented) at the given
# levels, after its first <skip> lines: api_log_count <log> <skip> warn fail crit.
api_log_count() {
  local log=$1 skip=$2 levels
  shift 2
  levels=$(IFS='|'; echo "$*")
  [ -f "$log" ] || { echo 0; return 0; }
  tail -n +"$((skip + 1))" "$log" | grep -cE "^($levels): " || true
}

# The same entries with the three lines under each, to show what they were.
api_log_entries() {
  local log=$1 skip=$2 levels
  shift 2
  levels=$(IFS='|'; echo "$*")
  [ -f "$log" ] || return 0
  tail -n +"$((skip + 1))" "$log" | grep -A3 -E "^($levels): " || true
}

# fail and crit entries: what none of the scripts expect to see.
api_fail_lines() { api_log_count "$1" "${2:-0}" fail crit; }
