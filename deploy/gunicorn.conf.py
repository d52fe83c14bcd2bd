"""Gunicorn's settings for Bulletin Office (docs/deploy.md).

    gunicorn -c deploy/gunicorn.conf.py bulletin_office.wsgi

Each value can be changed through the environment variable named beside it.
"""

import multiprocessing
import os
import time

# Only nginx on the same machine talks to gunicorn; it must not be reachable
# from outside, since it trusts the X-Forwarded-Proto header (docs/deploy.md).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Synchronous workers, one more than the CPUs: a request here spends most of its
# time on the CPU (ORM, templates, a sign-off's PDF render), not waiting. On the
# 2-CPU bench machine with PostgreSQL beside it, 3 workers served the archive 23 %
# faster than the usual 2 × CPUs + 1 (bench/load.sh). With the database on
# another machine, more may pay: set GUNICORN_WORKERS and measure.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))

# A sign-off renders the official PDF inside the request: a long issue with
# images takes several seconds on a small server, so the default 30 s is too tight.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
# nginx keeps connections to gunicorn open between requests.
keepalive = 5

# Load Django and WeasyPrint once, before forking: the workers share that
# memory. A new release therefore needs `systemctl restart`, not `reload`.
preload_app = True


def post_worker_init(worker):
    """Make each worker's first PDF before it takes requests, not in a user's sign-off."""
    from ops.worker import prepare_worker

    start = time.monotonic()
    try:
        prepare_worker()
        worker.log.info("PDF renderer warmed up in %.1f s", time.monotonic() - start)
    except Exception:
        # A broken set-up shows in the request that needs it; the worker still serves pages.
        worker.log.exception("PDF warm-up failed")


# Renew each worker now and then, so that slow memory growth (fonts, caches)
# cannot add up; the jitter keeps them from restarting all at once.
max_requests = 2000
max_requests_jitter = 200

# Django's request log (core.logs) replaces the access log; errors go to standard error.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# The workers' heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# No run-time control socket (gunicorn 25+): systemd starts and stops the service, and
# the socket would go to the home folder, which the service may not write.
control_socket_disable = True

# gunicorn's own lines (start, worker boot and exit) in the same form as Django's:
# one JSON object per line on standard error (core.logs, docs/deploy.md).
_formatter = {"json": "core.logs.JsonFormatter", "line": "core.logs.LineFormatter"}[
    os.environ.get("LOG_FORMAT", "json")
]
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"bulletin": {"()": _formatter}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "bulletin",
            "stream": "ext://sys.stderr",
        }
    },
    # gunicorn insists on a root logger of its own configuration.
    "root": {"level": "INFO", "handlers": ["stderr"]},
    "loggers": {
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["stderr"], "propagate": False}
    },
}
