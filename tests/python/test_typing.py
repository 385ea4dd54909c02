"""The curated stubs are precise: mypy --strict accepts the package and types results by record class."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

SAMPLE = textwrap.dedent(
    """
    import pawnotes

    db = pawnotes.Database(now="2026-11-24T12:00:00Z")
    scope = pawnotes.Scope(1, 1, ["admin"])
    owner = db.create(scope, pawnotes.Owner, {"firstName": "Ada"})
    reveal_type(owner)
    reveal_type(owner.dogs[0].age_years)
    reveal_type(db.search_notes(scope, "recall").items[0].note.tags)
    reveal_type(db.timeline(scope, 1).next_cursor)
    reveal_type(pawnotes.ValidationError("m").errors)
    wrong: int = owner.first_name
    """
)


def run_mypy(*args: str, cwd: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    return done.stdout + done.stderr


def test_the_package_passes_mypy_strict(tmp_path):
    out = run_mypy("-p", "pawnotes", cwd=tmp_path)
    assert "Success: no issues found" in out, out


def test_results_are_typed_precisely(tmp_path):
    (tmp_path / "sample.py").write_text(SAMPLE)
    out = run_mypy("sample.py", cwd=tmp_path)
    assert 'Revealed type is "pawnotes.models.Owner"' in out, out
    assert 'Revealed type is "int | None"' in out or 'Revealed type is "Union[builtins.int, None]"' in out, out
    assert 'Revealed type is "list[str]"' in out or 'Revealed type is "builtins.list[builtins.str]"' in out, out
    assert 'Revealed type is "str | None"' in out or 'Revealed type is "Union[builtins.str, None]"' in out, out
    assert "list[pawnotes.errors.FieldError]" in out, out
    # A wrong use is caught: first_name is a str.
    assert 'Incompatible types in assignment (expression has type "str", variable has type "int")' in out, out
