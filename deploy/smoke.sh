#!/usr/bin/env bash
# Production smoke test: the documented command sequence, run for real against the
# PostgreSQL in $DATABASE_URL. gunicorn + whitenoise serve, the worker runs jobs,
# /healthz must turn 200. Used by .ci/run; safe to run by hand on a scratch database.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL to a scratch PostgreSQL database}"
PORT=${SMOKE_PORT:-8765}
export DJANGO_SETTINGS_MODULE=conclave.settings_production
export SECRET_KEY=${SECRET_KEY:-$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(64))')}
export ALLOWED_HOSTS=127.0.0.1 BEHIND_PROXY=1 SITE_URL=https://127.0.0.1
export MAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend SMTP_HOST=127.0.0.1 SMTP_PORT=2525
export STATIC_ROOT_DIR=$(mktemp -d)
unset DJANGO_ALLOW_ASYNC_UNSAFE

.venv/bin/python manage.py check --deploy --fail-level WARNING
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/gunicorn conclave.wsgi -w 2 -b 127.0.0.1:$PORT --access-logfile - --log-level warning >/tmp/smoke-web.log 2>&1 &
WEB=$!
.venv/bin/python manage.py db_worker --no-reload --interval 0.5 >/tmp/smoke-worker.log 2>&1 &
WORKER=$!
trap 'kill $WEB $WORKER 2>/dev/null || true' EXIT

get() { curl -s -o /dev/null -w '%{http_code}' -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$PORT$1"; }
for _ in $(seq 1 50); do [ "$(get /healthz)" != "000" ] && break; sleep 0.2; done
status=""
for _ in $(seq 1 40); do status=$(get /healthz); [ "$status" = 200 ] && break; sleep 0.5; done
[ "$status" = 200 ] || { echo "healthz never turned 200 (last $status)"; cat /tmp/smoke-web.log /tmp/smoke-worker.log; exit 1; }
[ "$(get /)" = 200 ] || { echo "home page failed"; exit 1; }
css=$(curl -s -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$PORT/" | grep -o '/static/css/site\.[0-9a-f]*\.css' | head -1)
[ -n "$css" ] && [ "$(get "$css")" = 200 ] || { echo "static files are not served by whitenoise"; exit 1; }
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/")" = 301 ] || { echo "plain HTTP is not redirected"; exit 1; }
.venv/bin/python deploy/smoke_feed_revocation.py "$PORT"
echo "smoke: check --deploy clean, gunicorn + whitenoise serve, worker heartbeat ok, HTTP redirects to HTTPS"
