"""gunicorn settings. One worker process: the work queue and the duplicate-suppression
state live in that process; scale with more replicas, concurrency with threads."""

import os

bind = os.environ.get("ANALYZER_BIND", "0.0.0.0:8080")
workers = 1
worker_class = "gthread"
threads = int(os.environ.get("ANALYZER_HTTP_THREADS", "4"))
timeout = 30
graceful_timeout = int(os.environ.get("ANALYZER_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
preload_app = False  # worker threads are started inside the worker process
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
accesslog = "-" if os.environ.get("ANALYZER_ACCESS_LOG", "true").lower() == "true" else None
access_log_format = (
    '{"ts":"%(t)s","level":"INFO","logger":"gunicorn.access","method":"%(m)s",'
    '"path":"%(U)s","status":%(s)s,"bytes":"%(B)s","duration_us":%(D)s,"remote":"%(h)s"}'
)
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "analyzer.logsetup.JsonFormatter"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        },
        "access": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "stream": "ext://sys.stdout",
        },
    },
    "root": {"level": "INFO", "handlers": ["stderr"]},
    "loggers": {
        "gunicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
    },
}
logconfig_dict["formatters"]["plain"] = {"format": "%(message)s"}


def worker_exit(server, worker):
    """On SIGTERM, give queued alerts a bounded chance to be published."""
    app = getattr(worker, "wsgi", None)
    shutdown = getattr(app, "shutdown", None)
    if callable(shutdown):
        shutdown(timeout=max(graceful_timeout - 5, 1))
