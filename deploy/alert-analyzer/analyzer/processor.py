"""One alert -> logs -> analysis -> notification, and duplicate suppression."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from .config import Config
from .llm import Analysis, LLMClient, LLMError, build_user_prompt
from .loki import LogResult, LokiClient, LokiError, cap_lines, query_window
from .notify import PublishError, SNSPublisher
from .payload import Alert
from .redact import redact_lines, redact_text
from .timeutil import Timestamp

log = logging.getLogger("analyzer.processor")


class Deduper:
    """Fingerprint -> time of the last accepted notification, with a cooldown.

    A resolved alert clears its fingerprint, so the next firing is notified at once.
    """

    MAX_ENTRIES = 50_000

    def __init__(self, cooldown_seconds: float, clock=time.monotonic):
        self.cooldown = cooldown_seconds
        self.clock = clock
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def is_duplicate(self, fingerprint: str) -> bool:
        with self._lock:
            t = self._seen.get(fingerprint)
            return t is not None and self.clock() - t < self.cooldown

    def mark(self, fingerprint: str) -> None:
        with self._lock:
            now = self.clock()
            if len(self._seen) >= self.MAX_ENTRIES:
                self._seen = {k: v for k, v in self._seen.items() if now - v < self.cooldown}
                while len(self._seen) >= self.MAX_ENTRIES:  # still full: drop the oldest
                    self._seen.pop(min(self._seen, key=self._seen.__getitem__))
            self._seen[fingerprint] = now

    def clear(self, fingerprint: str) -> None:
        with self._lock:
            self._seen.pop(fingerprint, None)


PRECUT_CHARS = 8192  # a line is cut to this before redaction, to 2 KB after it


def preselect(lines, max_lines: int, max_bytes: int):
    """The lines that can end up in the excerpt, so that only those are redacted.

    Redaction (regular expressions) is the expensive step; Loki may return thousands of
    lines. Lines are cut to PRECUT_CHARS, and selection stops at max_lines or once the raw
    size reaches 4 x max_bytes (redaction seldom shrinks text more than that).
    """
    out, size = [], 0
    for ts, line in lines[:max_lines]:
        if size >= 4 * max_bytes:
            break
        line = line[:PRECUT_CHARS]
        out.append((ts, line))
        size += len(line) + 1
    return out


def _fmt_ns(ns: int) -> str:
    return Timestamp(ns).isoformat()


@dataclass
class Outcome:
    outcome: str  # complete | degraded | failed
    message_id: str = ""
    subject: str = ""
    message: str = ""


class Processor:
    def __init__(self, cfg: Config, metrics, deduper: Deduper, loki=None, llm=None, sns=None):
        self.cfg = cfg
        self.metrics = metrics
        self.deduper = deduper
        self.loki = loki or LokiClient(cfg, metrics)
        self.llm = llm or LLMClient(cfg, metrics)
        self.sns = sns or SNSPublisher(cfg, metrics)
        self.secrets = cfg.secrets()

    def _redact(self, text: str) -> str:
        return redact_text(text, self.secrets)

    def process(self, alert: Alert) -> Outcome:
        cfg = self.cfg
        problems: list[str] = []

        # 1. Logs
        try:
            logs = self.loki.fetch(alert)
            if logs.query is None:
                problems.append(
                    "logs not fetched: the alert has none of the labels "
                    + ", ".join(("namespace", *cfg.loki_selector_labels))
                )
        except LokiError as exc:
            logs = LogResult(query=None, window=query_window(alert, cfg))
            problems.append(f"logs unavailable: {exc}")
        candidates = preselect(logs.lines, cfg.log_max_lines, cfg.log_max_bytes)
        redacted = redact_lines([line for _, line in candidates], self.secrets)
        capped, truncated = cap_lines(
            list(zip([ts for ts, _ in candidates], redacted, strict=True)),
            cfg.log_max_lines,
            cfg.log_max_bytes,
        )
        truncated = truncated or len(candidates) < len(logs.lines)
        excerpt = [f"{_fmt_ns(ts)} {line}" for ts, line in capped]
        window_text = f"{_fmt_ns(logs.window.start_ns)} .. {_fmt_ns(logs.window.end_ns)}"
        if logs.query is not None and not problems and not logs.lines:
            note = "Loki returned no log lines for this window."
        else:
            note = "; ".join(problems)

        # 2. Analysis (the prompt is redacted as a whole: labels/annotations can leak too)
        analysis: Analysis | None = None
        prompt = self._redact(build_user_prompt(alert, window_text, logs.query, excerpt, note))
        try:
            analysis = self.llm.analyze(prompt)
        except LLMError as exc:
            problems.append(f"analysis unavailable: {exc}")

        # 3. Notification (always sent, marked when degraded)
        subject, message = self.compose(
            alert, logs, excerpt, truncated, window_text, analysis, problems
        )
        subject, message = self._redact(subject), self._redact(message)
        attributes = {
            "alertname": alert.name,
            "severity": alert.severity,
            "status": alert.status,
            "fingerprint": alert.fingerprint,
            "analysis": "degraded" if problems else "complete",
        }
        try:
            message_id = self.sns.publish(subject, message, attributes)
        except PublishError:
            self.deduper.clear(alert.fingerprint)  # let Alertmanager's next repeat try again
            self.metrics.notifications.labels(outcome="failed").inc()
            log.error(
                "notification could not be published",
                extra={"alertname": alert.name, "fingerprint": alert.fingerprint},
            )
            return Outcome("failed", subject=subject, message=message)
        outcome = "degraded" if problems else "complete"
        self.metrics.notifications.labels(outcome=outcome).inc()
        log.info(
            "notification published",
            extra={
                "alertname": alert.name,
                "fingerprint": alert.fingerprint,
                "outcome": outcome,
                "log_lines": len(excerpt),
                "message_id": message_id,
            },
        )
        return Outcome(outcome, message_id, subject, message)

    def compose(self, alert, logs, excerpt, truncated, window_text, analysis, problems):
        where = "/".join(v for v in (alert.labels.get("namespace"), alert.labels.get("pod")) if v)
        tag = "[PARTIAL] " if problems else ""
        subject = f"{tag}[{alert.status.upper()}] {alert.name}"
        if alert.severity:
            subject += f" ({alert.severity})"
        if where:
            subject += f" {where}"

        out: list[str] = [f"{alert.status.upper()}: {alert.name}  severity={alert.severity or '-'}"]
        if problems:
            out.append("ANALYSIS INCOMPLETE: " + "; ".join(problems) + ".")
            out.append("This message carries the alert and whatever log evidence was available.")
        out.append("")
        if analysis is not None and analysis.structured:
            out.append("Summary: " + (analysis.summary or "-"))
            out.append("Likely cause: " + (analysis.likely_cause or "-"))
            out.append("Evidence:")
            out.extend(f"  - {e}" for e in analysis.evidence or ["(none given)"])
            out.append("Next steps:")
            out.extend(f"  {i}. {s}" for i, s in enumerate(analysis.next_steps or ["-"], 1))
        elif analysis is not None:
            out.append("Analysis (unstructured answer from the model):")
            out.append(analysis.raw[:8000])
        else:
            out.append("Analysis: not available.")
        out.append("")
        out.append("Alert")
        out.append(f"  Started: {alert.starts_at.isoformat()}")
        if alert.ends_at is not None:
            out.append(f"  Ends: {alert.ends_at.isoformat()}")
        out.append("  Labels: " + ", ".join(f"{k}={v}" for k, v in sorted(alert.labels.items())))
        for k, v in sorted(alert.annotations.items()):
            out.append(f"  {k}: {v}")
        if alert.generator_url:
            out.append(f"  Source: {alert.generator_url}")
        out.append(f"  Fingerprint: {alert.fingerprint}")
        out.append("")
        out.append("Logs (secrets redacted)")
        out.append(f"  Query: {logs.query or '-'}")
        out.append(f"  Window: {window_text}")
        shown = f"  Lines: {len(excerpt)}"
        if truncated or logs.total_lines > len(excerpt):
            shown += f" shown of {logs.total_lines} (truncated)"
        out.append(shown)
        if excerpt:
            out.append("  ---")
            out.extend(excerpt)
        return subject, "\n".join(out)
