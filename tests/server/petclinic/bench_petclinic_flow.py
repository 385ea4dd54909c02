"""Per-step latency of the PetClinic CRUD flow (the reference JMeter plan's steps) against a real server
process on 127.0.0.1 (one uvicorn process, SQLite file in a temp dir, HTTP Basic, keep-alive client).

    PYTHONPATH=examples/server build-python/venv/bin/python tests/server/petclinic/bench_petclinic_flow.py [rounds]

Prints p50 / p95 / p99 / max in milliseconds per step. Bounded: `rounds` (default 200) flows, then it stops.
`run_flow(client, rounds)` runs the same flow against any server (bench/http/run.sh drives it against the
2-worker server on its seeded database); `--url URL --user U --password P` does that from the command line."""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Dict, List

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/server: the server fixtures' helpers
from conftest import start_server  # noqa: E402
from petclinic_support import API, basic  # noqa: E402


def run_flow(c: httpx.Client, rounds: int) -> Dict[str, List[float]]:
    """Runs `rounds` CRUD flows with `c` (base URL = the PetClinic API, credentials set); returns the
    milliseconds of every request, by step."""
    times: Dict[str, List[float]] = defaultdict(list)
    kind = c.post("/pettypes", json={"name": "benchcat"}).json()
    c.get("/owners?lastName=Zz")  # warm up (first Basic login costs an argon2 check)

    def step(name: str, method: str, path: str, expect: int, **kw: object) -> httpx.Response:
        t0 = time.perf_counter()
        r = c.request(method, path, **kw)
        times[name].append((time.perf_counter() - t0) * 1000)
        assert r.status_code == expect, (name, r.status_code, r.text)
        return r

    for i in range(rounds):
        last = "Bench" + "".join(chr(97 + int(d)) for d in str(i))
        owner = step(
            "create owner",
            "POST",
            "/owners",
            201,
            json={
                "firstName": "Betty",
                "lastName": last,
                "address": "1 Main St.",
                "city": "Madison",
                "telephone": "6085551749",
            },
        ).json()
        oid = owner["id"]
        step("get owner", "GET", f"/owners/{oid}", 200)
        step("search owners", "GET", f"/owners?lastName={last}", 200)
        step("update owner", "PUT", f"/owners/{oid}", 200, json={**owner, "city": "Monona"})
        pet = step(
            "add pet",
            "POST",
            f"/owners/{oid}/pets",
            201,
            json={"name": "Leo", "birthDate": "2020-01-01", "type": kind},
        ).json()
        pid = pet["id"]
        step("get pet", "GET", f"/owners/{oid}/pets/{pid}", 200)
        step(
            "update pet",
            "PUT",
            f"/owners/{oid}/pets/{pid}",
            204,
            json={"name": "Leon", "birthDate": "2020-01-01", "type": kind},
        )
        visit = step(
            "add visit", "POST", f"/owners/{oid}/pets/{pid}/visits", 201, json={"description": "check-up"}
        ).json()
        step("get visit", "GET", f"/visits/{visit['id']}", 200)
        step("update visit", "PUT", f"/visits/{visit['id']}", 200, json={"description": "follow-up"})
        step("get owner with pet", "GET", f"/owners/{oid}", 200)
        step("delete visit", "DELETE", f"/visits/{visit['id']}", 200)
        step("delete pet", "DELETE", f"/pets/{pid}", 200)
        step("delete owner", "DELETE", f"/owners/{oid}", 200)
    return times


def percentile(sorted_values: List[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of an ascending list."""
    return sorted_values[min(len(sorted_values) - 1, max(0, math.ceil(len(sorted_values) * q / 100) - 1))]


def print_report(title: str, times: Dict[str, List[float]]) -> None:
    print(title)
    print(f"{'step':<22}{'p50':>8}{'p95':>8}{'p99':>8}{'max':>8}")
    for name, values in times.items():
        values = sorted(values)
        print(
            f"{name:<22}{statistics.median(values):>8.2f}{percentile(values, 95):>8.2f}"
            f"{percentile(values, 99):>8.2f}{values[-1]:>8.2f}"
        )


def main(rounds: int) -> None:
    server = start_server(Path(tempfile.mkdtemp(prefix="petclinic-bench-")))
    try:
        with httpx.Client(base_url=server.base_url + API, headers=basic("alice"), timeout=30.0) as c:
            times = run_flow(c, rounds)
    finally:
        server.stop()
    print_report(f"PetClinic CRUD flow, {rounds} rounds, 1 process, SQLite file, HTTP Basic (ms)", times)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Per-step latency of the PetClinic CRUD flow.")
    parser.add_argument("rounds", nargs="?", type=int, default=200)
    parser.add_argument("--url", help="a running server's base URL (default: start one)")
    parser.add_argument("--user", default="alice")
    parser.add_argument("--password", default=None)
    cli = parser.parse_args()
    if cli.url is None:
        main(cli.rounds)
    else:
        auth = basic(cli.user, cli.password) if cli.password else basic(cli.user)
        with httpx.Client(base_url=cli.url.rstrip("/") + API, headers=auth, timeout=30.0) as client:
            print_report(
                f"PetClinic CRUD flow, {cli.rounds} rounds, {cli.url}, HTTP Basic (ms)", run_flow(client, cli.rounds)
            )
