#!/usr/bin/env bash
# Production smoke test: the documented command sequence, run for real against the
# PostgreSQL in $DATABASE_URL. gunicorn + whitenoise serve, the worker runs jobs,
# /healthz must turn 200. Used by .ci/run; safe to run by hand on a scratch database.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL to a scratch PostgreSQL database}"
PORT=${SMOKE_PORT:-8765}
SMOKE_TMP=$(mktemp -d -t conclave-smoke.XXXXXX)
unset DJANGO_ALLOW_ASYNC_UNSAFE

# The README's one-machine sequence with the example environment file. The edits the README
# asks for (SECRET_KEY, hosts, database, SMTP) are appended: in a sourced file the last
# assignment wins. Without a REDIS_URL given, none (the example's 6379 is not ours to use).
ENV_FILE="$SMOKE_TMP/conclave.env"
cp deploy/conclave.env.example "$ENV_FILE"
cat >>"$ENV_FILE" <<EOF
SECRET_KEY=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(64))')
FIELD_ENCRYPTION_KEY=$(.venv/bin/python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')
ALLOWED_HOSTS=127.0.0.1
CSRF_TRUSTED_ORIGINS=https://127.0.0.1
SITE_URL=https://127.0.0.1
DATABASE_URL='$DATABASE_URL'
REDIS_URL='${REDIS_URL:-}'
SMTP_HOST=127.0.0.1
SMTP_PORT=2525
SMTP_USE_TLS=0
MEDIA_ROOT=$SMOKE_TMP/media
STATIC_ROOT_DIR=$SMOKE_TMP/static
EOF
set -a; . "$ENV_FILE"; set +a
.venv/bin/python manage.py check --deploy --fail-level WARNING
.venv/bin/python manage.py migrate --noinput >/dev/null
.venv/bin/python manage.py collectstatic --noinput >/dev/null
# No --access-logfile, as the README says: gunicorn's access log prints raw paths (tokens).
.venv/bin/gunicorn conclave.wsgi -w 4 -b 127.0.0.1:$PORT >"$SMOKE_TMP/web.log" 2>&1 &
WEB=$!
.venv/bin/python manage.py db_worker --no-reload >"$SMOKE_TMP/worker.log" 2>&1 &
WORKER=$!
trap 'kill $WEB $WORKER 2>/dev/null || true; rm -rf "$SMOKE_TMP"' EXIT

get() { curl -s -o /dev/null -w '%{http_code}' -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$PORT$1"; }
for _ in $(seq 1 50); do [ "$(get /healthz)" != "000" ] && break; sleep 0.2; done
status=""
for _ in $(seq 1 40); do status=$(get /healthz); [ "$status" = 200 ] && break; sleep 0.5; done
[ "$status" = 200 ] || { echo "healthz never turned 200 (last $status)"; cat "$SMOKE_TMP/web.log" "$SMOKE_TMP/worker.log"; exit 1; }
[ "$(get /)" = 200 ] || { echo "home page failed"; exit 1; }
css=$(curl -s -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$PORT/" | grep -o '/static/css/site\.[0-9a-f]*\.css' | head -1)
[ -n "$css" ] && [ "$(get "$css")" = 200 ] || { echo "static files are not served by whitenoise"; exit 1; }
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/")" = 301 ] || { echo "plain HTTP is not redirected"; exit 1; }
.venv/bin/python deploy/smoke_feed_revocation.py "$PORT"
SECRET=smoke-not-a-real-token-$RANDOM$RANDOM
[ "$(get "/delegations/feed/$SECRET.ics")" = 404 ] || { echo "an unknown feed token should answer 404"; exit 1; }
grep -q '"route":"delegations/feed/<str:token>.ics"' "$SMOKE_TMP/web.log" || { echo "no request log line"; exit 1; }
! grep -q "$SECRET" "$SMOKE_TMP/web.log" "$SMOKE_TMP/worker.log" || { echo "a token reached the logs"; exit 1; }
echo "smoke: check --deploy clean, gunicorn + whitenoise serve, worker heartbeat ok, HTTP redirects to HTTPS, no token in the logs"
