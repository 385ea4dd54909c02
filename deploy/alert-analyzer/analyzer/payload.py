"""Validation of the Alertmanager webhook (version 4) payload."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from .timeutil import Timestamp, parse_rfc3339

MAX_ALERTS = 1000
MAX_LABELS = 200
MAX_VALUE_LEN = 16_384


class PayloadError(ValueError):
    """The payload does not have the Alertmanager v4 shape. The message is safe to return."""


@dataclass(frozen=True)
class Alert:
    status: str
    labels: dict[str, str]
    annotations: dict[str, str]
    starts_at: Timestamp
    ends_at: Timestamp | None
    fingerprint: str
    generator_url: str = ""
    external_url: str = ""
    receiver: str = ""
    group_key: str = ""
    received_ns: int = field(default=0, compare=False)

    @property
    def name(self) -> str:
        return self.labels.get("alertname", "")

    @property
    def severity(self) -> str:
        return self.labels.get("severity", "")


def _str_map(obj: object, where: str) -> dict[str, str]:
    if obj is None:
        return {}
    if not isinstance(obj, dict):
        raise PayloadError(f"{where} must be an object")
    if len(obj) > MAX_LABELS:
        raise PayloadError(f"{where} has too many entries")
    out = {}
    for k, v in obj.items():
        if not isinstance(v, str):
            raise PayloadError(f"{where}.{k} must be a string")
        if len(v) > MAX_VALUE_LEN:
            raise PayloadError(f"{where}.{k} is too long")
        out[k] = v
    return out


def _fingerprint(labels: dict[str, str]) -> str:
    data = "\x00".join(f"{k}\xff{v}" for k, v in sorted(labels.items()))
    return hashlib.sha256(data.encode()).hexdigest()[:16]


def parse_payload(doc: object) -> list[Alert]:
    if not isinstance(doc, dict):
        raise PayloadError("payload must be a JSON object")
    version = doc.get("version")
    if version is not None and version != "4":
        raise PayloadError('unsupported payload version (expected "4")')
    alerts = doc.get("alerts")
    if not isinstance(alerts, list):
        raise PayloadError("alerts must be an array")
    if len(alerts) > MAX_ALERTS:
        raise PayloadError("too many alerts in one payload")
    receiver = doc.get("receiver", "")
    group_key = doc.get("groupKey", "")
    external_url = doc.get("externalURL", "")
    for name, val in (
        ("receiver", receiver),
        ("groupKey", group_key),
        ("externalURL", external_url),
    ):
        if not isinstance(val, str):
            raise PayloadError(f"{name} must be a string")
    group_status = doc.get("status", "firing")
    out = []
    for i, a in enumerate(alerts):
        where = f"alerts[{i}]"
        if not isinstance(a, dict):
            raise PayloadError(f"{where} must be an object")
        labels = _str_map(a.get("labels"), f"{where}.labels")
        if not labels.get("alertname"):
            raise PayloadError(f"{where}.labels.alertname is required")
        annotations = _str_map(a.get("annotations"), f"{where}.annotations")
        status = a.get("status", group_status)
        if status not in ("firing", "resolved"):
            raise PayloadError(f'{where}.status must be "firing" or "resolved"')
        try:
            starts_at = parse_rfc3339(a.get("startsAt"))
        except ValueError:
            raise PayloadError(f"{where}.startsAt must be an RFC 3339 timestamp") from None
        ends_at = None
        if a.get("endsAt") not in (None, ""):
            try:
                ends_at = parse_rfc3339(a.get("endsAt"))
            except ValueError:
                raise PayloadError(f"{where}.endsAt must be an RFC 3339 timestamp") from None
        fp = a.get("fingerprint") or _fingerprint(labels)
        gen = a.get("generatorURL", "")
        if not isinstance(fp, str) or len(fp) > 256:
            raise PayloadError(f"{where}.fingerprint must be a string")
        if not isinstance(gen, str):
            raise PayloadError(f"{where}.generatorURL must be a string")
        out.append(
            Alert(
                status=status,
                labels=labels,
                annotations=annotations,
                starts_at=starts_at,
                ends_at=ends_at if ends_at and not ends_at.is_zero() else None,
                fingerprint=fp,
                generator_url=gen,
                external_url=external_url,
                receiver=receiver,
                group_key=group_key,
            )
        )
    return out
