"""Fetching the logs around an alert from Loki's query_range API."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

import requests

from .config import Config
from .payload import Alert
from .timeutil import now_ns

log = logging.getLogger("analyzer.loki")
NS = 1_000_000_000


class LokiError(Exception):
    """Loki could not be queried; the message is safe to show to on-call."""


def escape_logql(value: str) -> str:
    """Escape a value for a double-quoted LogQL string literal."""
    return (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )


def build_selector(labels: dict[str, str], selector_labels: tuple[str, ...]) -> str | None:
    """A stream selector from the alert's labels.

    `namespace` scopes the query when present; the most specific of the selector labels
    (pod, then container, app, job by default) narrows it. Without any of them, the
    namespace alone is used. Returns None when no usable label exists.
    """
    matchers = []
    ns = labels.get("namespace", "")
    if ns:
        matchers.append(f'namespace="{escape_logql(ns)}"')
    for name in selector_labels:
        value = labels.get(name, "")
        if value and name != "namespace":
            matchers.append(f'{name}="{escape_logql(value)}"')
            break
    if not matchers:
        return None
    return "{" + ", ".join(matchers) + "}"


@dataclass(frozen=True)
class Window:
    start_ns: int
    end_ns: int


def query_window(alert: Alert, cfg: Config, now: int | None = None) -> Window:
    """[startsAt - before, startsAt + after], with the end clamped to now."""
    now = now_ns() if now is None else now
    start = alert.starts_at.ns - cfg.loki_window_before_seconds * NS
    end = min(alert.starts_at.ns + cfg.loki_window_after_seconds * NS, now)
    if start >= end:  # startsAt in the future (clock skew): look back from now
        start = end - max(cfg.loki_window_before_seconds, 1) * NS
    return Window(start, end)


@dataclass
class LogResult:
    query: str | None
    window: Window
    lines: list[tuple[int, str]] = field(default_factory=list)  # (ns, line), time-ordered
    truncated: bool = False
    total_lines: int = 0


def _parse_streams(body: object) -> list[tuple[int, str]]:
    if not isinstance(body, dict) or body.get("status") != "success":
        raise LokiError("unexpected Loki response")
    data = body.get("data")
    if not isinstance(data, dict) or data.get("resultType") != "streams":
        raise LokiError("unexpected Loki response (not streams)")
    result = data.get("result")
    if not isinstance(result, list):
        raise LokiError("unexpected Loki response")
    out: list[tuple[int, str]] = []
    for stream in result:
        values = stream.get("values") if isinstance(stream, dict) else None
        if not isinstance(values, list):
            raise LokiError("unexpected Loki response")
        for v in values:
            if not (isinstance(v, list) and len(v) >= 2 and isinstance(v[1], str)):
                raise LokiError("unexpected Loki response")
            try:
                ts = int(v[0])
            except (TypeError, ValueError):
                raise LokiError("unexpected Loki response (timestamp)") from None
            out.append((ts, v[1]))
    out.sort(key=lambda tv: tv[0])  # streams are merged: order globally by time
    return out


def cap_lines(lines: list[tuple[int, str]], max_lines: int, max_bytes: int):
    """Keep the earliest lines within both caps. Returns (kept, truncated)."""
    kept: list[tuple[int, str]] = []
    size = 0
    for ts, line in lines:
        if len(line.encode()) > 2048:
            line = line.encode()[:2048].decode("utf-8", "ignore") + " [line truncated]"
        n = len(line.encode()) + 1
        if len(kept) >= max_lines or size + n > max_bytes:
            return kept, True
        kept.append((ts, line))
        size += n
    return kept, False


class LokiClient:
    def __init__(self, cfg: Config, metrics, session: requests.Session | None = None):
        self.cfg = cfg
        self.metrics = metrics
        self.session = session or requests.Session()
        self.session.trust_env = False  # no proxies/netrc picked up implicitly
        self.url = cfg.loki_url + "/loki/api/v1/query_range"

    def fetch(self, alert: Alert) -> LogResult:
        cfg = self.cfg
        window = query_window(alert, cfg)
        query = build_selector(alert.labels, cfg.loki_selector_labels)
        result = LogResult(query=query, window=window)
        if query is None:
            return result
        params = {
            "query": query,
            "start": str(window.start_ns),
            "end": str(window.end_ns),
            "limit": str(cfg.loki_limit),
            "direction": "forward",
        }
        headers = {"Accept": "application/json"}
        if cfg.loki_token:
            headers["Authorization"] = f"Bearer {cfg.loki_token}"
        if cfg.loki_tenant:
            headers["X-Scope-OrgID"] = cfg.loki_tenant
        attempts = cfg.loki_retries + 1
        for attempt in range(1, attempts + 1):
            try:
                resp = self.session.get(
                    self.url, params=params, headers=headers, timeout=cfg.loki_timeout_seconds
                )
            except requests.Timeout:
                self.metrics.loki_requests.labels(result="timeout").inc()
                raise LokiError("Loki query timed out") from None
            except requests.RequestException:
                self.metrics.loki_requests.labels(result="connection_error").inc()
                raise LokiError("Loki is unreachable") from None
            if resp.status_code >= 500:
                self.metrics.loki_requests.labels(result="http_5xx").inc()
                if attempt < attempts:
                    log.warning(
                        "loki 5xx, retrying",
                        extra={"status": resp.status_code, "attempt": attempt},
                    )
                    time.sleep(cfg.loki_retry_backoff_seconds * (2 ** (attempt - 1)))
                    continue
                raise LokiError(f"Loki answered HTTP {resp.status_code} after {attempts} attempts")
            if resp.status_code != 200:
                self.metrics.loki_requests.labels(result="http_4xx").inc()
                raise LokiError(f"Loki rejected the query (HTTP {resp.status_code})")
            try:
                body = resp.json()
            except ValueError:
                self.metrics.loki_requests.labels(result="bad_response").inc()
                raise LokiError("Loki returned invalid JSON") from None
            try:
                lines = _parse_streams(body)
            except LokiError:
                self.metrics.loki_requests.labels(result="bad_response").inc()
                raise
            self.metrics.loki_requests.labels(result="success").inc()
            result.total_lines = len(lines)
            result.lines = lines  # redacted and capped by the caller
            return result
        raise LokiError("Loki query failed")  # pragma: no cover - loop always returns/raises
