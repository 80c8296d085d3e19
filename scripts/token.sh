#!/usr/bin/env bash
# Mints an HS256 token for a user, as the Next.js frontend does with the Better Auth secret.
#   scripts/token.sh alice            # with the secret scripts/secret.sh finds
#   TTL=600 scripts/token.sh alice    # lifetime in seconds (default 3600)
set -euo pipefail
cd "$(dirname "$0")/.."

user=${1:?usage: scripts/token.sh <user-id>}
[[ $user =~ ^[A-Za-z0-9_.@-]+$ ]] || { echo "user id: letters, digits and _ . @ - only" >&2; exit 2; }
secret=$(scripts/secret.sh)

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
header=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
payload=$(printf '{"sub":"%s","iat":%d,"exp":%d}' "$user" "$now" "$((now + ${TTL:-3600}))" | b64url)
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -hmac "$secret" -binary | b64url)
echo "$header.$payload.$signature"
