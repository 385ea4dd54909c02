"""PetClinic shapes <-> the core's records. Only shapes: every rule is the core's.

Owner <-> owner (pets <- dogs), Pet <-> dog (type {id,name} <-> typeId), Visit <-> visit (petId <->
dogId), Vet <-> trainer (specialties [{id,name}] <-> specialtyIds), PetType, Specialty, User.

Visits of many pets are fetched in bulk (`visits_of`: one core call per 1000 pets, never one per pet).
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping, Optional

import orjson
import pawnotes

__all__ = [
    "owner_out",
    "pet_out",
    "visit_out",
    "vet_out",
    "named_out",
    "owner_in",
    "pet_in",
    "visit_in",
    "vet_in",
    "named_in",
    "visits_of",
    "all_json_items",
    "all_items",
    "PET_RENAMES",
    "VISIT_RENAMES",
    "VET_RENAMES",
    "USER_RENAMES",
    "OWNER_MEMBERS",
]

MAX_PAGE = 1000  # the core's largest page

OWNER_MEMBERS = ("firstName", "lastName", "address", "city", "telephone")

PET_RENAMES = {"typeId": "type.id"}
VISIT_RENAMES = {"dogId": "petId"}
VET_RENAMES = {"specialtyIds": "specialties[].id"}
USER_RENAMES = {"passwordHash": "password", "roles": "roles[].name"}


# --- out: core dict -> PetClinic JSON ---
def visit_out(v: Mapping[str, Any]) -> Dict[str, Any]:
    return {"id": v["id"], "petId": v["dogId"], "date": v["date"], "description": v["description"]}


def pet_out(d: Mapping[str, Any], visits: Iterable[Mapping[str, Any]] = ()) -> Dict[str, Any]:
    out: Dict[str, Any] = {"id": d["id"], "name": d["name"]}
    if d.get("birthDate") is not None:  # the document's Pet has no null birthDate: absent instead
        out["birthDate"] = d["birthDate"]
    out["type"] = {"id": d["type"]["id"], "name": d["type"]["name"]}
    out["ownerId"] = d["ownerId"]
    out["visits"] = [visit_out(v) for v in visits]
    return out


def owner_out(o: Mapping[str, Any], visits: Mapping[int, List[Mapping[str, Any]]]) -> Dict[str, Any]:
    out: Dict[str, Any] = {"id": o["id"]}
    for m in OWNER_MEMBERS:
        out[m] = o[m]
    out["pets"] = [pet_out(d, visits.get(d["id"], ())) for d in o.get("dogs", ())]
    return out


def vet_out(t: Mapping[str, Any]) -> Dict[str, Any]:
    return {
        "id": t["id"],
        "firstName": t["firstName"],
        "lastName": t["lastName"],
        "specialties": [{"id": s["id"], "name": s["name"]} for s in t.get("specialties", ())],
    }


def named_out(r: Mapping[str, Any]) -> Dict[str, Any]:
    """PetType and Specialty: {id, name}."""
    return {"id": r["id"], "name": r["name"]}


# --- in: PetClinic JSON -> core input ---
def owner_in(body: Mapping[str, Any]) -> Dict[str, Any]:
    """The owner members the PetClinic shape has. Absent ones are sent as null so a PUT replaces them
    (the core answers "required"); members PetClinic does not know (email) are left as they are."""
    return {m: body.get(m) for m in OWNER_MEMBERS}


def pet_in(body: Mapping[str, Any]) -> Dict[str, Any]:
    data: Dict[str, Any] = {"name": body.get("name"), "birthDate": body.get("birthDate")}
    pet_type = body.get("type")
    if isinstance(pet_type, dict):
        data["typeId"] = pet_type.get("id")
    elif pet_type is not None:
        data["typeId"] = pet_type  # not an object: the core says typeId is not an id
    return data


def pet_required(body: Mapping[str, Any]) -> List[pawnotes.FieldError]:
    """Members the PetClinic document requires of a pet although the core does not (its dogs may lack a
    birth date; their type defaults to "dog"): reported with the core's own code and message."""
    missing = []
    if body.get("birthDate") is None:
        missing.append(pawnotes.FieldError("birthDate", "required", "is required"))
    pet_type = body.get("type")
    if pet_type is None or (isinstance(pet_type, dict) and pet_type.get("id") is None):
        missing.append(pawnotes.FieldError("typeId", "required", "is required"))
    return missing


def visit_in(body: Mapping[str, Any], with_pet: bool = False) -> Dict[str, Any]:
    data: Dict[str, Any] = {"description": body.get("description")}
    if body.get("date") is not None:
        data["date"] = body["date"]
    if with_pet:
        pet_id = body.get("petId")
        pet = body.get("pet")
        if pet_id is None and isinstance(pet, dict):
            pet_id = pet.get("id")  # the Angular client sends the whole pet along with a new visit
        data["dogId"] = pet_id
    return data


def vet_in(body: Mapping[str, Any], specialties_by_name: Optional[Mapping[str, int]] = None) -> Dict[str, Any]:
    """specialties [{id, name}] -> specialtyIds. An entry without an id is looked up by name (the
    reference server matches vets' specialties by name); an unknown name is passed on as is, so the
    core reports it as not an id."""
    data: Dict[str, Any] = {"firstName": body.get("firstName"), "lastName": body.get("lastName")}
    specialties = body.get("specialties")
    if specialties is None:
        data["specialtyIds"] = []
    elif isinstance(specialties, list):
        ids: List[Any] = []
        for s in specialties:
            if isinstance(s, dict):
                if s.get("id") is not None:
                    ids.append(s["id"])
                else:
                    name = s.get("name")
                    key = name.strip().lower() if isinstance(name, str) else None
                    ids.append((specialties_by_name or {}).get(key, name) if key else name)
            else:
                ids.append(s)
        data["specialtyIds"] = ids
    else:
        data["specialtyIds"] = specialties
    return data


def vet_needs_names(body: Mapping[str, Any]) -> bool:
    specialties = body.get("specialties")
    return isinstance(specialties, list) and any(
        isinstance(s, dict) and s.get("id") is None and s.get("name") is not None for s in specialties
    )


def named_in(body: Mapping[str, Any]) -> Dict[str, Any]:
    return {"name": body.get("name")}


# --- bulk reads ---
def all_items(fetch: Any) -> List[Dict[str, Any]]:
    """Every item of a paged core query: fetch(page, size) -> pawnotes Page; pages of the core's
    largest size, so ceil(total / 1000) calls."""
    out: List[Dict[str, Any]] = []
    page = 0
    while True:
        result = fetch(page, MAX_PAGE)
        out.extend(item.to_dict() for item in result.items)
        page += 1
        if page >= result.total_pages or not result.items:
            return out


def all_json_items(fetch_json: Any) -> List[Dict[str, Any]]:
    """As all_items, from a *_json query (fetch_json(page, size) -> the page's canonical JSON text): the
    dicts come straight from orjson, without the core's Python objects and their to_dict() copies."""
    out: List[Dict[str, Any]] = []
    page = 0
    while True:
        result = orjson.loads(fetch_json(page, MAX_PAGE))
        out.extend(result["items"])
        page += 1
        if page >= result["totalPages"] or not result["items"]:
            return out


def visits_of(db: Any, scope: pawnotes.Scope, dog_ids: Iterable[int]) -> Dict[int, List[Dict[str, Any]]]:
    """Each dog's visits (oldest first): one core call (Database.visits_of_dogs) per 1000 dogs, never one
    per pet. The core returns them ordered by dog, date and id."""
    ids = list(dict.fromkeys(dog_ids))
    out: Dict[int, List[Dict[str, Any]]] = {i: [] for i in ids}
    for start in range(0, len(ids), MAX_PAGE):
        for visit in orjson.loads(db.visits_of_dogs_json(scope, ids[start : start + MAX_PAGE])):
            out[visit["dogId"]].append(visit)
    return out
