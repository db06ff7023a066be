#!/usr/bin/env bash
# The production stack on this machine, on loopback only:
#   nginx (127.0.0.1:8480, deploy/nginx/ocop-locations.conf) -> gunicorn (127.0.0.1:8481,
#   deploy/gunicorn.conf.py) -> PostgreSQL (database ocop_stack, created if missing) + Redis.
# PostgreSQL and Redis must already be running. Installs Debian's nginx if it is missing.
#
#   deploy/local-stack.sh start    migrate, collectstatic, start gunicorn and nginx
#   deploy/local-stack.sh stop     stop the gunicorn and nginx this script started
#
# Settings (environment): OCOP_STACK_PORT, OCOP_STACK_APP_PORT, OCOP_STACK_DIR,
# OCOP_STACK_PG (server URL without database), OCOP_STACK_DB, OCOP_STACK_REDIS.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

STACK_DIR=${OCOP_STACK_DIR:-/tmp/ocop-stack}
PORT=${OCOP_STACK_PORT:-8480}
APP_PORT=${OCOP_STACK_APP_PORT:-8481}
PG_SERVER=${OCOP_STACK_PG:-postgres://postgres@127.0.0.1:5432}
DB_NAME=${OCOP_STACK_DB:-ocop_stack}

mkdir -p "$STACK_DIR"
[ -s "$STACK_DIR/secret" ] || head -c 48 /dev/urandom | base64 | tr -d '\n/+=' >"$STACK_DIR/secret"

# The same variables a real deployment sets in /etc/ocop/ocop.env (but plain HTTP on loopback).
export DATABASE_URL="$PG_SERVER/$DB_NAME"
export REDIS_URL=${OCOP_STACK_REDIS:-redis://127.0.0.1:6379/5}
export SECRET_KEY
SECRET_KEY=$(cat "$STACK_DIR/secret")
export DEBUG=0
export ALLOWED_HOSTS=127.0.0.1,localhost
export OCOP_SITE_URL="http://127.0.0.1:$PORT"
export OCOP_VAR_DIR="$STACK_DIR/var"
export STATIC_ROOT="$STACK_DIR/static"
export OCOP_STATIC_MANIFEST=1
export OCOP_BEHIND_PROXY=1
export LOG_FORMAT=json
export GUNICORN_BIND="127.0.0.1:$APP_PORT"
export GUNICORN_WORKERS=2

PY="$ROOT/.venv/bin/python"
GUNICORN_PID="$STACK_DIR/gunicorn.pid"
NGINX_PID="$STACK_DIR/nginx.pid"

log() { echo "local-stack: $*"; }

install_nginx() {
  command -v nginx >/dev/null 2>&1 && return
  log "installing Debian's nginx"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq nginx >/dev/null || { apt-get update -qq && apt-get install -y -qq nginx >/dev/null; }
  # The package may start the system nginx on port 80: this script did not mean to, so stop it.
  if [ -s /run/nginx.pid ]; then nginx -s quit 2>/dev/null || true; fi
}

check_services() {
  pg_isready -d "$PG_SERVER/postgres" -q || { log "PostgreSQL is not running at $PG_SERVER"; exit 1; }
  [ "$(redis-cli -u "$REDIS_URL" ping 2>/dev/null)" = PONG ] || { log "Redis is not running at $REDIS_URL"; exit 1; }
  if ! psql "$PG_SERVER/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1; then
    log "creating database $DB_NAME"
    psql "$PG_SERVER/postgres" -qc "CREATE DATABASE \"$DB_NAME\""
  fi
}

write_nginx_conf() {
  mkdir -p "$STACK_DIR/nginx-tmp"
  chmod 0777 "$STACK_DIR/nginx-tmp"  # nginx workers run as an unprivileged user
  cat >"$STACK_DIR/nginx.conf" <<EOF
worker_processes 1;
pid $NGINX_PID;
error_log $STACK_DIR/nginx-error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    access_log $STACK_DIR/nginx-access.log;
    client_body_temp_path $STACK_DIR/nginx-tmp/body;
    proxy_temp_path $STACK_DIR/nginx-tmp/proxy;
    fastcgi_temp_path $STACK_DIR/nginx-tmp/fastcgi;
    uwsgi_temp_path $STACK_DIR/nginx-tmp/uwsgi;
    scgi_temp_path $STACK_DIR/nginx-tmp/scgi;
    limit_req_zone \$binary_remote_addr zone=ocop_login:1m rate=10r/m;
    upstream ocop_app { server 127.0.0.1:$APP_PORT fail_timeout=0; }
    server {
        listen 127.0.0.1:$PORT;
        server_name 127.0.0.1 localhost;
        include $ROOT/deploy/nginx/ocop-locations.conf;
    }
}
EOF
}

running() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start() {
  install_nginx
  check_services
  log "migrate and collectstatic ($DATABASE_URL)"
  "$PY" manage.py migrate --no-input -v 0
  "$PY" manage.py collectstatic --no-input -v 0
  running "$GUNICORN_PID" || "$ROOT/.venv/bin/gunicorn" -c deploy/gunicorn.conf.py \
    --daemon --pid "$GUNICORN_PID" --access-logfile "$STACK_DIR/gunicorn-access.log" \
    --error-logfile "$STACK_DIR/gunicorn.log" ocop.wsgi
  write_nginx_conf
  nginx -t -q -e "$STACK_DIR/nginx-error.log" -c "$STACK_DIR/nginx.conf" -p "$STACK_DIR"
  running "$NGINX_PID" || nginx -e "$STACK_DIR/nginx-error.log" -c "$STACK_DIR/nginx.conf" -p "$STACK_DIR"
  for _ in $(seq 1 60); do
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null && {
      log "up on http://127.0.0.1:$PORT (logs in $STACK_DIR)"
      return
    }
    sleep 0.5
  done
  log "the stack did not answer on /healthz; see $STACK_DIR/*.log"
  tail -n 20 "$STACK_DIR/gunicorn.log" "$STACK_DIR/nginx-error.log" 2>/dev/null || true
  exit 1
}

stop_pid() {  # stop_pid NAME PIDFILE: TERM the process we started, wait for it to go
  if running "$2"; then
    local pid
    pid=$(cat "$2")
    kill -TERM "$pid"
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    log "stopped $1 ($pid)"
  fi
  rm -f "$2"
}

stop() {
  stop_pid nginx "$NGINX_PID"
  stop_pid gunicorn "$GUNICORN_PID"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
