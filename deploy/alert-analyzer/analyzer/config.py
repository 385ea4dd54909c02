"""Configuration, read only from environment variables and validated at start."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit


class ConfigError(Exception):
    """Raised with a human-readable message when the environment is invalid."""


def _secret(env: dict[str, str], name: str, required: bool, errors: list[str]) -> str:
    """Read NAME or NAME_FILE (file content, trailing newline stripped)."""
    value = env.get(name, "")
    path = env.get(name + "_FILE", "")
    if value and path:
        errors.append(f"{name} and {name}_FILE are both set; set only one")
        return ""
    if path:
        try:
            with open(path, encoding="utf-8") as fh:
                value = fh.read().strip()
        except OSError as exc:
            errors.append(f"{name}_FILE: cannot read {path!r} ({exc.strerror})")
            return ""
        if not value:
            errors.append(f"{name}_FILE: file {path!r} is empty")
            return ""
    if required and not value:
        errors.append(f"{name} (or {name}_FILE) is required")
    return value


def _int(env, name, default, errors, lo=None, hi=None) -> int:
    raw = env.get(name, "")
    if raw == "":
        return default
    try:
        val = int(raw)
    except ValueError:
        errors.append(f"{name} must be an integer, got {raw!r}")
        return default
    if (lo is not None and val < lo) or (hi is not None and val > hi):
        errors.append(f"{name} must be between {lo} and {hi}, got {val}")
    return val


def _float(env, name, default, errors, lo=None, hi=None) -> float:
    raw = env.get(name, "")
    if raw == "":
        return default
    try:
        val = float(raw)
    except ValueError:
        errors.append(f"{name} must be a number, got {raw!r}")
        return default
    if (lo is not None and val < lo) or (hi is not None and val > hi):
        errors.append(f"{name} must be between {lo} and {hi}, got {val}")
    return val


def _bool(env, name, default, errors) -> bool:
    raw = env.get(name, "").strip().lower()
    if raw == "":
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    errors.append(f"{name} must be true or false, got {raw!r}")
    return default


def _url(env, name, errors, required=True) -> str:
    raw = env.get(name, "").strip()
    if not raw:
        if required:
            errors.append(f"{name} is required")
        return ""
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        errors.append(f"{name} must be an http(s) URL")
        return ""
    if parts.username or parts.password:
        errors.append(f"{name} must not contain credentials; use the *_TOKEN/*_FILE variables")
        return ""
    return raw.rstrip("/")


def _list(env, name, default) -> tuple[str, ...]:
    raw = env.get(name)
    if raw is None:
        return default
    return tuple(x.strip() for x in raw.split(",") if x.strip())


@dataclass(frozen=True)
class Config:
    webhook_token: str = field(repr=False)
    max_body_bytes: int
    queue_max_size: int
    worker_threads: int
    skip_resolved: bool
    skip_alertnames: tuple[str, ...]
    dedup_cooldown_seconds: float
    log_level: str

    loki_url: str
    loki_token: str = field(repr=False)
    loki_tenant: str
    loki_timeout_seconds: float
    loki_retries: int
    loki_retry_backoff_seconds: float
    loki_window_before_seconds: int
    loki_window_after_seconds: int
    loki_limit: int
    loki_selector_labels: tuple[str, ...]
    log_max_lines: int
    log_max_bytes: int

    llm_base_url: str
    llm_api_key: str = field(repr=False)
    llm_model: str
    llm_max_tokens: int
    llm_timeout_seconds: float
    llm_temperature: float

    sns_topic_arn: str
    sns_region: str
    sns_endpoint_url: str
    sns_max_attempts: int
    sns_backoff_seconds: float
    sns_backoff_max_seconds: float

    def secrets(self) -> list[str]:
        """Configured secret values, for scrubbing from anything that is logged."""
        return [s for s in (self.webhook_token, self.loki_token, self.llm_api_key) if s]


LABEL_NAME_OK = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def load_config(env: dict[str, str] | None = None) -> Config:
    env = dict(os.environ if env is None else env)
    errors: list[str] = []

    token = _secret(env, "ANALYZER_WEBHOOK_TOKEN", True, errors)
    if token and len(token) < 16:
        errors.append("ANALYZER_WEBHOOK_TOKEN must be at least 16 characters")

    selector_labels = _list(env, "LOKI_SELECTOR_LABELS", ("pod", "container", "app", "job"))
    for lbl in selector_labels:
        if not lbl or lbl[0].isdigit() or not set(lbl) <= LABEL_NAME_OK:
            errors.append(f"LOKI_SELECTOR_LABELS: {lbl!r} is not a valid label name")

    region = env.get("SNS_REGION") or env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or ""
    topic = env.get("SNS_TOPIC_ARN", "").strip()
    if not topic:
        errors.append("SNS_TOPIC_ARN is required")
    elif not topic.startswith("arn:") or topic.count(":") < 5:
        errors.append("SNS_TOPIC_ARN must be an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME)")
    if not region and topic.count(":") >= 5:
        region = topic.split(":")[3]
    if not region:
        errors.append("SNS_REGION (or AWS_REGION) is required")

    log_level = env.get("LOG_LEVEL", "INFO").upper()
    if log_level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        errors.append("LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR")

    cfg = Config(
        webhook_token=token,
        max_body_bytes=_int(env, "MAX_BODY_BYTES", 1_048_576, errors, 1024, 64 * 1_048_576),
        queue_max_size=_int(env, "QUEUE_MAX_SIZE", 100, errors, 1, 100_000),
        worker_threads=_int(env, "WORKER_THREADS", 2, errors, 1, 64),
        skip_resolved=_bool(env, "SKIP_RESOLVED", True, errors),
        skip_alertnames=_list(env, "SKIP_ALERTNAMES", ("Watchdog", "InfoInhibitor")),
        dedup_cooldown_seconds=_float(env, "DEDUP_COOLDOWN_SECONDS", 900.0, errors, 0, 7 * 86400),
        log_level=log_level,
        loki_url=_url(env, "LOKI_URL", errors),
        loki_token=_secret(env, "LOKI_TOKEN", False, errors),
        loki_tenant=env.get("LOKI_TENANT", "").strip(),
        loki_timeout_seconds=_float(env, "LOKI_TIMEOUT_SECONDS", 5.0, errors, 0.1, 300),
        loki_retries=_int(env, "LOKI_RETRIES", 2, errors, 0, 10),
        loki_retry_backoff_seconds=_float(env, "LOKI_RETRY_BACKOFF_SECONDS", 0.5, errors, 0, 60),
        loki_window_before_seconds=_int(env, "LOKI_WINDOW_BEFORE_SECONDS", 900, errors, 0, 86400),
        loki_window_after_seconds=_int(env, "LOKI_WINDOW_AFTER_SECONDS", 300, errors, 0, 86400),
        loki_limit=_int(env, "LOKI_LIMIT", 1000, errors, 1, 5000),
        loki_selector_labels=selector_labels,
        log_max_lines=_int(env, "LOG_MAX_LINES", 200, errors, 1, 5000),
        log_max_bytes=_int(env, "LOG_MAX_BYTES", 32_768, errors, 256, 200_000),
        llm_base_url=_url(env, "LLM_BASE_URL", errors),
        llm_api_key=_secret(env, "LLM_API_KEY", False, errors),
        llm_model=env.get("LLM_MODEL", "").strip(),
        llm_max_tokens=_int(env, "LLM_MAX_TOKENS", 800, errors, 16, 32_000),
        llm_timeout_seconds=_float(env, "LLM_TIMEOUT_SECONDS", 30.0, errors, 0.1, 600),
        llm_temperature=_float(env, "LLM_TEMPERATURE", 0.2, errors, 0, 2),
        sns_topic_arn=topic,
        sns_region=region,
        sns_endpoint_url=_url(env, "SNS_ENDPOINT_URL", errors, required=False),
        sns_max_attempts=_int(env, "SNS_MAX_ATTEMPTS", 4, errors, 1, 20),
        sns_backoff_seconds=_float(env, "SNS_BACKOFF_SECONDS", 1.0, errors, 0, 60),
        sns_backoff_max_seconds=_float(env, "SNS_BACKOFF_MAX_SECONDS", 20.0, errors, 0, 600),
    )
    if not cfg.llm_model:
        errors.append("LLM_MODEL is required")
    if errors:
        raise ConfigError("invalid configuration:\n  - " + "\n  - ".join(errors))
    return cfg
