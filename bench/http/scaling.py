"""1 vs 2 server processes, on SQLite and on PostgreSQL: owner search and note create req/s (bench/http/run.sh
--scaling prepares the venv, wrk, the seeded SQLite file and the seeded PostgreSQL database first).

For each engine and each process count (`pawnotes-server --workers 1`: one uvicorn process; `--workers 2`:
two gunicorn + uvicorn workers) the same wrk scenarios as the main benchmark (scenarios.lua: PetClinic
owner search by last-name prefix, native POST /notes) run `--rounds` times, the configurations interleaved
(round 1 of every configuration, then round 2, ...) so a noisy neighbour hits them all alike; the figure is
the median. CPU is accounted per party from /proc (server workers, PostgreSQL's backends, wrk), since all
of them share the same cores. Writes bench/results/http-scaling.{txt,json}.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import platform
import shutil
import statistics
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

import httpx
from driver import Server, cpu_seconds, run_wrk


def postgres_pids(pg_dir: Optional[Path]) -> List[int]:
    """The postmaster and its children (backends, walwriter, checkpointer, ...)."""
    if pg_dir is None:
        return []
    master = int((pg_dir / "data" / "postmaster.pid").read_text().split()[0])
    pids = [master]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                pids.append(int(entry.name))
    return pids


def cpu_of(pids: List[int]) -> Dict[int, float]:
    out = {}
    for p in pids:
        try:
            out[p] = cpu_seconds(p)
        except OSError:
            pass
    return out


def measure(server: Server, scenario: List[str], args: argparse.Namespace, log, pg_dir: Optional[Path]) -> Dict:
    pids = server.worker_pids() or [server.proc.pid]
    pg_before = cpu_of(postgres_pids(pg_dir))
    t0 = time.perf_counter()
    r = run_wrk(server.base_url, scenario, args, pids, log, server.log_path)
    wall = time.perf_counter() - t0
    pg_after = cpu_of(postgres_pids(pg_dir))
    pg_cpu = sum(v - pg_before.get(p, 0.0) for p, v in pg_after.items())
    return {
        "reqPerSec": r["reqPerSec"],
        "p50Ms": r["latencyMs"]["p50"],
        "p99Ms": r["latencyMs"]["p99"],
        "non2xx": r["non2xx"],
        "serverStatuses": r["serverStatuses"],
        "cores": {
            "server": r["cpuShare"]["serverCores"],
            "wrk": r["cpuShare"]["wrkCores"],
            "postgres": round(pg_cpu / wall, 2),
        },
    }


def start(args: argparse.Namespace, workdir: Path, workers: int, url: Optional[str]) -> Server:
    server = Server(args.server, workdir / "pawnotes.db", workdir, workers, url)
    server.wait_ready(60)
    deadline = time.monotonic() + 30
    while workers > 1 and len(server.worker_pids()) < workers and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1.0)
    return server


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--db", required=True, type=Path, help="the seeded SQLite file")
    p.add_argument("--manifest", required=True, type=Path)
    p.add_argument("--pg-url", required=True, help="the seeded PostgreSQL database")
    p.add_argument("--pg-manifest", required=True, type=Path)
    p.add_argument("--pg-dir", required=True, type=Path, help="the cluster's folder (to find its processes)")
    p.add_argument("--workdir", required=True, type=Path)
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--server", required=True)
    p.add_argument("--duration", type=int, default=10)
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args()

    if args.workdir.exists():
        shutil.rmtree(args.workdir)
    args.workdir.mkdir(parents=True)
    log = open(args.workdir / "wrk.log", "w")
    started_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    load_before = os.getloadavg()
    engines = {
        "sqlite": {"url": None, "manifest": json.loads(args.manifest.read_text()), "pg": None},
        "postgresql": {"url": args.pg_url, "manifest": json.loads(args.pg_manifest.read_text()), "pg": args.pg_dir},
    }
    configs = [(engine, workers) for engine in engines for workers in (1, 2)]
    rounds: Dict[str, Dict[str, List[Dict[str, Any]]]] = {}
    for engine, workers in configs:
        folder = args.workdir / f"{engine}-{workers}"
        folder.mkdir()
        if engine == "sqlite":
            shutil.copyfile(args.db, folder / "pawnotes.db")

    for round_ in range(args.rounds):
        for engine, workers in configs:
            e = engines[engine]
            m = e["manifest"]
            key = f"{engine}/{workers}"
            server = start(args, args.workdir / f"{engine}-{workers}", workers, e["url"])
            try:
                r = httpx.post(
                    f"{server.base_url}/api/v1/auth/login", json={"username": m["username"], "password": m["password"]}
                )
                r.raise_for_status()
                bearer = f"Bearer {r.json()['token']}"
                basic = "Basic " + base64.b64encode(f"{m['username']}:{m['password']}".encode()).decode()
                prefixes = args.workdir / f"prefixes-{engine}.txt"
                prefixes.write_text("\n".join(m["prefixes"]) + "\n")
                first, last = m["noteDogIds"][0], m["noteDogIds"][-1]
                scenarios = {
                    "owners": ["owners", basic, str(prefixes)],
                    "note": ["note", bearer, str(first), str(last)],
                }
                warm = argparse.Namespace(**{**vars(args), "duration": 2, "connections": 4})
                run_wrk(
                    server.base_url,
                    scenarios["owners"],
                    warm,
                    server.worker_pids() or [server.proc.pid],
                    log,
                    server.log_path,
                )
                for name, scenario in scenarios.items():
                    result = measure(server, scenario, args, log, e["pg"])
                    rounds.setdefault(key, {}).setdefault(name, []).append(result)
                    print(
                        f"round {round_ + 1} {key} {name}: {result['reqPerSec']:,.0f} req/s, p99 {result['p99Ms']} ms,"
                        f" cores {result['cores']}",
                        flush=True,
                    )
            finally:
                server.stop()

    summary: Dict[str, Any] = {}
    for key, scenarios in rounds.items():
        summary[key] = {}
        for name, results in scenarios.items():
            summary[key][name] = {
                "reqPerSecMedian": round(statistics.median(r["reqPerSec"] for r in results), 1),
                "reqPerSecRounds": [r["reqPerSec"] for r in results],
                "p99MsMedian": round(statistics.median(r["p99Ms"] for r in results), 1),
                "coresMedian": {
                    party: round(statistics.median(r["cores"][party] for r in results), 2)
                    for party in ("server", "postgres", "wrk")
                },
                "non2xx": sum(r["non2xx"] for r in results),
            }
    ratios = {
        engine: {
            name: round(
                summary[f"{engine}/2"][name]["reqPerSecMedian"] / summary[f"{engine}/1"][name]["reqPerSecMedian"], 2
            )
            for name in ("owners", "note")
        }
        for engine in engines
    }
    results = {
        "setup": {
            "startedAt": started_at,
            "host": platform.node(),
            "cpus": os.cpu_count(),
            "cpuModel": next(
                (x.split(":", 1)[1].strip() for x in open("/proc/cpuinfo") if x.startswith("model name")), "?"
            ),
            "loadAverageBefore": [round(x, 2) for x in load_before],
            "wrk": f"-t{args.threads} -c{args.connections} -d{args.duration}s, {args.rounds} rounds, medians",
            "data": {k: engines[k]["manifest"]["stats"] for k in engines},
        },
        "results": summary,
        "scaling2vs1": ratios,
    }
    args.out.with_suffix(".json").write_text(json.dumps(results, indent=1) + "\n")
    lines = [
        f"pawnotes HTTP scaling, 1 vs 2 server processes, {started_at}, {results['setup']['cpus']} cpus"
        f" ({results['setup']['cpuModel']}), load before {results['setup']['loadAverageBefore']}",
        f"wrk {results['setup']['wrk']}; server, PostgreSQL and wrk share the same cores",
        "",
        f"{'engine/procs':<16}{'scenario':<10}{'req/s':>9}{'p99 ms':>9}  cores server/postgres/wrk  non2xx",
    ]
    for key, scenarios in summary.items():
        for name, r in scenarios.items():
            c = r["coresMedian"]
            lines.append(
                f"{key:<16}{name:<10}{r['reqPerSecMedian']:>9,.0f}{r['p99MsMedian']:>9}"
                f"  {c['server']:>6}/{c['postgres']:>4}/{c['wrk']:>4}{r['non2xx']:>14}"
            )
    lines.append("")
    for engine, r in ratios.items():
        lines.append(f"2 processes / 1 process on {engine}: owners {r['owners']}x, note create {r['note']}x")
    text = "\n".join(lines) + "\n"
    args.out.with_suffix(".txt").write_text(text)
    print()
    print(text, end="")
    log.close()


if __name__ == "__main__":
    main()
