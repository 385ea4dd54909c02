"""JSON logging with a last-line-of-defence scrubber for configured secrets."""

from __future__ import annotations

import json
import logging
import sys
import time

from .redact import redact_text

_SECRETS: list[str] = []
_STD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


def register_secrets(secrets: list[str]) -> None:
    for s in secrets:
        if s and s not in _SECRETS:
            _SECRETS.append(s)


def _scrub(value):
    if isinstance(value, str):
        return redact_text(value, _SECRETS)
    if isinstance(value, int | float | bool) or value is None:
        return value
    return redact_text(str(value), _SECRETS)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info and record.exc_info[0] is not None:
            # Only the exception type: messages of HTTP/AWS errors can echo URLs or bodies.
            entry["exc_type"] = record.exc_info[0].__name__
        # Scrub each value (not the serialized text, which would break the JSON).
        clean = {k: _scrub(v) for k, v in entry.items()}
        return json.dumps(clean, default=str, ensure_ascii=False)


def setup_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    for h in list(root.handlers):
        root.removeHandler(h)
    root.addHandler(handler)
    root.setLevel(level)
    # Third-party libraries log request details (URLs, headers) at DEBUG.
    for noisy in ("botocore", "boto3", "urllib3", "s3transfer"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
