"""The HTTP benchmark's driver (bench/http/run.sh prepares wrk, the venv and the seeded database first).

Copies the seeded database into a work directory (every run starts from the same data), measures cold
start to /readyz of `pawnotes-server --workers 2` (N starts, median), signs in, checks each scenario once
with httpx, runs the wrk scenarios of scenarios.lua, reads the workers' memory, runs the PetClinic CRUD
flow (tests/server/petclinic/bench_petclinic_flow.py's run_flow) and writes bench/results/http-<name>.txt
and .json. The server is stopped with SIGTERM, a bounded wait, then SIGKILL of its own process group.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import httpx

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "tests" / "server" / "petclinic"))
sys.path.insert(0, str(REPO / "tests" / "server"))
from bench_petclinic_flow import percentile, run_flow  # noqa: E402

SECRET = "bench-http-secret-key-0123456789abcdef"
CLK_TCK = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`pawnotes-server --workers N` in its own session (so it and its workers can be killed as a group)."""

    def __init__(
        self, server_bin: str, db: Path, workdir: Path, workers: int, database_url: Optional[str] = None
    ) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("PAWNOTES_") and k != "PROMETHEUS_MULTIPROC_DIR"}
        env.update(
            {
                "PAWNOTES_DATABASE_URL": database_url or f"sqlite:///{db}",
                "PAWNOTES_SECRET_KEY": SECRET,
                "PAWNOTES_WEB_DIR": str(workdir / "no-web-app"),
            }
        )
        self.log_path = workdir / "server.log"
        self._log = open(self.log_path, "ab")
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            [server_bin, "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(workers)],
            cwd=str(workdir),
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 30.0) -> float:
        """Seconds from the spawn to the first 200 of /readyz (polled every 10 ms)."""
        deadline = self.started + timeout
        with httpx.Client(timeout=1.0) as c:
            while time.perf_counter() < deadline:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"server exited with {self.proc.returncode}; see {self.log_path}")
                try:
                    if c.get(f"{self.base_url}/readyz").status_code == 200:
                        return time.perf_counter() - self.started
                except httpx.HTTPError:
                    pass
                time.sleep(0.01)
        self.stop()
        raise RuntimeError(f"server not ready within {timeout} s; see {self.log_path}")

    def worker_pids(self) -> List[int]:
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text().split()
        return [int(p) for p in children]

    def stop(self, timeout: float = 20.0) -> Dict[str, Any]:
        t0 = time.perf_counter()
        how = "SIGTERM"
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                how = "SIGKILL"
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        self._log.close()
        return {"signal": how, "seconds": round(time.perf_counter() - t0, 2), "exitCode": self.proc.returncode}


def memory(pid: int, db: Optional[Path] = None) -> Dict[str, float]:
    """RSS (with the shared library pages) and PSS (shared pages divided among their users), MiB; the
    thread count and, with `db`, how many descriptors the process holds on that file (one per
    pawnotes.Database: the server opens one per pool thread, each with its own SQLite page cache)."""
    out: Dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "RssAnon", "RssFile", "RssShmem", "VmHWM"):
            out[key] = int(value.split()[0]) / 1024
        elif key == "Threads":
            out["threads"] = int(value)
    if db is not None:
        fds = Path(f"/proc/{pid}/fd")
        target = str(db.resolve())
        out["dbConnections"] = sum(1 for fd in fds.iterdir() if os.path.realpath(fd) == target)
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            out["Pss"] = int(line.split()[1]) / 1024
    return {k: round(v, 1) for k, v in out.items()}


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime


def access_statuses(log_path: Path, offset: int) -> Tuple[Dict[str, int], int]:
    """HTTP statuses of the server's access-log lines written after `offset`; the new offset."""
    with open(log_path, "rb") as f:
        f.seek(offset)
        data = f.read()
    counts: Dict[str, int] = {}
    for line in data.splitlines():
        if b"pawnotes_server.access" not in line:
            continue
        try:
            status = str(json.loads(line)["status"])
        except (ValueError, KeyError):
            continue
        counts[status] = counts.get(status, 0) + 1
    return dict(sorted(counts.items())), offset + len(data)


def run_wrk(
    base_url: str, scenario: List[str], args: argparse.Namespace, pids: List[int], log, server_log: Path
) -> Dict[str, Any]:
    cmd = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(HERE / "scenarios.lua"),
        base_url,
        "--",
        *scenario,
    ]
    before = {p: cpu_seconds(p) for p in pids}
    _, log_offset = access_statuses(server_log, 0)
    usage0 = os.times()
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=args.duration + 60)
    wall = time.perf_counter() - t0
    usage1 = os.times()
    log.write(f"$ {' '.join(cmd[: -len(scenario)])} {scenario[0]} ...\n{proc.stdout}{proc.stderr}\n")
    if proc.returncode != 0:
        raise RuntimeError(f"wrk failed ({proc.returncode}): {proc.stderr}")
    # The requests still in flight when wrk stopped: wait (bounded) until the access log stops growing, so
    # their lines count here and not in the next scenario.
    size, deadline = -1, time.monotonic() + 10
    while time.monotonic() < deadline and server_log.stat().st_size != size:
        size = server_log.stat().st_size
        time.sleep(0.5)
    statuses, _ = access_statuses(server_log, log_offset)
    line = next(x for x in proc.stdout.splitlines() if x.startswith("WRKJSON "))
    data = json.loads(line[len("WRKJSON ") :])
    non2xx = 0
    for x in proc.stdout.splitlines():
        if x.strip().startswith("Non-2xx or 3xx responses:"):
            non2xx = int(x.split(":")[1])
    seconds = data["duration_us"] / 1e6
    wrk_cpu = (usage1.children_user + usage1.children_system) - (usage0.children_user + usage0.children_system)
    server_cpu = sum(cpu_seconds(p) - before[p] for p in pids)
    lat = data["latency_us"]
    return {
        "requests": data["requests"],
        "seconds": round(seconds, 2),
        "reqPerSec": round(data["requests"] / seconds, 1),
        "non2xx": non2xx,
        # From the server's access log (wrk counts only non-2xx): every status answered during the run.
        "serverStatuses": statuses,
        "socketErrors": data["errors"],
        "latencyMs": {k: round(v / 1000, 2) for k, v in lat.items()},
        "bytesPerResponse": round(data["bytes"] / max(1, data["requests"])),
        # Server CPU per request: independent of how the cores were shared; 2 cores / this = the ceiling.
        "serverCpuMsPerRequest": round(server_cpu * 1000 / max(1, data["requests"]), 3),
        "cpuShare": {
            # Of the 2 cores: what the workers and wrk used while wrk ran (the rest: other processes, idle).
            "serverCores": round(server_cpu / wall, 2),
            "wrkCores": round(wrk_cpu / wall, 2),
        },
    }


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--db", required=True, type=Path)
    p.add_argument("--manifest", required=True, type=Path)
    p.add_argument("--workdir", required=True, type=Path)
    p.add_argument("--out", required=True, type=Path, help="output path without extension")
    p.add_argument("--server", required=True, help="the pawnotes-server console script")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--duration", type=int, default=15)
    p.add_argument("--connections", type=int, default=64)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--cold-starts", type=int, default=5)
    p.add_argument("--flow-rounds", type=int, default=200)
    p.add_argument("--label", default="full")
    p.add_argument(
        "--database-url", default=None, help="a postgresql:// URL holding the seeded data (instead of --db's copy)"
    )
    args = p.parse_args()

    manifest = json.loads(args.manifest.read_text())
    if args.workdir.exists():
        shutil.rmtree(args.workdir)
    args.workdir.mkdir(parents=True)
    db = args.workdir / "pawnotes.db"
    if args.database_url is None:
        shutil.copyfile(args.db, db)
    wrk_log = open(args.workdir / "wrk.log", "w")
    started_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    load_before = os.getloadavg()

    # Cold start: spawn to the first 200 of /readyz; every start is a fresh process on the same file.
    cold = []
    for _ in range(args.cold_starts):
        server = Server(args.server, db, args.workdir, args.workers, args.database_url)
        try:
            cold.append(server.wait_ready())
        finally:
            server.stop()
        print(f"cold start to ready: {cold[-1]:.3f} s", flush=True)

    server = Server(args.server, db, args.workdir, args.workers, args.database_url)
    results: Dict[str, Any] = {}
    try:
        server.wait_ready()
        # Every worker up before the load (gunicorn forks them after the master is listening).
        deadline = time.monotonic() + 30
        while len(server.worker_pids()) < args.workers and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.0)
        pids = server.worker_pids()
        results["memoryAtReadyMiB"] = {"workers": [memory(pid, db) for pid in pids]}
        url = server.base_url
        r = httpx.post(
            f"{url}/api/v1/auth/login", json={"username": manifest["username"], "password": manifest["password"]}
        )
        r.raise_for_status()
        bearer = f"Bearer {r.json()['token']}"
        basic = "Basic " + base64.b64encode(f"{manifest['username']}:{manifest['password']}".encode()).decode()
        prefixes = args.workdir / "prefixes.txt"
        prefixes.write_text("\n".join(manifest["prefixes"]) + "\n")
        dog = manifest["timelineDogId"]
        first, last = manifest["noteDogIds"][0], manifest["noteDogIds"][-1]

        # One request of each scenario with httpx: right status, and what a response holds.
        checks = {}
        with httpx.Client(base_url=url, timeout=30.0) as c:
            r = c.get(f"/petclinic/api/owners?lastName={manifest['prefixes'][0]}", headers={"Authorization": basic})
            assert r.status_code == 200, r.text
            checks["owners"] = f"{len(r.json())} owners for lastName={manifest['prefixes'][0]}, {len(r.content)} bytes"
            r = c.get(f"/api/v1/dogs/{dog}/timeline?limit=50", headers={"Authorization": bearer})
            assert r.status_code == 200, r.text
            checks["timeline"] = f"{len(r.json()['items'])} entries, {len(r.content)} bytes"
            r = c.post(
                "/api/v1/notes",
                json={"dogId": first, "body": "check", "category": "general"},
                headers={"Authorization": bearer},
            )
            assert r.status_code == 201, r.text
            checks["note"] = f"201, {len(r.content)} bytes"
        print(f"checks: {checks}", flush=True)

        scenarios = {
            "owners": ["owners", basic, str(prefixes)],
            "timeline": ["timeline", bearer, str(dog)],
            "note": ["note", bearer, str(first), str(last)],
            # Reference, no target: an async endpoint without database or auth (middlewares, routing, HTTP).
            "healthz": ["healthz", "-"],
        }
        # A short warm-up (not recorded). First at 4 connections: each worker's first Basic request costs an
        # argon2 verification (~0.1 s of CPU, cached 60 s after; concurrent first requests share one).
        # Then at full concurrency: every pool thread opens its connection and fills its page cache.
        for connections in (4, args.connections):
            warm = argparse.Namespace(**{**vars(args), "duration": 2, "connections": connections})
            run_wrk(url, scenarios["owners"], warm, pids, wrk_log, server.log_path)
            run_wrk(url, scenarios["timeline"], warm, pids, wrk_log, server.log_path)
        wrk_results = {}
        for name, scenario in scenarios.items():
            wrk_results[name] = run_wrk(url, scenario, args, pids, wrk_log, server.log_path)
            w = wrk_results[name]
            print(
                f"{name}: {w['reqPerSec']:,.0f} req/s, p50 {w['latencyMs']['p50']} ms, p99 {w['latencyMs']['p99']} ms,"
                f" non-2xx {w['non2xx']}, cpu server {w['cpuShare']['serverCores']} wrk {w['cpuShare']['wrkCores']}",
                flush=True,
            )
        results["wrk"] = wrk_results
        results["memoryAfterLoadMiB"] = {
            "workers": [memory(pid, db) for pid in pids],
            "master": memory(server.proc.pid),
        }

        # The PetClinic CRUD flow, one keep-alive client, sequential (latency per step, no load).
        with httpx.Client(base_url=url + "/petclinic/api", headers={"Authorization": basic}, timeout=30.0) as c:
            times = run_flow(c, args.flow_rounds)
        flow = {}
        for step, values in times.items():
            values = sorted(values)
            flow[step] = {
                "p50": round(statistics.median(values), 2),
                "p95": round(percentile(values, 95), 2),
                "p99": round(percentile(values, 99), 2),
                "max": round(values[-1], 2),
            }
        results["crudFlow"] = {"rounds": args.flow_rounds, "stepsMs": flow}
        results["memoryAfterFlowMiB"] = {"workers": [memory(pid, db) for pid in pids]}
        results["checks"] = checks
    finally:
        results["stop"] = server.stop()
        wrk_log.close()

    results["coldStartSeconds"] = {"runs": [round(x, 3) for x in cold], "median": round(statistics.median(cold), 3)}
    results["setup"] = {
        "label": args.label,
        "startedAt": started_at,
        "host": platform.node(),
        "cpus": os.cpu_count(),
        "cpuModel": next(
            (x.split(":", 1)[1].strip() for x in open("/proc/cpuinfo") if x.startswith("model name")), "?"
        ),
        "loadAverageBefore": [round(x, 2) for x in load_before],
        "workers": args.workers,
        "engine": "postgresql" if args.database_url else "sqlite",
        "wrk": f"-t{args.threads} -c{args.connections} -d{args.duration}s --latency --timeout 10s",
        "data": {k: manifest[k] for k in ("stats", "prefixMatches", "timelineDogId")},
        "python": platform.python_version(),
    }
    args.out.with_suffix(".json").write_text(json.dumps(results, indent=1) + "\n")
    text = report(results)
    args.out.with_suffix(".txt").write_text(text)
    print()
    print(text, end="")
    # 503 is the server's answer to SQLite staying busy past its timeout under write overload: a measured
    # figure, reported. Any other error status, or a socket error, means the run is broken: exit non-zero
    # (scripts/test.sh bench runs the quick mode as a smoke test).
    failed = [
        n
        for n, r in results["wrk"].items()
        if any(not (k.startswith("2") or k == "503") for k in r["serverStatuses"])
        or any(v for k, v in r["socketErrors"].items() if k != "status")
    ]
    if failed:
        sys.exit(f"error responses or socket errors in: {', '.join(failed)} (see {args.workdir})")


def mem_text(m: Dict[str, float]) -> str:
    return (
        f"RSS {m['VmRSS']} (anon {m.get('RssAnon')}, file {m.get('RssFile')}), PSS {m.get('Pss')},"
        f" {m.get('threads')} threads, {m.get('dbConnections')} database connections"
    )


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def report(res: Dict[str, Any]) -> str:
    s = res["setup"]
    w = res["wrk"]
    workers = res["memoryAfterLoadMiB"]["workers"]
    cold = res["coldStartSeconds"]
    engine = "SQLite file"
    if s.get("engine") == "postgresql":
        engine = "PostgreSQL 15 on 127.0.0.1 (its CPU is not in the server column)"
    lines = [
        f"pawnotes HTTP benchmark ({s['label']}), {s['startedAt']}, {s['cpus']} cpus ({s['cpuModel']}),"
        f" load average before {s['loadAverageBefore']}",
        f"server: pawnotes-server --workers {s['workers']} on 127.0.0.1 (gunicorn + uvicorn workers), {engine};"
        f" wrk {s['wrk']} on the SAME 2 cores",
        f"data: {s['data']['stats']}; owner prefixes match {s['data']['prefixMatches']} owners",
        "",
        f"{'scenario':<44}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}{'non2xx':>8}{'cpu ms/req':>11}"
        "  cores server/wrk",
    ]
    titles = {
        "owners": "GET /petclinic/api/owners?lastName=<prefix>",
        "timeline": "GET /api/v1/dogs/{id}/timeline?limit=50",
        "note": "POST /api/v1/notes",
        "healthz": "GET /healthz (reference: no db, no auth)",
    }
    for name, r in w.items():
        lat = r["latencyMs"]
        lines.append(
            f"{titles[name]:<44}{r['reqPerSec']:>9,.0f}{lat['p50']:>9.2f}{lat['p99']:>9.2f}{lat['max']:>9.1f}"
            f"{r['non2xx']:>8}{r['serverCpuMsPerRequest']:>11.2f}"
            f"  {r['cpuShare']['serverCores']}/{r['cpuShare']['wrkCores']}"
        )
    lines += [
        "statuses (server access log): " + "; ".join(f"{n} {r['serverStatuses']}" for n, r in w.items()),
        "responses: " + "; ".join(f"{n}: {v}" for n, v in res["checks"].items()),
        "cpu ms/req = the workers' CPU time / requests; 2 cores / that = the ceiling with the cores to themselves",
        "",
        f"cold start to /readyz: median {cold['median']:.3f} s of {cold['runs']}",
        "memory per worker at ready (MiB): " + "; ".join(mem_text(m) for m in res["memoryAtReadyMiB"]["workers"]),
        "memory per worker after the load (MiB): " + "; ".join(mem_text(m) for m in workers),
        f"server stop: {res['stop']}",
        "",
        f"PetClinic CRUD flow, {res['crudFlow']['rounds']} rounds, one keep-alive client, sequential (ms):",
        f"{'step':<22}{'p50':>8}{'p95':>8}{'p99':>8}{'max':>8}",
    ]
    for step, v in res["crudFlow"]["stepsMs"].items():
        lines.append(f"{step:<22}{v['p50']:>8.2f}{v['p95']:>8.2f}{v['p99']:>8.2f}{v['max']:>8.2f}")
    rss = max(m["VmRSS"] for m in workers)
    owners, timeline, note = w["owners"], w["timeline"], w["note"]
    targets = [
        ("owners search >= 4,000 req/s", f"{owners['reqPerSec']:,.0f}", owners["reqPerSec"] >= 4000),
        ("owners search p99 <= 50 ms", f"{owners['latencyMs']['p99']}", owners["latencyMs"]["p99"] <= 50),
        ("timeline >= 4,000 req/s", f"{timeline['reqPerSec']:,.0f}", timeline["reqPerSec"] >= 4000),
        ("create note >= 1,500 req/s", f"{note['reqPerSec']:,.0f}", note["reqPerSec"] >= 1500),
        ("cold start <= 1 s", f"{cold['median']:.3f}", cold["median"] <= 1.0),
        ("RSS per worker <= 80 MB", f"max {rss} MiB", rss * 1.048576 <= 80),
    ]
    lines += ["", "targets:"] + [f"  {t}: {v} -> {verdict(ok)}" for t, v, ok in targets]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
