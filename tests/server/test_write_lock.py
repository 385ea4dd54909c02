"""The server's write lock (db.WriteLock): one writer at a time across threads and worker processes."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from conftest import sqlite_only

from pawnotes_server.db import WriteLock

pytestmark = sqlite_only("the write lock serialises SQLite writers; PostgreSQL runs without it")


def test_a_second_worker_waits_until_the_first_releases(tmp_path: Path) -> None:
    # Two WriteLocks on one database are two workers: their flock()s exclude each other.
    first, second = WriteLock(str(tmp_path / "p.db")), WriteLock(str(tmp_path / "p.db"))
    order: list[str] = []
    entered = threading.Event()

    def other_worker() -> None:
        with second:
            order.append("second")
            entered.set()

    with first:
        waiter = threading.Thread(target=other_worker)
        waiter.start()
        assert not entered.wait(0.3)  # cannot get in while the first holds the lock
        order.append("first done")
    assert entered.wait(10)
    waiter.join(10)
    assert order == ["first done", "second"]
    assert (tmp_path / "p.db.write-lock").exists()
    first.close()
    second.close()


def test_threads_of_one_worker_take_turns(tmp_path: Path) -> None:
    lock = WriteLock(str(tmp_path / "p.db"))
    inside = 0
    most = 0
    guard = threading.Lock()

    def write() -> None:
        nonlocal inside, most
        for _ in range(200):
            with lock:
                with guard:
                    inside += 1
                    most = max(most, inside)
                with guard:
                    inside -= 1

    threads = [threading.Thread(target=write) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert most == 1
    lock.close()
    with lock:  # usable again after close(): the file is reopened
        pass


def test_a_worker_killed_while_holding_the_lock_releases_it(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pawnotes_server.db import WriteLock; "
            f"l = WriteLock({str(tmp_path / 'p.db')!r}); l.__enter__(); print('held', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        lock = WriteLock(str(tmp_path / "p.db"))
        got = threading.Event()

        def take() -> None:
            with lock:
                got.set()

        t = threading.Thread(target=take)
        t.start()
        assert not got.wait(0.3)
        holder.kill()  # kill -9: the kernel drops the dead process's flock
        assert got.wait(10)
        t.join(10)
        lock.close()
    finally:
        holder.kill()
        holder.wait(10)
