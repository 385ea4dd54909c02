"""Replays every shared validation vector (tests/vectors/validation/*.json, format in tests/vectors/README.md)
through the bindings. The results must equal the C++ replay (tests/test_vectors.cpp) exactly: the same
errors in the same order, or the same normalized result, compared with JSON semantics (true is not 1)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import pytest

import pawnotes

VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "validation"


def vector_files() -> List[Path]:
    return sorted(p for p in VECTORS.iterdir() if p.suffix == ".json")


def all_cases() -> List[Any]:
    out = []
    for path in vector_files():
        doc = json.loads(path.read_text(encoding="utf-8"))
        for case in doc["cases"]:
            out.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return out


def json_equal(a: Any, b: Any) -> bool:
    """Equality as nlohmann::json defines it: a bool equals only a bool, numbers compare by value
    (1 == 1.0), objects by keys and values, arrays in order."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def run_case(case: Dict[str, Any]) -> Dict[str, Any]:
    """What the bindings answer for one case, in the vectors' "expect" form."""
    entity, today, mode = case["entity"], case["today"], case["mode"]
    try:
        if "inputText" in case:
            return {"result": pawnotes.decode_and_validate(entity, case["inputText"], today, mode)}
        return {"result": pawnotes.validate(entity, case["input"], today, mode)}
    except pawnotes.ValidationError as e:
        return {"errors": [fe.to_dict() for fe in e.errors]}


def test_every_entity_has_vectors_and_there_are_enough():
    files = vector_files()
    assert len(files) >= 11
    assert {p.stem for p in files} >= {e.value for e in pawnotes.entities()}
    assert len(all_cases()) >= 150


@pytest.mark.parametrize("case", all_cases())
def test_vector_replays_exactly(case):
    expect = case["expect"]
    assert ("errors" in expect) != ("result" in expect)
    got = run_case(case)
    assert json_equal(got, expect), f"got {got!r}, expected {expect!r}"


@pytest.mark.parametrize("case", [c for c in all_cases() if "inputText" not in c.values[0]])
def test_check_agrees_with_the_vector(case):
    errors = pawnotes.check(case["entity"], case["input"], case["today"], case["mode"])
    expected = case["expect"].get("errors", [])
    assert json_equal([e.to_dict() for e in errors], expected)


def test_json_equal_is_strict_like_nlohmann():
    assert json_equal({"a": [1, 2.0]}, {"a": [1.0, 2]})
    assert not json_equal(True, 1)
    assert not json_equal({"a": None}, {})
    assert not json_equal([1, 2], [2, 1])
    assert not json_equal("1", 1)
