"""Fake Loki and fake OpenAI-compatible LLM servers speaking the real HTTP wire formats,
and an HTTP proxy in front of moto that can inject SNS failures."""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import requests


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that gave up (e.g. the service's LLM timeout) is expected in these tests.
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Server:
    """A threaded HTTP server on 127.0.0.1 (free port) run in a background thread."""

    def __init__(self, handler_cls):
        self.httpd = _QuietServer(("127.0.0.1", 0), handler_cls)
        self.httpd.daemon_threads = True
        self.httpd.owner = self
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=5)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep test output quiet
        pass

    def _send(self, status, body: bytes, ctype="application/json", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)


# ---------------------------------------------------------------------------- Loki
class _LokiHandler(_Handler):
    def do_GET(self):
        fake: FakeLoki = self.server.owner
        parts = urlsplit(self.path)
        if parts.path != "/loki/api/v1/query_range":
            return self._send(404, b'{"message":"not found"}')
        params = {k: v[0] for k, v in parse_qs(parts.query).items()}
        with fake.lock:
            fake.requests.append({"params": params, "headers": dict(self.headers)})
            fail = fake.fail_next > 0
            if fail:
                fake.fail_next -= 1
            streams = fake.streams_for(params.get("query", ""))
            delay = fake.lookup(fake.delay_for, params.get("query", ""), 0.0)
            status = fake.lookup(fake.status_for, params.get("query", ""), 200)
        if delay:
            fake.stopping.wait(delay)
        if status != 200:
            return self._send(status, b"parse error: unexpected IDENTIFIER\n", "text/plain")
        if fail:
            return self._send(500, b"internal server error\n", "text/plain")
        # Real Loki: required params and numeric limit.
        if "query" not in params:
            return self._send(400, b"query is required\n", "text/plain")
        body = {
            "status": "success",
            "data": {
                "resultType": "streams",
                "result": streams,
                "stats": {"summary": {"bytesProcessedPerSecond": 1, "execTime": 0.001}},
            },
        }
        self._send(200, json.dumps(body).encode())


class FakeLoki(_Server):
    def __init__(self):
        super().__init__(_LokiHandler)
        self.requests: list[dict] = []
        self.fail_next = 0
        self.by_marker: dict[str, list[dict]] = {}
        self.delay_for: dict[str, float] = {}  # query marker -> seconds before answering
        self.status_for: dict[str, int] = {}  # query marker -> HTTP status to answer

    def set_streams(self, marker: str, streams: list[dict]):
        """Answer queries containing `marker` with `streams` (Loki's wire format)."""
        with self.lock:
            self.by_marker[marker] = streams

    @staticmethod
    def lookup(table: dict, query: str, default):
        return next((v for marker, v in table.items() if marker in query), default)

    def streams_for(self, query: str):
        for marker, streams in self.by_marker.items():
            if marker in query:
                return streams
        return []

    def requests_matching(self, marker: str):
        with self.lock:
            return [r for r in self.requests if marker in r["params"].get("query", "")]


def stream(labels: dict, values: list[tuple[int, str]]):
    return {"stream": labels, "values": [[str(ts), line] for ts, line in values]}


# ---------------------------------------------------------------------------- LLM
class _LLMHandler(_Handler):
    def do_POST(self):
        fake: FakeLLM = self.server.owner
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        if parts.path != "/v1/chat/completions":
            return self._send(404, b'{"error":{"message":"not found"}}')
        try:
            req = json.loads(raw)
        except ValueError:
            return self._send(400, b'{"error":{"message":"bad json","type":"invalid_request"}}')
        user = next((m["content"] for m in req.get("messages", []) if m["role"] == "user"), "")
        m = re.search(r"^Alert name: (.*)$", user, re.M)
        alertname = m.group(1) if m else ""
        with fake.lock:
            fake.requests.append(
                {"body": req, "headers": dict(self.headers), "alertname": alertname}
            )
            delay = fake.delay_for.get(alertname, 0.0)
            status = fake.status_for.get(alertname, 200)
        if delay:
            fake.stopping.wait(delay)  # interruptible at teardown
        if status != 200:
            err = {"error": {"message": "upstream failure", "type": "server_error"}}
            return self._send(status, json.dumps(err).encode())
        excerpt = user.split("<<<LOGS\n", 1)[-1].split("\nLOGS>>>", 1)[0].splitlines()
        evidence = [ln for ln in excerpt if ln and ln != "(no log lines)"][:2]
        content = json.dumps(
            {
                "summary": f"Fake analysis of {alertname}",
                "likely_cause": "fake cause: upstream dependency errors",
                "evidence": evidence,
                "next_steps": ["check the upstream dependency", "roll back the last deploy"],
            }
        )
        body = {
            "id": "chatcmpl-fake-1",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": req.get("model", ""),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": "```json\n" + content + "\n```"},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150},
        }
        self._send(200, json.dumps(body).encode())


class FakeLLM(_Server):
    def __init__(self):
        super().__init__(_LLMHandler)
        self.requests: list[dict] = []
        self.delay_for: dict[str, float] = {}
        self.status_for: dict[str, int] = {}

    def requests_for(self, alertname: str):
        with self.lock:
            return [r for r in self.requests if r["alertname"] == alertname]


# ---------------------------------------------------------------------------- SNS proxy
_SNS_ERROR = (
    b'<?xml version="1.0"?><ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">'
    b"<Error><Type>Receiver</Type><Code>InternalError</Code>"
    b"<Message>injected failure</Message></Error><RequestId>fake-1</RequestId></ErrorResponse>"
)


class _ProxyHandler(_Handler):
    def do_POST(self):
        proxy: FailingProxy = self.server.owner
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        with proxy.lock:
            proxy.seen += 1
            fail = proxy.fail_next > 0
            if fail:
                proxy.fail_next -= 1
        if fail:
            return self._send(500, _SNS_ERROR, "text/xml")
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host",)}
        resp = requests.post(proxy.upstream + self.path, data=raw, headers=headers, timeout=10)
        self._send(resp.status_code, resp.content, resp.headers.get("Content-Type", "text/xml"))


class FailingProxy(_Server):
    def __init__(self, upstream: str):
        super().__init__(_ProxyHandler)
        self.upstream = upstream
        self.fail_next = 0
        self.seen = 0
