"""RFC 3339 timestamps with any fractional precision (0-9 digits) and offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

_RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?"
    r"(?:([Zz])|([+-])(\d{2}):(\d{2}))$"
)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Timestamp:
    """A UTC instant with nanosecond precision."""

    ns: int  # nanoseconds since the Unix epoch (may be negative, e.g. 0001-01-01)

    @property
    def datetime(self) -> datetime:
        return _EPOCH + timedelta(microseconds=self.ns // 1000)

    def isoformat(self) -> str:
        """RFC 3339 in UTC, with as many fractional digits as needed (max 9)."""
        secs, frac = divmod(self.ns, 1_000_000_000)
        d = _EPOCH + timedelta(seconds=secs)
        base = f"{d.year:04d}-{d.month:02d}-{d.day:02d}T{d.hour:02d}:{d.minute:02d}:{d.second:02d}"
        if frac:
            base += "." + f"{frac:09d}".rstrip("0")
        return base + "Z"

    def is_zero(self) -> bool:
        """Alertmanager's "no value" timestamp is 0001-01-01T00:00:00Z."""
        return self.datetime.year <= 1


def parse_rfc3339(value: object) -> Timestamp:
    if not isinstance(value, str):
        raise ValueError("timestamp must be a string")
    m = _RFC3339.match(value.strip())
    if not m:
        raise ValueError("not an RFC 3339 timestamp")
    year, month, day, hour, minute, second = (int(m.group(i)) for i in range(1, 7))
    frac = m.group(7) or ""
    if second == 60:  # leap second: clamp, as Go and most systems do
        second = 59
    try:
        dt = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError as exc:
        raise ValueError("not an RFC 3339 timestamp") from exc
    offset = 0
    if m.group(9):
        oh, om = int(m.group(10)), int(m.group(11))
        if oh > 23 or om > 59:
            raise ValueError("not an RFC 3339 timestamp")
        offset = (oh * 3600 + om * 60) * (1 if m.group(9) == "+" else -1)
    delta = dt - _EPOCH
    secs = delta.days * 86400 + delta.seconds - offset
    nanos = int(frac.ljust(9, "0")) if frac else 0
    return Timestamp(secs * 1_000_000_000 + nanos)


def now_ns() -> int:
    delta = datetime.now(UTC) - _EPOCH
    return (delta.days * 86400 + delta.seconds) * 1_000_000_000 + delta.microseconds * 1000
