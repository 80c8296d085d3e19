#!/usr/bin/env bash
# Prints the Better Auth secret the local API uses, from the first place that has one: BETTER_AUTH_SECRET;
# the AppHost's user secret Parameters:better-auth-secret (the one `dotnet run --project Todo.AppHost` uses);
# .data/dev-secret, created on first use. run-local.sh and token.sh both read it here, so they agree.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${BETTER_AUTH_SECRET:-}" ]; then
  printf '%s\n' "$BETTER_AUTH_SECRET"
  exit 0
fi
apphost=$(dotnet user-secrets list --project Todo.AppHost 2>/dev/null | sed -n 's/^Parameters:better-auth-secret = //p')
if [ -n "$apphost" ]; then
  printf '%s\n' "$apphost"
  exit 0
fi
mkdir -p .data
[ -f .data/dev-secret ] || openssl rand -base64 32 >.data/dev-secret
cat .data/dev-secret
