"""Publishing to AWS SNS with bounded retries and exponential backoff."""

from __future__ import annotations

import logging
import random
import time

import boto3
from botocore.config import Config as BotoConfig
from botocore.exceptions import BotoCoreError, ClientError, EndpointConnectionError

from .config import Config

log = logging.getLogger("analyzer.sns")

SNS_MAX_MESSAGE_BYTES = 262_144  # 256 KiB, the whole UTF-8 encoded message
MESSAGE_BUDGET_BYTES = SNS_MAX_MESSAGE_BYTES - 1024  # margin for the attributes/envelope
SUBJECT_MAX_CHARS = 99  # SNS: "less than 100 characters"

_RETRYABLE_CODES = {
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottled",
    "InternalError",
    "InternalFailure",
    "ServiceUnavailable",
    "KMSThrottling",
}


def make_subject(text: str) -> str:
    """SNS subject: printable, single line, < 100 characters, starting with a visible char."""
    cleaned = "".join(ch if ch.isprintable() else " " for ch in text)
    cleaned = " ".join(cleaned.split())
    if not cleaned:
        cleaned = "Alert"
    if len(cleaned) > SUBJECT_MAX_CHARS:
        cleaned = cleaned[: SUBJECT_MAX_CHARS - 3].rstrip() + "..."
    return cleaned


def fit_message(text: str, budget: int = MESSAGE_BUDGET_BYTES) -> str:
    data = text.encode("utf-8")
    if len(data) <= budget:
        return text
    marker = "\n[message truncated to fit the SNS size limit]"
    cut = data[: budget - len(marker.encode())].decode("utf-8", "ignore")
    return cut + marker


def _retryable(exc: Exception) -> bool:
    if isinstance(exc, ClientError):
        err = exc.response.get("Error", {})
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        return status >= 500 or status == 429 or err.get("Code") in _RETRYABLE_CODES
    return isinstance(exc, BotoCoreError)  # connection errors, timeouts, ...


class PublishError(Exception):
    pass


class SNSPublisher:
    def __init__(self, cfg: Config, metrics, sleep=time.sleep):
        self.cfg = cfg
        self.metrics = metrics
        self.sleep = sleep
        self.client = boto3.session.Session().client(
            "sns",
            region_name=cfg.sns_region,
            endpoint_url=cfg.sns_endpoint_url or None,
            config=BotoConfig(
                retries={"total_max_attempts": 1, "mode": "standard"},  # retries are ours, counted
                connect_timeout=5,
                read_timeout=15,
            ),
        )

    def publish(self, subject: str, message: str, attributes: dict[str, str]) -> str:
        subject = make_subject(subject)
        message = fit_message(message)
        attrs = {
            k: {"DataType": "String", "StringValue": v[:256]} for k, v in attributes.items() if v
        }
        last: Exception | None = None
        for attempt in range(1, self.cfg.sns_max_attempts + 1):
            try:
                resp = self.client.publish(
                    TopicArn=self.cfg.sns_topic_arn,
                    Subject=subject,
                    Message=message,
                    MessageAttributes=attrs,
                )
            except (ClientError, BotoCoreError, EndpointConnectionError) as exc:
                last = exc
                self.metrics.sns_publish_attempts.labels(result="failure").inc()
                self.metrics.sns_publish_failures.inc()
                code = (
                    exc.response.get("Error", {}).get("Code", "")
                    if isinstance(exc, ClientError)
                    else type(exc).__name__
                )
                retry = _retryable(exc) and attempt < self.cfg.sns_max_attempts
                log.warning(
                    "sns publish failed",
                    extra={"attempt": attempt, "error_code": code, "will_retry": retry},
                )
                if not retry:
                    break
                delay = min(
                    self.cfg.sns_backoff_seconds * (2 ** (attempt - 1)),
                    self.cfg.sns_backoff_max_seconds,
                )
                self.sleep(delay * (0.5 + random.random() / 2))
                continue
            self.metrics.sns_publish_attempts.labels(result="success").inc()
            return resp.get("MessageId", "")
        raise PublishError(type(last).__name__ if last else "publish failed")
