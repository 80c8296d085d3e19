#!/usr/bin/env bash
# Mints an HS256 token for a user, as the Next.js frontend does with the Better Auth secret.
#   scripts/token.sh alice            # secret from BETTER_AUTH_SECRET, else .data/dev-secret
#   TTL=600 scripts/token.sh alice    # lifetime in seconds (default 3600)
set -euo pipefail
cd "$(dirname "$0")/.."

user=${1:?usage: scripts/token.sh <user-id>}
[[ $user =~ ^[A-Za-z0-9_.@-]+$ ]] || { echo "user id: letters, digits and _ . @ - only" >&2; exit 2; }
secret=${BETTER_AUTH_SECRET:-$(cat .data/dev-secret 2>/dev/null || true)}
[ -n "$secret" ] || { echo "Set BETTER_AUTH_SECRET (or run scripts/run-local.sh once to create .data/dev-secret)." >&2; exit 2; }

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
header=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
payload=$(printf '{"sub":"%s","iat":%d,"exp":%d}' "$user" "$now" "$((now + ${TTL:-3600}))" | b64url)
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -hmac "$secret" -binary | b64url)
echo "$header.$payload.$signature"
