"""Secret redaction for log lines and any other text that leaves the service.

Redaction is pattern based and deliberately greedy: a false positive costs a few
characters of evidence, a false negative leaks a credential to the LLM provider
and to every subscriber of the SNS topic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

REDACTED = "[REDACTED]"

_PEM_BEGIN = re.compile(r"-----BEGIN [A-Z0-9 ]*?(?:PRIVATE KEY|CERTIFICATE|KEY BLOCK)[A-Z ]*-----")
_PEM_END = re.compile(r"-----END [A-Z0-9 ]*?(?:PRIVATE KEY|CERTIFICATE|KEY BLOCK)[A-Z ]*-----")
_PEM_INLINE = re.compile(r"-----BEGIN ([A-Z0-9 ]+)-----.*?(?:-----END \1-----|$)", re.DOTALL)

# The key must start at a token boundary (the lookbehind): without it the lazy prefix is
# retried from every position of a long token, which is quadratic on large log lines.
_SENSITIVE_KEY = (
    r"(?<![A-Za-z0-9_.-])(?:[A-Za-z0-9_.-]*?(?:password|passwd|passphrase|pwd|secret|token|api[_-]?key|apikey"
    r"|access[_-]?key|private[_-]?key|client[_-]?secret|credentials?|session[_-]?id|cookie"
    r"|signature|auth))"
)

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # Authorization headers and bearer/basic credentials.
    (
        re.compile(r"(?i)\b(authorization|proxy-authorization)(\"?\s*[:=]\s*\"?)[^\",}\n]+"),
        r"\1\2" + REDACTED,
    ),
    (re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}"), r"\1 " + REDACTED),
    # key=value / "key": "value" / key: value for sensitive-looking keys.
    (
        re.compile(
            r"(?i)(\"?" + _SENSITIVE_KEY + r"\"?\s*[:=]\s*)(\"[^\"]*\"|'[^']*'|[^\s,;&}\]]+)"
        ),
        r"\1" + REDACTED,
    ),
    # Credentials inside URLs: scheme://user:password@host
    (
        re.compile(r"(?i)(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*://)[^/\s:@]+:[^/\s@]+@"),
        r"\1" + REDACTED + "@",
    ),
    # Well-known token formats.
    (re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\b"), REDACTED),
    (re.compile(r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA)[A-Z0-9]{16}\b"), REDACTED),
    (re.compile(r"\bgh[pousr]_[A-Za-z0-9]{30,}\b"), REDACTED),
    (re.compile(r"\bgithub_pat_[A-Za-z0-9_]{30,}\b"), REDACTED),
    (re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}\b"), REDACTED),
    (re.compile(r"\bsk-[A-Za-z0-9_-]{16,}\b"), REDACTED),
    (re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b"), REDACTED),
    (re.compile(r"\bglpat-[A-Za-z0-9_-]{20,}\b"), REDACTED),
    # A standalone 40-character mixed-case base64 string (the shape of an AWS secret
    # access key); lowercase hex such as git SHAs is left alone.
    (
        re.compile(
            r"(?<![A-Za-z0-9/+])(?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[a-z])"
            r"(?=[A-Za-z0-9/+]{0,39}[0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])"
        ),
        REDACTED,
    ),
    # Email addresses.
    (
        re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b"),
        "[REDACTED_EMAIL]",
    ),
]


def redact_text(text: str, extra_secrets: Iterable[str] = ()) -> str:
    """Redact secrets in a single piece of text (may contain newlines)."""
    if not text:
        return text
    for secret in extra_secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, REDACTED)
    text = _PEM_INLINE.sub("[REDACTED PEM BLOCK]", text)
    for pattern, repl in _PATTERNS:
        text = pattern.sub(repl, text)
    return text


def redact_lines(lines: Iterable[str], extra_secrets: Iterable[str] = ()) -> list[str]:
    """Redact a sequence of log lines, including PEM blocks split across lines."""
    extra = [s for s in extra_secrets if s]
    out: list[str] = []
    in_pem = False
    for line in lines:
        if in_pem:
            end = _PEM_END.search(line)
            if end:
                in_pem = False
                out.append(redact_text("[REDACTED PEM BLOCK]" + line[end.end() :], extra))
            else:
                out.append("[REDACTED PEM BLOCK]")
            continue
        begin = _PEM_BEGIN.search(line)
        if begin and not _PEM_END.search(line, begin.end()):
            in_pem = True
            out.append(redact_text(line[: begin.start()], extra) + "[REDACTED PEM BLOCK]")
            continue
        out.append(redact_text(line, extra))
    return out
