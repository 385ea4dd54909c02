"""The core's validation, as module-level functions: the same rules, codes and messages as every write
(no rule is re-implemented here)."""

from __future__ import annotations

from typing import Any, Dict, List, Mapping

from . import _core
from .database import DateLike, date_text
from .entity import EntityLike, entity_name
from .errors import FieldError

__all__ = ["validate", "check", "decode_and_validate", "json_schema", "MODES"]

#: create: required members must be present, defaults applied; replace: a full update (absent optional
#: members become null); patch: only the given members are checked.
MODES = ("create", "replace", "patch")


def validate(entity: EntityLike, data: Mapping[str, Any], today: DateLike, mode: str = "create") -> Dict[str, Any]:
    """The normalized copy of `data` (trimmed, defaults applied, unknown members removed).
    Raises ValidationError listing every invalid field. `today` bounds the date rules."""
    return _core.validate(entity_name(entity), data, date_text(today), mode)


def check(entity: EntityLike, data: Mapping[str, Any], today: DateLike, mode: str = "create") -> List[FieldError]:
    """The same checks as validate(), returning the field errors instead of raising (empty = valid)."""
    return [FieldError(**e) for e in _core.check(entity_name(entity), data, date_text(today), mode)]


def decode_and_validate(entity: EntityLike, json_text: str, today: DateLike, mode: str = "create") -> Dict[str, Any]:
    """Parses `json_text` and validates it; malformed JSON is a ValidationError on field "" with code
    "malformed_json"."""
    return _core.decode_and_validate(entity_name(entity), json_text, date_text(today), mode)


def json_schema(entity: EntityLike) -> Dict[str, Any]:
    """The entity's JSON Schema (draft 2020-12), as returned by the API (read-only members marked)."""
    return _core.json_schema(entity_name(entity))
