"""The GIL is released while the core works, and one Database shared by threads is used safely."""

from __future__ import annotations

import threading
import time

import pytest

import pawnotes
from conftest import OWNER, owner_input


def _dog(world):
    owner = world.db.create(world.admin, "owner", OWNER)
    return world.db.create(world.admin, "dog", {"ownerId": owner.id, "name": "Rex"})


def test_python_threads_run_while_a_long_core_call_works(world):
    dog = _dog(world)
    items = [{"dogId": dog.id, "body": f"Session {i}: loose-lead walking and recall", "tags": ["recall"]} for i in range(20000)]

    samples = []
    stop = threading.Event()

    def sampler():  # Python code: it can only run while no one holds the GIL for long
        while not stop.is_set():
            samples.append(time.perf_counter())
            time.sleep(0.001)

    thread = threading.Thread(target=sampler)
    thread.start()
    time.sleep(0.05)  # the sampler is running
    start = time.perf_counter()
    notes = world.db.create_many(world.trainer, "note", items)
    end = time.perf_counter()
    stop.set()
    thread.join()

    assert len(notes) == 20000
    # A thread holding the GIL for the whole call would let the sampler run at most one switch interval
    # (5 ms) after `start` and before `end`. Samples well inside the call prove it ran concurrently.
    margin = max(0.1 * (end - start), 0.02)
    inside = [t for t in samples if start + margin < t < end - margin]
    assert end - start > 2 * margin
    assert len(inside) >= 5, f"{len(inside)} samples during a {end - start:.3f} s call"


def test_one_database_shared_by_threads_is_serialized(file_world):
    db, scope = file_world.db, file_world.admin
    errors = []

    def writer(n):
        try:
            for i in range(100):
                db.create(scope, "owner", owner_input(lastName=f"Thread-{'abcd'[n]}", city=f"City {i}"))
                db.list(scope, "owner", size=5)
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    page = db.list(scope, "owner", size=1000)
    assert page.total == 400
    assert len({o.id for o in page.items}) == 400
    assert db.stats(scope).changes == 400


def test_progress_callback_runs_python_and_reports_progress(world):
    seen = []
    summary = world.db.generate_synthetic(world.admin, owners=50, notes=300, seed=3, progress=lambda d, t: seen.append((d, t)))
    assert seen, "progress was never called"
    assert all(t == seen[-1][1] for _, t in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert seen[-1][0] == seen[-1][1]
    assert (summary.owners, summary.notes) == (50, 300)


def test_an_exception_in_the_progress_callback_propagates(world):
    class Stop(Exception):
        pass

    def progress(done, total):
        raise Stop(f"{done}/{total}")

    with pytest.raises(Stop):
        world.db.generate_synthetic(world.admin, owners=50, notes=300, progress=progress)
    # The database is still usable afterwards.
    assert world.db.create(world.admin, "owner", OWNER).last_name == "Lovelace"


def test_calling_the_same_database_from_its_progress_callback_fails_instead_of_deadlocking(world):
    def progress(done, total):
        world.db.stats(world.admin)

    with pytest.raises(ValueError, match="busy"):
        world.db.generate_synthetic(world.admin, owners=10, notes=20, progress=progress)
