"""Unit tests of the pure pieces (no servers)."""

from __future__ import annotations

import io
import json
import logging

import pytest

from analyzer.app import AnalyzerApp
from analyzer.config import ConfigError, load_config
from analyzer.llm import build_user_prompt, parse_analysis
from analyzer.logsetup import JsonFormatter, register_secrets
from analyzer.loki import build_selector, cap_lines, escape_logql, query_window
from analyzer.notify import SNS_MAX_MESSAGE_BYTES, fit_message, make_subject
from analyzer.payload import PayloadError, parse_payload
from analyzer.processor import Deduper
from analyzer.redact import redact_lines, redact_text
from analyzer.timeutil import parse_rfc3339

BASE_ENV = {
    "ANALYZER_WEBHOOK_TOKEN": "0123456789abcdef-token",
    "LOKI_URL": "http://127.0.0.1:1",
    "LLM_BASE_URL": "http://127.0.0.1:2/v1",
    "LLM_MODEL": "m",
    "SNS_TOPIC_ARN": "arn:aws:sns:eu-west-1:123456789012:alerts",
}
S = 1_000_000_000
T0 = 1768471200  # 2026-01-15T10:00:00Z


# ---------------------------------------------------------------- timestamps
@pytest.mark.parametrize(
    "text,ns",
    [
        ("2026-01-15T10:00:00Z", T0 * S),
        ("2026-01-15T10:00:00.123Z", T0 * S + 123_000_000),
        ("2026-01-15T10:00:00.123456Z", T0 * S + 123_456_000),
        ("2026-01-15T10:00:00.123456789Z", T0 * S + 123_456_789),
        ("2026-01-15T12:00:00.5+02:00", T0 * S + 500_000_000),
        ("2026-01-15T05:30:00-04:30", T0 * S),
        ("2026-01-15t10:00:00z", T0 * S),
        ("2026-01-15 10:00:00Z", T0 * S),
    ],
)
def test_rfc3339_all_precisions_and_offsets(text, ns):
    assert parse_rfc3339(text).ns == ns


@pytest.mark.parametrize(
    "bad",
    ["", "2026-01-15", "2026-01-15T10:00:00", "2026-13-01T00:00:00Z", "2026-01-15T10:00:00.Z",
     "2026-01-15T10:00:00.1234567890Z", "2026-01-15T10:00:00+2:00", 12345, None],
)  # fmt: skip
def test_rfc3339_rejects_invalid(bad):
    with pytest.raises(ValueError):
        parse_rfc3339(bad)


def test_timestamp_isoformat_roundtrip():
    ts = parse_rfc3339("2026-11-24T19:55:09.436452402Z")
    assert ts.isoformat() == "2026-11-24T19:55:09.436452402Z"
    assert parse_rfc3339("0001-01-01T00:00:00Z").is_zero()


# ---------------------------------------------------------------- redaction
SECRET_LINES = {
    "password=hunter2!": "hunter2!",
    'login failed {"user":"bob","password":"Tr0ub4dor&3"}': "Tr0ub4dor&3",
    "Authorization: Bearer eyAbCdEfGhIjKlMnOp123": "eyAbCdEfGhIjKlMnOp123",
    "curl -H 'authorization: Basic dXNlcjpwYXNzd29yZA=='": "dXNlcjpwYXNzd29yZA==",
    "aws key AKIAIOSFODNN7EXAMPLE used": "AKIAIOSFODNN7EXAMPLE",
    "secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY end": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "db url postgres://app:s3cr3tpw@db:5432/pets": "s3cr3tpw",
    "api_key: 9f8e7d6c5b4a": "9f8e7d6c5b4a",
    "client_secret=abcDEF123456": "abcDEF123456",
    "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTYifQ.c2lnbmF0dXJlLXZhbHVl": "eyJzdWIiOiIxMjM0NTYifQ",
    "notify owner jane.doe@example.org": "jane.doe@example.org",
    "gh token ghp_abcdefghijklmnopqrstuvwxyz0123456789": "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
    "key=-----BEGIN PRIVATE KEY-----MIIEvQIBADANBg-----END PRIVATE KEY-----": "MIIEvQIBADANBg",
    "X-Api-Token: tok_live_51HxYz": "tok_live_51HxYz",
}


@pytest.mark.parametrize("line,secret", list(SECRET_LINES.items()))
def test_redaction_removes_secret(line, secret):
    out = redact_text(line)
    assert secret not in out
    assert "REDACTED" in out


def test_redaction_keeps_ordinary_text():
    line = "GET /api/v1/dogs 500 in 35ms commit=3f786850e387550fdab836ed7e6dc881de23001b"
    assert redact_text(line) == line


def test_multiline_pem_block_redacted():
    lines = [
        "loading key",
        "-----BEGIN RSA PRIVATE KEY-----",
        "MIIEowIBAAKCAQEA1234",
        "abcdEFGH5678",
        "-----END RSA PRIVATE KEY-----",
        "after",
    ]
    out = redact_lines(lines)
    assert out[0] == "loading key" and out[-1] == "after"
    assert not any("MIIE" in x or "abcdEFGH" in x for x in out)


def test_redaction_is_linear_on_long_adversarial_lines():
    import time

    shapes = ["y" * 2000, "a." * 1000, "0123456789abcdef" * 125, "a@" * 1000, "x=" * 1000,
              "http://" * 300, "Bearer " * 300, "-----BEGIN " * 200]  # fmt: skip
    lines = [shape for shape in shapes for _ in range(25)]  # 200 lines of ~2 KB
    started = time.perf_counter()
    redact_lines(lines)
    assert time.perf_counter() - started < 2.0  # ~0.2 s here; quadratic patterns took minutes


def test_configured_secret_values_redacted():
    assert "mytoken123456" not in redact_text("x mytoken123456 y", ["mytoken123456"])


def test_json_formatter_scrubs_secrets():
    register_secrets(["supersecretvalue-123"])
    rec = logging.LogRecord("t", logging.INFO, __file__, 1, "token supersecretvalue-123", (), None)
    rec.extra_field = "password=abc"
    out = JsonFormatter().format(rec)
    doc = json.loads(out)
    assert "supersecretvalue-123" not in out and "abc" not in doc["extra_field"]


# ---------------------------------------------------------------- Loki query
def test_selector_prefers_pod_then_fallbacks():
    order = ("pod", "container", "app", "job")
    assert build_selector({"namespace": "a", "pod": "p", "app": "x"}, order) == (
        '{namespace="a", pod="p"}'
    )
    assert build_selector({"namespace": "a", "container": "c"}, order) == (
        '{namespace="a", container="c"}'
    )
    assert build_selector({"app": "x", "job": "j"}, order) == '{app="x"}'
    assert build_selector({"job": "j"}, order) == '{job="j"}'
    assert build_selector({"namespace": "a"}, order) == '{namespace="a"}'
    assert build_selector({"alertname": "X"}, order) is None


def test_selector_escapes_values():
    assert escape_logql('a"b\\c\nd') == 'a\\"b\\\\c\\nd'
    sel = build_selector({"pod": 'evil"} |= "x'}, ("pod",))
    assert sel == '{pod="evil\\"} |= \\"x"}'


def _alert(starts="2026-01-15T10:00:00Z", **labels):
    doc = {"alerts": [{"labels": {"alertname": "A", **labels}, "startsAt": starts}]}
    return parse_payload(doc)[0]


def test_window_around_starts_at_clamped_to_now():
    cfg = load_config(BASE_ENV)
    a = _alert()
    w = query_window(a, cfg, now=(T0 + 3600) * S)
    assert (w.start_ns, w.end_ns) == ((T0 - 900) * S, (T0 + 300) * S)
    w = query_window(a, cfg, now=(T0 + 60) * S)  # alert just started: end is now
    assert (w.start_ns, w.end_ns) == ((T0 - 900) * S, (T0 + 60) * S)
    w = query_window(a, cfg, now=(T0 - 5000) * S)  # startsAt in the future (clock skew)
    assert w.end_ns == (T0 - 5000) * S and w.start_ns < w.end_ns


def test_cap_lines_by_count_and_bytes():
    lines = [(i, "x" * 99) for i in range(100)]
    kept, truncated = cap_lines(lines, 10, 100_000)
    assert len(kept) == 10 and truncated
    kept, truncated = cap_lines(lines, 1000, 1000)
    assert len(kept) == 10 and truncated and sum(len(x) + 1 for _, x in kept) <= 1000
    kept, truncated = cap_lines(lines[:3], 10, 100_000)
    assert len(kept) == 3 and not truncated


# ---------------------------------------------------------------- SNS limits
def test_subject_single_line_under_100_chars():
    s = make_subject("[FIRING] " + "VeryLongAlertName" * 20 + "\nsecond line\r\x00")
    assert len(s) < 100 and "\n" not in s and "\r" not in s and s.isprintable()
    assert make_subject("\n\n") == "Alert"


def test_message_fits_sns_limit_utf8():
    big = "é" * 300_000  # 600 KB in UTF-8
    out = fit_message(big)
    assert len(out.encode("utf-8")) <= SNS_MAX_MESSAGE_BYTES
    assert out.endswith("SNS size limit]")
    assert fit_message("small") == "small"


# ---------------------------------------------------------------- config
def test_config_missing_required_lists_everything():
    with pytest.raises(ConfigError) as exc:
        load_config({})
    msg = str(exc.value)
    for name in (
        "ANALYZER_WEBHOOK_TOKEN",
        "LOKI_URL",
        "LLM_BASE_URL",
        "LLM_MODEL",
        "SNS_TOPIC_ARN",
    ):
        assert name in msg


def test_config_validates_values():
    env = dict(BASE_ENV, QUEUE_MAX_SIZE="zero", LOKI_URL="ftp://x", SKIP_RESOLVED="maybe")
    env["LLM_BASE_URL"] = "https://user:pw@llm.example/v1"
    with pytest.raises(ConfigError) as exc:
        load_config(env)
    msg = str(exc.value)
    assert "QUEUE_MAX_SIZE" in msg and "LOKI_URL" in msg and "SKIP_RESOLVED" in msg
    assert "LLM_BASE_URL must not contain credentials" in msg and "pw" not in msg


def test_config_secret_from_file(tmp_path):
    f = tmp_path / "tok"
    f.write_text("file-token-0123456789\n")
    env = dict(BASE_ENV, ANALYZER_WEBHOOK_TOKEN_FILE=str(f))
    with pytest.raises(ConfigError, match="both set"):
        load_config(env)
    del env["ANALYZER_WEBHOOK_TOKEN"]
    cfg = load_config(env)
    assert cfg.webhook_token == "file-token-0123456789"
    assert "file-token" not in repr(cfg)
    assert cfg.sns_region == "eu-west-1"  # from the topic ARN
    with pytest.raises(ConfigError, match="at least 16"):
        load_config(dict(BASE_ENV, ANALYZER_WEBHOOK_TOKEN="short"))


# ---------------------------------------------------------------- payload / LLM
def test_payload_shape_errors_are_specific_and_safe():
    cases = [
        ([], "payload must be a JSON object"),
        ({"alerts": "x"}, "alerts must be an array"),
        ({"version": "3", "alerts": []}, "unsupported payload version"),
        ({"alerts": [{"labels": {}}]}, "alertname is required"),
        ({"alerts": [{"labels": {"alertname": "A"}, "startsAt": "yesterday"}]}, "startsAt"),
        ({"alerts": [{"labels": {"alertname": 5}, "startsAt": "2026-01-15T10:00:00Z"}]}, "string"),
    ]
    for doc, msg in cases:
        with pytest.raises(PayloadError, match=msg):
            parse_payload(doc)


def test_prompt_contains_alert_context_and_excerpt():
    a = _alert(namespace="clinic", pod="api-0", severity="critical")
    p = build_user_prompt(a, "W1 .. W2", '{pod="api-0"}', ["line one", "line two"], "")
    for part in ("Alert name: A", "Severity: critical", "pod=api-0", "W1 .. W2", "line two"):
        assert part in p


def test_parse_analysis_structured_and_fallback():
    a = parse_analysis('```json\n{"summary":"s","likely_cause":"c","evidence":["e"],'
                       '"next_steps":["n1","n2"]}\n```')  # fmt: skip
    assert (a.structured, a.summary, a.evidence, a.next_steps) == (True, "s", ["e"], ["n1", "n2"])
    b = parse_analysis("I think the database is down.")
    assert not b.structured and b.raw == "I think the database is down."


# ---------------------------------------------------------------- dedup / queue
def test_deduper_cooldown_and_clear():
    now = [1000.0]
    d = Deduper(60, clock=lambda: now[0])
    assert not d.is_duplicate("fp")
    d.mark("fp")
    assert d.is_duplicate("fp")
    now[0] += 61
    assert not d.is_duplicate("fp")
    d.mark("fp")
    d.clear("fp")
    assert not d.is_duplicate("fp")


def _call(app, body: bytes, token="0123456789abcdef-token"):
    env = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/webhook",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "HTTP_AUTHORIZATION": f"Bearer {token}",
    }
    out = {}

    def start_response(status, headers):
        out["status"], out["headers"] = int(status.split()[0]), dict(headers)

    data = b"".join(app(env, start_response))
    return out["status"], json.loads(data), out["headers"]


def test_queue_full_answers_503_without_partial_enqueue():
    cfg = load_config(dict(BASE_ENV, QUEUE_MAX_SIZE="2"))
    app = AnalyzerApp(cfg, processor=object.__new__(type("P", (), {})), start=False)

    def payload(*fps):
        return json.dumps({
            "version": "4",
            "alerts": [
                {"labels": {"alertname": "Q", "i": fp}, "startsAt": "2026-01-15T10:00:00Z",
                 "fingerprint": fp, "status": "firing"}
                for fp in fps
            ],
        }).encode()  # fmt: skip

    assert _call(app, payload("a"))[0] == 202
    status, body, headers = _call(app, payload("b", "c"))  # 1 free slot, 2 alerts
    assert status == 503 and headers["Retry-After"] == "30"
    assert app.queue.qsize() == 1
    assert not app.deduper.is_duplicate("b")  # a rejected alert is not marked as seen
    assert _call(app, payload("b"))[0] == 202
    assert _call(app, payload("c"))[0] == 503
    assert app.metrics.queue_rejected._value.get() == 2
