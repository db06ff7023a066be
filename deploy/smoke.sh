#!/usr/bin/env bash
# Smoke test of the production stack: starts deploy/local-stack.sh, sends requests through
# nginx, and stops what it started (also when a check fails). Exit status 0 = all good.
set -euo pipefail
cd "$(dirname "$0")/.."

BASE="http://127.0.0.1:${OCOP_STACK_PORT:-8480}"
WORK=$(mktemp -d)
trap 'deploy/local-stack.sh stop; rm -rf "$WORK"' EXIT

deploy/local-stack.sh start

failures=0
pass() { echo "smoke: ok   $*"; }
fail() { echo "smoke: FAIL $*"; failures=$((failures + 1)); }

# 1. Health: database and cache (Redis) both reachable.
health=$(curl -sS "$BASE/healthz" || true)
if [ "$health" = '{"status": "ok", "database": "ok", "cache": "ok"}' ]; then
  pass "/healthz $health"
else
  fail "/healthz answered: $health"
fi
redis_keys=$(redis-cli -u "${OCOP_STACK_REDIS:-redis://127.0.0.1:6379/5}" --scan --pattern 'ocop:*' | wc -l)
[ "$redis_keys" -gt 0 ] && pass "the cache is Redis ($redis_keys keys)" || fail "no ocop keys in Redis"

# 2. The login page, with its security headers.
status=$(curl -sS -D "$WORK/headers" -o "$WORK/login.html" -w '%{http_code}' "$BASE/login/")
[ "$status" = 200 ] && pass "/login/ 200" || fail "/login/ answered $status"
grep -q 'name="csrfmiddlewaretoken"' "$WORK/login.html" && pass "login form has its CSRF token" \
  || fail "no CSRF token on the login form"
grep -qi "^content-security-policy: .*script-src 'self'" "$WORK/headers" && pass "CSP header" \
  || fail "no Content-Security-Policy header"
grep -qi "^x-frame-options: deny" "$WORK/headers" && pass "X-Frame-Options" \
  || fail "no X-Frame-Options header"

# 3. A static file through nginx: hashed name (collectstatic's manifest), cached for long.
css=$(grep -o '/static/css/ocop\.[0-9a-f]*\.css' "$WORK/login.html" | head -n 1 || true)
if [ -z "$css" ]; then
  fail "the login page links no hashed stylesheet"
else
  status=$(curl -sS -D "$WORK/css-headers" -o /dev/null -w '%{http_code}' -H 'Accept-Encoding: gzip' "$BASE$css")
  [ "$status" = 200 ] && pass "$css 200" || fail "$css answered $status"
  grep -qi '^content-type: text/css' "$WORK/css-headers" && pass "served as text/css" \
    || fail "wrong content type for $css"
  grep -qi '^cache-control: .*max-age=315360000' "$WORK/css-headers" && pass "cached for years" \
    || fail "hashed static file without a long cache lifetime"
  grep -qi '^content-encoding: gzip' "$WORK/css-headers" && pass "compressed" \
    || fail "static file not compressed"
fi

# 4. Uploads are never served from a generic /media/ path.
status=$(curl -sS -o /dev/null -w '%{http_code}' "$BASE/media/products/1/photo.jpg")
[ "$status" = 404 ] && pass "/media/ is not served" || fail "/media/ answered $status"

if [ "$failures" -gt 0 ]; then
  echo "smoke: $failures check(s) failed"
  exit 1
fi
echo "smoke: all checks passed"
