"""gunicorn settings for Styrkort: `gunicorn -c gunicorn.conf.py portal.wsgi:application`.

Every value can be changed from the environment (GUNICORN_*), so the same file serves
docker-compose, systemd and the load test (bench/load.py).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
# Threads per worker: a page waiting on PostgreSQL does not hold up the next request.
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A PDF build runs as a task, not in a request, so a minute is generous for any page.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then so a slow leak (matplotlib, WeasyPrint) cannot grow forever.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))
# Load Django once in the master; workers fork with it (faster start, shared memory).
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"
# stdout; GUNICORN_ACCESSLOG= (empty) switches it off, as the load test does.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# Behind a reverse proxy on another host, list it here (X-Forwarded-* are trusted from it).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
