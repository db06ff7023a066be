"""gunicorn settings for ocop: `gunicorn -c deploy/gunicorn.conf.py ocop.wsgi`.

Environment: GUNICORN_BIND (default: the unix socket nginx proxies to), GUNICORN_WORKERS,
LOG_FORMAT=json for JSON access log lines (like the application's own logs).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "unix:/run/ocop/gunicorn.sock")
workers = int(os.environ.get("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 9)))
proc_name = "ocop"
timeout = 60  # exports and PDF certificates are the slowest requests
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that a slow leak can never take the site down.
max_requests = 1000
max_requests_jitter = 100
# nginx sits on the same machine; only it may say a request came over HTTPS.
forwarded_allow_ips = "127.0.0.1"

accesslog = "-"
errorlog = "-"
if os.environ.get("LOG_FORMAT") == "json":
    # Fields are numbers or URL-encoded, so no value can break the JSON.
    access_log_format = (
        '{"time":"%(t)s","logger":"gunicorn.access","client":"%({x-real-ip}i)s",'
        '"method":"%(m)s","path":"%(U)s","status":%(s)s,"bytes":"%(B)s","ms":%(M)s}'
    )
