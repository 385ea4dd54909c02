"""Prometheus metrics, on a registry of their own (one per service instance)."""

from __future__ import annotations

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    PlatformCollector,
    ProcessCollector,
)

P = "alert_analyzer_"


class Metrics:
    def __init__(self) -> None:
        r = self.registry = CollectorRegistry()
        ProcessCollector(registry=r)
        PlatformCollector(registry=r)
        self.webhook_requests = Counter(
            P + "webhook_requests_total",
            "Webhook requests by HTTP status code",
            ["code"],
            registry=r,
        )
        self.alerts_received = Counter(
            P + "alerts_received_total", "Alerts received in valid webhook payloads", registry=r
        )
        self.alerts_skipped = Counter(
            P + "alerts_skipped_total", "Alerts not analysed, by reason", ["reason"], registry=r
        )
        self.alerts_enqueued = Counter(
            P + "alerts_enqueued_total", "Alerts queued for analysis", registry=r
        )
        self.queue_rejected = Counter(
            P + "queue_rejected_total", "Webhook requests answered 503: queue full", registry=r
        )
        self.queue_depth = Gauge(P + "queue_depth", "Alerts waiting in the work queue", registry=r)
        self.loki_requests = Counter(
            P + "loki_requests_total", "Loki query_range requests by result", ["result"], registry=r
        )
        self.llm_requests = Counter(
            P + "llm_requests_total",
            "LLM chat-completion requests by result",
            ["result"],
            registry=r,
        )
        self.sns_publish_attempts = Counter(
            P + "sns_publish_attempts_total", "SNS Publish calls by result", ["result"], registry=r
        )
        self.sns_publish_failures = Counter(
            P + "sns_publish_failures_total", "Failed SNS Publish calls (any attempt)", registry=r
        )
        self.notifications = Counter(
            P + "notifications_total",
            "Alerts processed, by outcome: complete (logs + analysis), degraded (sent "
            "without logs or analysis), failed (could not be published)",
            ["outcome"],
            registry=r,
        )
        self.processing_seconds = Histogram(
            P + "processing_seconds",
            "Time from dequeue to published notification",
            buckets=(0.1, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300),
            registry=r,
        )
