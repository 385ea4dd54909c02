"""The WSGI application: webhook intake, bounded work queue, worker threads."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import queue
import threading
import time

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from .config import Config
from .metrics import Metrics
from .payload import PayloadError, parse_payload
from .processor import Deduper, Processor

log = logging.getLogger("analyzer.app")

_REASONS = {
    200: "OK",
    202: "Accepted",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    411: "Length Required",
    413: "Payload Too Large",
    415: "Unsupported Media Type",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def _digest(value: bytes) -> bytes:
    return hashlib.sha256(value).digest()


class AnalyzerApp:
    def __init__(self, cfg: Config, processor: Processor | None = None, metrics=None, start=True):
        self.cfg = cfg
        self.metrics = metrics or Metrics()
        self.deduper = Deduper(cfg.dedup_cooldown_seconds)
        self.processor = processor or Processor(cfg, self.metrics, self.deduper)
        self.processor.deduper = self.deduper
        self.queue: queue.Queue = queue.Queue(maxsize=cfg.queue_max_size)
        self._enqueue_lock = threading.Lock()
        self._token_digest = _digest(cfg.webhook_token.encode())
        self._closing = False
        self._workers: list[threading.Thread] = []
        if start:
            self.start()

    # -- workers ---------------------------------------------------------------
    def start(self) -> None:
        for i in range(self.cfg.worker_threads):
            t = threading.Thread(target=self._work, name=f"analyzer-worker-{i}", daemon=True)
            t.start()
            self._workers.append(t)

    def _work(self) -> None:
        while True:
            alert = self.queue.get()
            try:
                if alert is None:
                    return
                self.metrics.queue_depth.set(self.queue.qsize())
                started = time.monotonic()
                try:
                    self.processor.process(alert)
                except Exception as exc:  # never let one alert kill the worker
                    self.deduper.clear(alert.fingerprint)
                    self.metrics.notifications.labels(outcome="failed").inc()
                    log.error(
                        "alert processing crashed",
                        extra={"alertname": alert.name, "exc_type": type(exc).__name__},
                    )
                self.metrics.processing_seconds.observe(time.monotonic() - started)
            finally:
                self.queue.task_done()

    def shutdown(self, timeout: float = 25.0) -> bool:
        """Stop accepting work, let the queue drain (bounded), stop the workers."""
        self._closing = True
        deadline = time.monotonic() + timeout
        while self.queue.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.05)
        drained = self.queue.unfinished_tasks == 0
        for _ in self._workers:
            try:
                self.queue.put_nowait(None)
            except queue.Full:
                break
        return drained

    def healthy(self) -> bool:
        return bool(self._workers) and all(t.is_alive() for t in self._workers)

    # -- HTTP ------------------------------------------------------------------
    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "")
        try:
            if path == "/webhook":
                if method != "POST":
                    return self._json(
                        start_response, 405, {"error": "method not allowed"}, [("Allow", "POST")]
                    )
                status, body, headers = self._webhook(environ)
                self.metrics.webhook_requests.labels(code=str(status)).inc()
                return self._json(start_response, status, body, headers)
            if path == "/healthz" and method in ("GET", "HEAD"):
                ok = self.healthy() and not self._closing
                return self._json(
                    start_response,
                    200 if ok else 503,
                    {"status": "ok" if ok else "unavailable", "queue_depth": self.queue.qsize()},
                )
            if path == "/metrics" and method in ("GET", "HEAD"):
                self.metrics.queue_depth.set(self.queue.qsize())
                data = generate_latest(self.metrics.registry)
                start_response(
                    "200 OK",
                    [("Content-Type", CONTENT_TYPE_LATEST), ("Content-Length", str(len(data)))],
                )
                return [data]
            return self._json(start_response, 404, {"error": "not found"})
        except Exception as exc:
            log.error("request failed", extra={"path": path, "exc_type": type(exc).__name__})
            return self._json(start_response, 500, {"error": "internal error"})

    @staticmethod
    def _json(start_response, status, body, headers=()):
        data = json.dumps(body).encode()
        start_response(
            f"{status} {_REASONS.get(status, '')}",
            [
                ("Content-Type", "application/json"),
                ("Content-Length", str(len(data))),
                ("Cache-Control", "no-store"),
                *headers,
            ],
        )
        return [data]

    def _authorized(self, environ) -> bool:
        header = environ.get("HTTP_AUTHORIZATION", "")
        scheme, _, token = header.partition(" ")
        token = token.strip()
        # Hash both sides so the comparison is constant time and length independent.
        supplied = _digest(token.encode("utf-8", "replace"))
        ok = hmac.compare_digest(supplied, self._token_digest)
        return ok and scheme.lower() == "bearer" and bool(token)

    def _read_body(self, environ) -> bytes | None:
        limit = self.cfg.max_body_bytes
        length = environ.get("CONTENT_LENGTH") or ""
        stream = environ["wsgi.input"]
        if length:
            try:
                n = int(length)
            except ValueError:
                return b""
            if n > limit:
                return None
            return stream.read(n) if n > 0 else b""
        data = stream.read(limit + 1)  # chunked or unknown length: read at most limit + 1
        return None if len(data) > limit else data

    def _webhook(self, environ):
        if not self._authorized(environ):
            log.warning(
                "webhook authentication failed",
                extra={"remote_addr": environ.get("REMOTE_ADDR", "")},
            )
            return (
                401,
                {"error": "unauthorized"},
                [("WWW-Authenticate", 'Bearer realm="alert-analyzer"')],
            )
        if self._closing:
            return 503, {"error": "shutting down"}, [("Retry-After", "5")]
        body = self._read_body(environ)
        if body is None:
            limit = self.cfg.max_body_bytes
            return 413, {"error": f"body larger than {limit} bytes"}, []
        try:
            doc = json.loads(body)
        except (ValueError, RecursionError):
            return 400, {"error": "invalid JSON"}, []
        try:
            alerts = parse_payload(doc)
        except PayloadError as exc:
            return 400, {"error": f"invalid payload: {exc}"}, []

        self.metrics.alerts_received.inc(len(alerts))
        candidates, skipped, duplicates = [], 0, 0
        for alert in alerts:
            if alert.status == "resolved":
                self.deduper.clear(alert.fingerprint)
                if self.cfg.skip_resolved:
                    self.metrics.alerts_skipped.labels(reason="resolved").inc()
                    skipped += 1
                    continue
            if alert.name in self.cfg.skip_alertnames:
                self.metrics.alerts_skipped.labels(reason="ignored_alertname").inc()
                skipped += 1
                continue
            candidates.append(alert)

        # Duplicate check, capacity check and marking happen under one lock, so two
        # concurrent deliveries of the same alert cannot both be queued.
        with self._enqueue_lock:
            todo, seen_in_payload = [], set()
            for alert in candidates:
                key = f"{alert.status}:{alert.fingerprint}"
                if key in seen_in_payload or (
                    alert.status == "firing" and self.deduper.is_duplicate(alert.fingerprint)
                ):
                    duplicates += 1
                    continue
                seen_in_payload.add(key)
                todo.append(alert)
            free = self.cfg.queue_max_size - self.queue.qsize()
            if len(todo) > free:
                self.metrics.queue_rejected.inc()
                log.warning("work queue full", extra={"alerts": len(todo), "free": free})
                return 503, {"error": "work queue full, retry later"}, [("Retry-After", "30")]
            for alert in todo:
                if alert.status == "firing":
                    self.deduper.mark(alert.fingerprint)
                self.queue.put_nowait(alert)
        if duplicates:
            self.metrics.alerts_skipped.labels(reason="duplicate").inc(duplicates)
        self.metrics.alerts_enqueued.inc(len(todo))
        self.metrics.queue_depth.set(self.queue.qsize())
        log.info(
            "webhook accepted",
            extra={
                "group_key": doc.get("groupKey", ""),
                "alerts": len(alerts),
                "queued": len(todo),
                "skipped": skipped,
                "duplicates": duplicates,
                "truncated_alerts": doc.get("truncatedAlerts", 0),
            },
        )
        status = 202 if todo else 200
        return status, {"queued": len(todo), "skipped": skipped, "duplicates": duplicates}, []


def create_app(cfg: Config | None = None) -> AnalyzerApp:
    from .config import load_config
    from .logsetup import register_secrets, setup_logging

    cfg = cfg or load_config()
    setup_logging(cfg.log_level)
    register_secrets(cfg.secrets())
    log.info(
        "alert analyzer starting",
        extra={
            "loki_url": cfg.loki_url,
            "llm_base_url": cfg.llm_base_url,
            "llm_model": cfg.llm_model,
            "sns_topic_arn": cfg.sns_topic_arn,
            "workers": cfg.worker_threads,
            "queue_max_size": cfg.queue_max_size,
        },
    )
    return AnalyzerApp(cfg)
