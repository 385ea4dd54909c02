"""The native API's OpenAPI pieces: component schemas taken from the core's JSON Schemas
(pawnotes.json_schema), and small builders the routers use for their request bodies and responses."""

from __future__ import annotations

import copy
from typing import Any, Dict, Iterable, Optional

import pawnotes

__all__ = ["add_core_schemas", "entity_body", "entity_response", "problem_responses", "spec", "ENTITY_TITLES", "ref"]

ENTITY_TITLES = {
    "owner": "Owner",
    "petType": "PetType",
    "dog": "Dog",
    "trainer": "Trainer",
    "specialty": "Specialty",
    "visit": "Visit",
    "note": "Note",
    "careFlag": "CareFlag",
    "vaccination": "Vaccination",
    "skill": "Skill",
    "goal": "Goal",
    "trainingSession": "TrainingSession",
    "homework": "Homework",
}
_SCHEMA_ID = "https://pawnotes.dev/schemas/"


def ref(name: str) -> Dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def spec(*parts: Dict[str, Any]) -> Dict[str, Any]:
    """Deep-merges openapi_extra fragments (dicts merge, lists concatenate)."""
    out: Dict[str, Any] = {}

    def merge(into: Dict[str, Any], part: Dict[str, Any]) -> None:
        for k, v in part.items():
            if k in into and isinstance(into[k], dict) and isinstance(v, dict):
                merge(into[k], v)
            elif k in into and isinstance(into[k], list) and isinstance(v, list):
                into[k] = into[k] + v
            else:
                into[k] = copy.deepcopy(v)

    for p in parts:
        merge(out, p)
    return out


def _json(schema: Dict[str, Any]) -> Dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def entity_body(entity: str, mode: str = "create") -> Dict[str, Any]:
    name = ENTITY_TITLES[entity] + ("Patch" if mode == "patch" else "")
    extra: Dict[str, Any] = {"requestBody": {"required": True, **_json(ref(name))}}
    if mode == "create":
        extra["parameters"] = [
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "description": "A client key (e.g. a UUID): a retry with the same key returns the first result.",
                "schema": {"type": "string", "minLength": 1, "maxLength": 200},
            }
        ]
    elif mode in ("replace", "patch"):
        extra["parameters"] = [
            {
                "name": "If-Match",
                "in": "header",
                "required": False,
                "description": 'The ETag (W/"<version>") the change is based on; a stale one is answered 412.',
                "schema": {"type": "string"},
            }
        ]
    return extra


def entity_response(
    entity: str, status: str = "200", *, page: bool = False, create: bool = False, conditional: bool = False
) -> Dict[str, Any]:
    title = ENTITY_TITLES[entity]
    schema = ref(f"{title}Page") if page else ref(title)
    response: Dict[str, Any] = {
        "description": "OK" if not create else "Created (or the first result of a replay).",
        **_json(schema),
    }
    if not page:
        response["headers"] = {"ETag": {"description": 'W/"<version>"', "schema": {"type": "string"}}}
    return {"responses": {status: response}}


def list_response(schema_name: str) -> Dict[str, Any]:
    return {"responses": {"200": {"description": "OK", **_json(ref(schema_name))}}}


def array_response(schema_name: str) -> Dict[str, Any]:
    """A 200 whose body is a plain JSON array of `schema_name` records (not a page)."""
    return {"responses": {"200": {"description": "OK", **_json({"type": "array", "items": ref(schema_name)})}}}


def problem_responses(*statuses: int) -> Dict[str, Any]:
    descriptions = {
        400: "Malformed JSON.",
        401: "Not signed in, or the token expired or was revoked.",
        403: "The user's roles do not allow this.",
        404: "No such record in the user's organization.",
        409: "A conflict with other records (or a stale version without If-Match).",
        412: "If-Match names a version that is no longer current.",
        413: "The request body is too large.",
        422: "Invalid input: one entry per invalid field in `errors`.",
        429: "Too many attempts.",
    }
    out: Dict[str, Any] = {}
    for s in statuses:
        out[str(s)] = {
            "description": descriptions.get(s, "Error."),
            "content": {"application/problem+json": {"schema": ref("Problem")}},
        }
    return {"responses": out}


def _rewrite(node: Any) -> Any:
    """The core's schema with its $refs pointed at the document's components (and without $id/$schema,
    which belong to standalone schema files)."""
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k in ("$id", "$schema"):
                continue
            if k == "$ref" and isinstance(v, str) and v.startswith(_SCHEMA_ID):
                entity = v[len(_SCHEMA_ID) :].removesuffix(".json")
                out[k] = f"#/components/schemas/{ENTITY_TITLES.get(entity, entity[:1].upper() + entity[1:])}"
            else:
                out[k] = _rewrite(v)
        return out
    if isinstance(node, list):
        return [_rewrite(v) for v in node]
    return node


def _page_of(item: Dict[str, Any], title: str) -> Dict[str, Any]:
    return {
        "title": title,
        "type": "object",
        "required": ["items", "page", "size", "total", "totalPages"],
        "properties": {
            "items": {"type": "array", "items": item},
            "page": {"type": "integer"},
            "size": {"type": "integer"},
            "total": {"type": "integer"},
            "totalPages": {"type": "integer"},
        },
    }


def _without_required(schema: Dict[str, Any], title: str) -> Dict[str, Any]:
    out = copy.deepcopy(schema)
    out.pop("required", None)
    out["title"] = title
    out["description"] = (out.get("description", "") + " Only the members given are changed.").strip()
    return out


_ENTITY_JSON = lambda name: _rewrite(pawnotes.json_schema(name))  # noqa: E731


def _extra_schemas() -> Dict[str, Dict[str, Any]]:
    string_or_null = {"type": ["string", "null"]}
    return {
        "Problem": {
            "title": "Problem",
            "description": "RFC 9457 problem details; `errors` lists every invalid field.",
            "type": "object",
            "required": ["type", "title", "status"],
            "properties": {
                "type": {"type": "string"},
                "title": {"type": "string"},
                "status": {"type": "integer"},
                "detail": {"type": "string"},
                "instance": {"type": "string"},
                "errors": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["field", "code", "message"],
                        "properties": {
                            "field": {"type": "string"},
                            "code": {"type": "string"},
                            "message": {"type": "string"},
                        },
                    },
                },
            },
        },
        "DogProgress": {
            "title": "DogProgress",
            "description": "A dog's training progress per goal (the rule: lib/README.md, 'Training plans and progress').",
            "type": "object",
            "required": ["dogId", "window", "readySessions", "goals"],
            "properties": {
                "dogId": {"type": "integer"},
                "window": {"type": "integer"},
                "readySessions": {"type": "integer"},
                "goals": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["goal", "points", "sessions", "attempts", "successes", "readyToRaise"],
                        "properties": {
                            "goal": ref("Goal"),
                            "points": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "required": ["sessionId", "date", "attempts", "successes", "meetsTarget"],
                                    "properties": {
                                        "sessionId": {"type": "integer"},
                                        "date": {"type": "string", "format": "date"},
                                        "attempts": {"type": "integer"},
                                        "successes": {"type": "integer"},
                                        "ratio": {"type": ["number", "null"]},
                                        "rollingRatio": {"type": ["number", "null"]},
                                        "criteria": {"type": "object"},
                                        "meetsTarget": {"type": "boolean"},
                                    },
                                },
                            },
                            "sessions": {"type": "integer"},
                            "attempts": {"type": "integer"},
                            "successes": {"type": "integer"},
                            "latestRatio": {"type": ["number", "null"]},
                            "rollingRatio": {"type": ["number", "null"]},
                            "readyToRaise": {"type": "boolean"},
                        },
                    },
                },
            },
        },
        "NoteRevision": {
            "title": "NoteRevision",
            "type": "object",
            "required": ["noteId", "revision", "body", "category", "tags", "visibility", "editedBy", "editedAt"],
            "properties": {
                "noteId": {"type": "integer"},
                "revision": {"type": "integer"},
                "body": {"type": "string"},
                "category": {"type": "string"},
                "tags": {"type": "array", "items": {"type": "string"}},
                "visibility": {"type": "string"},
                "editedBy": {"type": ["integer", "null"]},
                "editedAt": {"type": "string", "format": "date-time"},
            },
        },
        "ChangeRecord": {
            "title": "ChangeRecord",
            "type": "object",
            "required": ["seq", "entity", "entityId", "operation", "actorId", "at", "version"],
            "properties": {
                "seq": {"type": "integer"},
                "entity": {"type": "string"},
                "entityId": {"type": "integer"},
                "operation": {"type": "string"},
                "actorId": {"type": ["integer", "null"]},
                "at": {"type": "string", "format": "date-time"},
                "version": {"type": ["integer", "null"]},
                "data": {},
            },
        },
        "TimelineEntry": {
            "title": "TimelineEntry",
            "type": "object",
            "required": ["kind", "at"],
            "properties": {
                "kind": {"type": "string", "enum": ["visit", "note"]},
                "at": {"type": "string"},
                "visit": ref("Visit"),
                "note": ref("Note"),
            },
        },
        "Timeline": {
            "title": "Timeline",
            "type": "object",
            "required": ["items", "nextCursor"],
            "properties": {"items": {"type": "array", "items": ref("TimelineEntry")}, "nextCursor": string_or_null},
        },
        "NoteHit": {
            "title": "NoteHit",
            "type": "object",
            "required": ["note", "dogName", "snippet", "rank"],
            "properties": {
                "note": ref("Note"),
                "dogName": {"type": "string"},
                "snippet": {"type": "string"},
                "rank": {"type": "number"},
            },
        },
        "VaccinationDue": {
            "title": "VaccinationDue",
            "type": "object",
            "required": ["vaccination", "dogName", "ownerId"],
            "properties": {
                "vaccination": ref("Vaccination"),
                "dogName": {"type": "string"},
                "ownerId": {"type": "integer"},
            },
        },
        "Changes": {
            "title": "Changes",
            "type": "object",
            "required": ["items", "lastSeq"],
            "properties": {"items": {"type": "array", "items": ref("ChangeRecord")}, "lastSeq": {"type": "integer"}},
        },
        "Stats": {"title": "Stats", "type": "object", "additionalProperties": {"type": "integer"}},
        "LoginRequest": {
            "title": "LoginRequest",
            "type": "object",
            "required": ["username", "password"],
            "properties": {"username": {"type": "string"}, "password": {"type": "string"}},
        },
        "CurrentUser": {
            "title": "CurrentUser",
            "type": "object",
            "required": ["id", "username", "displayName", "organizationId", "roles"],
            "properties": {
                "id": {"type": "integer"},
                "username": {"type": "string"},
                "displayName": {"type": "string"},
                "organizationId": {"type": "integer"},
                "roles": {"type": "array", "items": {"type": "string", "enum": ["admin", "trainer", "viewer"]}},
            },
        },
        "LoginResponse": {
            "title": "LoginResponse",
            "type": "object",
            "required": ["token", "tokenType", "expiresAt", "user"],
            "properties": {
                "token": {"type": "string"},
                "tokenType": {"type": "string", "enum": ["Bearer"]},
                "expiresAt": {"type": "string", "format": "date-time"},
                "user": ref("CurrentUser"),
            },
        },
    }


def add_core_schemas(doc: Dict[str, Any]) -> None:
    """Puts every entity's schema (and its Patch and Page variants) into doc's components, plus the
    other result shapes the routes refer to, and the bearer security scheme."""
    components = doc.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for entity, title in ENTITY_TITLES.items():
        schema = _ENTITY_JSON(entity)
        schemas[title] = schema
        schemas[f"{title}Patch"] = _without_required(schema, f"{title}Patch")
        schemas[f"{title}Page"] = _page_of(ref(title), f"{title}Page")
    extra = _extra_schemas()
    schemas.update(extra)
    for name in ("NoteHit", "VaccinationDue", "ChangeRecord"):
        schemas[f"{name}Page"] = _page_of(ref(name), f"{name}Page")
    components.setdefault("securitySchemes", {})["bearerAuth"] = {"type": "http", "scheme": "bearer"}


def entity_names() -> Iterable[str]:
    return ENTITY_TITLES.keys()


def optional(value: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    return value or {}
