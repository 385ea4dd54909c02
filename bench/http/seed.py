"""Seeds the database of the HTTP benchmark (bench/http/run.sh) through the pawnotes Python package.

    python bench/http/seed.py --db PATH --manifest PATH [--owners 100000] [--timeline-notes 3000] [--seed 42]

--db is a SQLite file, or a postgresql:// URL of an existing (empty) database (bench/http/pg_scaling.py).

Same seed, same data. Owners get last names from 60 three-letter onsets x 8 vowels x 10 endings (4,800
names, like bench/bench_core.cpp), so a full last name matches ~20 of 100,000 owners and a typed prefix is
as selective as in a real clinic. (The core's generate_synthetic, used for the core benchmarks and the
CLI's `generate`, draws from 40 last names: every prefix would match ~2,500 owners, and the PetClinic
`GET /owners?lastName=` returns every match unpaged, so that search would measure 1 MB responses.)
Each owner has 1-2 dogs. One "busy" dog gets `--timeline-notes` notes and 100 visits (its timeline page
is one scenario). Writes a JSON manifest for run.sh: organization, account, ids, prefixes with counts.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import pawnotes

from pawnotes_server.auth import hash_password

USERNAME = "bench"
PASSWORD = "bench-password-0123"
ORGANIZATION = "Bench Clinic"

ONSETS = [a + v + b for a in "BDGKLMPRST" for v in "aeo" for b in "rn"]  # 60
VOWELS = ["a", "e", "i", "o", "u", "y", "ai", "ei"]
ENDINGS = ["son", "berg", "ley", "ton", "man", "wood", "field", "ford", "well", "ridge"]
FIRST = ["Anna", "Ben", "Clara", "David", "Elena", "Felix", "Greta", "Hugo", "Ines", "Jonas", "Karin", "Leo"]
CITIES = ["Madison", "Monona", "Sun Prairie", "McFarland", "Waunakee", "Middleton", "Verona", "Windsor"]
DOGS = ["Rex", "Bella", "Max", "Luna", "Charlie", "Daisy", "Rocky", "Molly", "Buddy", "Nala", "Finn", "Kira"]
BREEDS = ["Labrador", "Beagle", "Poodle", "Border Collie", "Boxer", "Dachshund", None]
WORDS = (
    "walked calmly on a loose leash past two dogs and a cyclist then practised recall in the park with "
    "high value treats sit stay down heel focus crate settle mat reactive lunging barking squirrel"
).split()


def last_names() -> list:
    names = []
    for onset in ONSETS:
        for vowel in VOWELS:
            for ending in ENDINGS:
                names.append(onset + vowel + ending)
    return sorted(set(names))


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--db", required=True)
    p.add_argument("--manifest", required=True)
    p.add_argument("--owners", type=int, default=100_000)
    p.add_argument("--timeline-notes", type=int, default=3000)
    p.add_argument("--seed", type=int, default=42)
    args = p.parse_args()

    rng = random.Random(args.seed)
    names = last_names()
    t0 = time.perf_counter()
    opened = pawnotes.Database.open_url(args.db) if "://" in args.db else pawnotes.Database(args.db)
    with opened as db:
        org = db.create_organization(ORGANIZATION)
        user = db.create_user(
            org.id, username=USERNAME, password_hash=hash_password(PASSWORD), roles=["admin"], display_name="Bench"
        )
        scope = pawnotes.Scope(org.id, user.id)
        counts: dict = {}
        dog_ids: list = []
        batch = 10_000
        for start in range(0, args.owners, batch):
            rows = []
            for _ in range(start, min(args.owners, start + batch)):
                last = rng.choice(names)
                counts[last] = counts.get(last, 0) + 1
                rows.append(
                    {
                        "firstName": rng.choice(FIRST),
                        "lastName": last,
                        "address": f"{rng.randint(1, 999)} Main St.",
                        "city": rng.choice(CITIES),
                        "telephone": f"608555{rng.randint(0, 9999):04d}",
                    }
                )
            owners = db.create_many(scope, "owner", rows)
            dogs = []
            for owner in owners:
                for k in range(1 if rng.random() < 0.5 else 2):
                    dogs.append(
                        {
                            "ownerId": owner.id,
                            "name": f"{rng.choice(DOGS)} {k + 1}",
                            "birthDate": f"{rng.randint(2012, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                            "breed": rng.choice(BREEDS),
                            "sex": rng.choice(["male", "female", "unknown"]),
                        }
                    )
            dog_ids.extend(d.id for d in db.create_many(scope, "dog", dogs))
        busy = dog_ids[0]
        for start in range(0, args.timeline_notes, 5000):
            notes = [
                {
                    "dogId": busy,
                    "body": " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 40))),
                    "category": rng.choice(["behaviour", "progress", "health", "incident", "general"]),
                    "tags": rng.sample(["recall", "leash", "crate", "focus"], rng.randint(0, 2)),
                }
                for _ in range(start, min(args.timeline_notes, start + 5000))
            ]
            db.create_many(scope, "note", notes)
        db.create_many(
            scope,
            "visit",
            [
                {"dogId": busy, "date": f"2026-{1 + i % 11:02d}-{1 + i % 28:02d}", "description": f"session {i + 1}"}
                for i in range(100)
            ],
        )
        stats = db.stats(scope)
    # Prefixes for the owner search: full last names minus the final letter (~20 matches each at 100,000
    # owners; 1-3 in the quick mode's 2,000), in a fixed shuffled order the Lua script cycles through.
    prefixes = sorted({n[:-1] for n in names if counts.get(n)})  # names in use (all of them at 100,000)
    rng.shuffle(prefixes)
    prefixes = prefixes[:500]
    matches = [sum(c for n, c in counts.items() if n.startswith(pfx)) for pfx in prefixes]
    manifest = {
        "organizationId": org.id,
        "organization": ORGANIZATION,
        "username": USERNAME,
        "password": PASSWORD,
        "timelineDogId": busy,
        "noteDogIds": [dog_ids[1], dog_ids[min(len(dog_ids) - 1, 1000)]],  # first and last of the range
        "prefixes": prefixes,
        "prefixMatches": {"min": min(matches), "median": sorted(matches)[len(matches) // 2], "max": max(matches)},
        "stats": {"owners": stats.owners, "dogs": stats.dogs, "notes": stats.notes, "visits": stats.visits},
        "seedSeconds": round(time.perf_counter() - t0, 1),
    }
    Path(args.manifest).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    print(f"seeded {manifest['stats']} in {manifest['seedSeconds']} s")


if __name__ == "__main__":
    main()
