#!/usr/bin/env python3
"""Writes tests/vectors/validation/<entity>.json.

The expectations below are written by hand from the rules in the design (not computed by the core): the
C++, Python and WASM replays then hold the core to them. Edit this file and re-run it to change vectors:
    python3 tests/vectors/make_validation_vectors.py
"""
import json
import os

TODAY = "2026-11-24"
HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "validation")

# The core's messages, by hand.
REQUIRED = "is required"
EMPTY = "must not be empty"
STRING = "must be a string"
NUMBER = "must be a number"
WHOLE = "must be a whole number"
BOOL = "must be true or false"
ID = "must be an id (a positive whole number)"
LIST = "must be a list"
OBJECT = "must be a JSON object"
NAME = "must contain only letters, separated by single spaces, apostrophes or hyphens"
LAST = NAME + ", and may end in a period"
DIGITS = "must contain only digits"
EMAIL = "must be a valid email address"
TAG = "must contain only lower-case letters a-z, digits and hyphens"
USERNAME = "must contain only letters A-Z, digits, '.', '_' and '-'"
DATE = "must be a valid date (YYYY-MM-DD)"
FUTURE = "must not be in the future"
TOO_OLD = "must not be more than 50 years ago"
MALFORMED = "is not valid JSON"
DEEP = "is nested too deeply"


def at_most(n, unit="characters"):
    return f"must be at most {n} {unit}"


def at_least(n, unit="characters"):
    return f"must be at least {n} {unit}"


def one_of(*values):
    return "must be one of: " + ", ".join(values)


def e(field, code, message):
    return {"field": field, "code": code, "message": message}


files = {}


def case(entity, name, input=None, *, errors=None, result=None, mode="create", today=TODAY, text=None):
    c = {"name": name, "entity": entity, "mode": mode, "today": today}
    if text is not None:
        c["inputText"] = text
    else:
        c["input"] = input
    c["expect"] = {"errors": errors} if errors is not None else {"result": result}
    assert (errors is None) != (result is None)
    files.setdefault(entity, []).append(c)


def merged(base, **changes):
    out = dict(base)
    for k, v in changes.items():
        if v is DROP:
            out.pop(k, None)
        else:
            out[k] = v
    return out


DROP = object()

# ---------------------------------------------------------------- owner
OWNER = {"firstName": "George", "lastName": "Franklin", "address": "110 W. Liberty St.", "city": "Madison",
         "telephone": "6085551023"}
OWNER_OUT = dict(OWNER, email=None)
o = "owner"
case(o, "minimal owner is valid; absent email becomes null", OWNER, result=OWNER_OUT)
case(o, "strings are trimmed", merged(OWNER, firstName="  George\t", city=" Madison \u00a0", email=" g@example.com "),
     result=merged(OWNER_OUT, email="g@example.com"))
case(o, "unknown and read-only members are dropped", merged(OWNER, id=7, version=3, dogs=[{"name": "Rex"}], nickname="G"),
     result=OWNER_OUT)
for first, last in [("Åsa", "Ødegård"), ("Jean-Luc", "Picard"), ("Mary Ann", "O'Brien"), ("Дмитрий", "Иванов"),
                    ("Ελένη", "Παπαδοπούλου"), ("太郎", "山田"), ("Zoë", "Müller-Lüdenscheidt"), ("Nguyễn", "Thị"),
                    ("Łukasz", "Żółć"), ("Şebnem", "Ağaoğlu")]:
    case(o, f"unicode names are letters: {first} {last}", merged(OWNER, firstName=first, lastName=last),
         result=merged(OWNER_OUT, firstName=first, lastName=last))
case(o, "last name may end in a period", merged(OWNER, lastName="Smith Jr."), result=merged(OWNER_OUT, lastName="Smith Jr."))
case(o, "first name may not end in a period", merged(OWNER, firstName="Geo."), errors=[e("firstName", "pattern", NAME)])
case(o, "last name with two periods is rejected", merged(OWNER, lastName="Smith.."), errors=[e("lastName", "pattern", LAST)])
case(o, "first name of 30 two-byte letters is valid", merged(OWNER, firstName="é" * 30), result=merged(OWNER_OUT, firstName="é" * 30))
case(o, "first name of 31 letters is too long", merged(OWNER, firstName="é" * 31), errors=[e("firstName", "too_long", at_most(30))])
case(o, "last name of 30 CJK letters is valid", merged(OWNER, lastName="山" * 30), result=merged(OWNER_OUT, lastName="山" * 30))
case(o, "last name of 31 ASCII letters is too long", merged(OWNER, lastName="a" * 31), errors=[e("lastName", "too_long", at_most(30))])
case(o, "double space between names is rejected", merged(OWNER, firstName="Mary  Ann"), errors=[e("firstName", "pattern", NAME)])
case(o, "leading hyphen is rejected", merged(OWNER, lastName="-Smith"), errors=[e("lastName", "pattern", LAST)])
case(o, "trailing apostrophe is rejected", merged(OWNER, lastName="Smith'"), errors=[e("lastName", "pattern", LAST)])
case(o, "digits in a name are rejected", merged(OWNER, firstName="George2"), errors=[e("firstName", "pattern", NAME)])
case(o, "a combining accent is not a letter", merged(OWNER, firstName="Jose\u0301"), errors=[e("firstName", "pattern", NAME)])
case(o, "white space only is empty", merged(OWNER, firstName="   "), errors=[e("firstName", "too_short", EMPTY)])
case(o, "empty last name", merged(OWNER, lastName=""), errors=[e("lastName", "too_short", EMPTY)])
case(o, "everything missing: every required field, in table order", {},
     errors=[e("firstName", "required", REQUIRED), e("lastName", "required", REQUIRED), e("address", "required", REQUIRED),
             e("city", "required", REQUIRED), e("telephone", "required", REQUIRED)])
case(o, "null counts as missing", merged(OWNER, city=None), errors=[e("city", "required", REQUIRED)])
case(o, "wrong types", merged(OWNER, firstName=42, address=["x"], telephone=6085551023, email=True),
     errors=[e("firstName", "type", STRING), e("address", "type", STRING), e("telephone", "type", STRING),
             e("email", "type", STRING)])
case(o, "telephone with letters", merged(OWNER, telephone="608-555-10"), errors=[e("telephone", "pattern", DIGITS)])
case(o, "telephone of 20 digits is valid", merged(OWNER, telephone="1" * 20), result=merged(OWNER_OUT, telephone="1" * 20))
case(o, "telephone of 21 digits is too long", merged(OWNER, telephone="1" * 21), errors=[e("telephone", "too_long", at_most(20, "digits"))])
case(o, "address of 255 is valid", merged(OWNER, address="a" * 255), result=merged(OWNER_OUT, address="a" * 255))
case(o, "address of 256 is too long", merged(OWNER, address="a" * 256), errors=[e("address", "too_long", at_most(255))])
case(o, "city of 80 is valid", merged(OWNER, city="ø" * 80), result=merged(OWNER_OUT, city="ø" * 80))
case(o, "city of 81 is too long", merged(OWNER, city="ø" * 81), errors=[e("city", "too_long", at_most(80))])
for good in ["a@b.co", "first.last+dogs@mail.example.org", "o'neil@example.ie", "x_y-z@sub-domain.example.com"]:
    case(o, f"valid email {good}", merged(OWNER, email=good), result=merged(OWNER_OUT, email=good))
for bad in ["plain", "a@b", "a@b.c", "a..b@example.com", ".a@example.com", "a.@example.com", "a@@example.com",
            "a b@example.com", "a@-example.com", "a@example-.com", "a@example.c0m", "jörg@example.com", "a@example..com"]:
    case(o, f"invalid email {bad}", merged(OWNER, email=bad), errors=[e("email", "invalid_email", EMAIL)])
long_email = "a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 57 + ".com"
assert len(long_email) == 254
case(o, "email of 254 characters is valid", merged(OWNER, email=long_email), result=merged(OWNER_OUT, email=long_email))
case(o, "email of 255 characters is too long", merged(OWNER, email="a" + long_email), errors=[e("email", "too_long", at_most(254))])
case(o, "local part of 65 is not an email", merged(OWNER, email="a" * 65 + "@example.com"), errors=[e("email", "invalid_email", EMAIL)])
case(o, "empty email is empty", merged(OWNER, email=" "), errors=[e("email", "too_short", EMPTY)])
for bad in [[], "owner", 12, None, True]:
    case(o, f"input must be an object: {json.dumps(bad)}", bad, errors=[e("", "type", OBJECT)])
case(o, "all errors at once", {"firstName": "G3orge", "lastName": "", "address": "x" * 300, "telephone": "abc", "email": "nope"},
     errors=[e("firstName", "pattern", NAME), e("lastName", "too_short", EMPTY), e("address", "too_long", at_most(255)),
             e("city", "required", REQUIRED), e("telephone", "pattern", DIGITS), e("email", "invalid_email", EMAIL)])
case(o, "replace: absent optional member is null", OWNER, mode="replace", result=OWNER_OUT)
case(o, "replace: required members are still required", {"firstName": "George"}, mode="replace",
     errors=[e("lastName", "required", REQUIRED), e("address", "required", REQUIRED), e("city", "required", REQUIRED),
             e("telephone", "required", REQUIRED)])
case(o, "patch: only given members", {"city": " Oslo "}, mode="patch", result={"city": "Oslo"})
case(o, "patch: empty patch is valid", {}, mode="patch", result={})
case(o, "patch: null clears an optional member", {"email": None}, mode="patch", result={"email": None})
case(o, "patch: null for a required member", {"firstName": None}, mode="patch", errors=[e("firstName", "required", REQUIRED)])
case(o, "patch: given members are checked", {"telephone": "x", "city": "Bergen"}, mode="patch",
     errors=[e("telephone", "pattern", DIGITS)])
case(o, "patch: read-only members dropped", {"id": 3, "version": 9}, mode="patch", result={})
case(o, "text: valid JSON text", text=json.dumps(OWNER), result=OWNER_OUT)
for bad in ["", "{", "{\"firstName\": }", "{'firstName': 'G'}", "{\"a\": 1,}", "nul", "[1, 2", "{\"a\": 1} x",
            "{\"a\": 1e999}"]:
    case(o, f"text: malformed JSON {bad!r}", text=bad, errors=[e("", "malformed_json", MALFORMED)])
case(o, "text: 64 levels of nesting are fine (unknown member)", text='{"deep": ' + "[" * 63 + "]" * 63 + ', "firstName": 1}',
     errors=[e("firstName", "type", STRING), e("lastName", "required", REQUIRED), e("address", "required", REQUIRED),
             e("city", "required", REQUIRED), e("telephone", "required", REQUIRED)])
case(o, "text: 65 levels of nesting are rejected", text='{"deep": ' + "[" * 64 + "]" * 64 + "}", errors=[e("", "malformed_json", DEEP)])
case(o, "text: brackets inside strings do not count", text=json.dumps(merged(OWNER, address="[" * 100 + "{" * 100)),
     result=merged(OWNER_OUT, address="[" * 100 + "{" * 100))
case(o, "text: a JSON array is not an object", text="[]", errors=[e("", "type", OBJECT)])

# ---------------------------------------------------------------- dog
DOG = {"ownerId": 1, "name": "Rex"}
DOG_OUT = {"ownerId": 1, "typeId": None, "name": "Rex", "birthDate": None, "breed": None, "sex": "unknown", "weightKg": None,
           "microchip": None, "status": "active"}
FULL_DOG = {"ownerId": 4, "typeId": 2, "name": " Bella ", "birthDate": "2019-05-01", "breed": " Border Collie ", "sex": "female",
            "weightKg": 18.5, "microchip": "985112003456789", "status": "inactive"}
d = "dog"
case(d, "minimal dog: defaults applied", DOG, result=DOG_OUT)
case(d, "full dog, trimmed", FULL_DOG, result=merged(FULL_DOG, name="Bella", breed="Border Collie"))
case(d, "computed and read-only members are dropped", merged(DOG, id=3, ageYears=4, type={"id": 1, "name": "dog"}, version=1),
     result=DOG_OUT)
case(d, "ownerId missing", {"name": "Rex"}, errors=[e("ownerId", "required", REQUIRED)])
case(d, "ownerId as text", merged(DOG, ownerId="1"), errors=[e("ownerId", "type", ID)])
case(d, "ownerId zero", merged(DOG, ownerId=0), errors=[e("ownerId", "too_small", at_least(1).replace(" characters", ""))])
case(d, "ownerId negative", merged(DOG, ownerId=-5), errors=[e("ownerId", "too_small", "must be at least 1")])
case(d, "ownerId fractional", merged(DOG, ownerId=1.5), errors=[e("ownerId", "type", ID)])
case(d, "ownerId 2.0 is the id 2", merged(DOG, ownerId=2.0), result=merged(DOG_OUT, ownerId=2))
case(d, "typeId given", merged(DOG, typeId=3), result=merged(DOG_OUT, typeId=3))
case(d, "typeId boolean", merged(DOG, typeId=True), errors=[e("typeId", "type", ID)])
case(d, "name of 30 is valid", merged(DOG, name="Ü" * 30), result=merged(DOG_OUT, name="Ü" * 30))
case(d, "name of 31 is too long", merged(DOG, name="Ü" * 31), errors=[e("name", "too_long", at_most(30))])
case(d, "name may hold digits and signs", merged(DOG, name="R2-D2 (junior)"), result=merged(DOG_OUT, name="R2-D2 (junior)"))
case(d, "name empty after trimming", merged(DOG, name=" \t "), errors=[e("name", "too_short", EMPTY)])
case(d, "birthDate today is valid", merged(DOG, birthDate=TODAY), result=merged(DOG_OUT, birthDate=TODAY))
case(d, "birthDate tomorrow is in the future", merged(DOG, birthDate="2026-11-25"), errors=[e("birthDate", "future_date", FUTURE)])
case(d, "birthDate exactly 50 years ago is valid", merged(DOG, birthDate="1976-11-24"), result=merged(DOG_OUT, birthDate="1976-11-24"))
case(d, "birthDate 50 years and a day ago is too old", merged(DOG, birthDate="1976-11-23"), errors=[e("birthDate", "too_old", TOO_OLD)])
case(d, "leap day today: 50 years back is Feb 28", merged(DOG, birthDate="1974-02-28"), today="2024-02-29",
     result=merged(DOG_OUT, birthDate="1974-02-28"))
case(d, "leap day today: Feb 27 fifty years back is too old", merged(DOG, birthDate="1974-02-27"), today="2024-02-29",
     errors=[e("birthDate", "too_old", TOO_OLD)])
for bad in ["2026-02-30", "2023-02-29", "24/11/2020", "2020-1-5", "2020-01-05T00:00:00Z", "", "yesterday"]:
    case(d, f"birthDate not a date: {bad!r}", merged(DOG, birthDate=bad), errors=[e("birthDate", "invalid_date", DATE)])
case(d, "birthDate as a number", merged(DOG, birthDate=20200105), errors=[e("birthDate", "type", STRING)])
case(d, "breed of 80 is valid", merged(DOG, breed="b" * 80), result=merged(DOG_OUT, breed="b" * 80))
case(d, "breed of 81 is too long", merged(DOG, breed="b" * 81), errors=[e("breed", "too_long", at_most(80))])
case(d, "breed empty", merged(DOG, breed=""), errors=[e("breed", "too_short", EMPTY)])
case(d, "sex male", merged(DOG, sex="male"), result=merged(DOG_OUT, sex="male"))
case(d, "sex is case-sensitive", merged(DOG, sex="Male"), errors=[e("sex", "not_allowed", one_of("male", "female", "unknown"))])
case(d, "sex null takes the default", merged(DOG, sex=None), result=DOG_OUT)
case(d, "weight 0 is valid", merged(DOG, weightKg=0), result=merged(DOG_OUT, weightKg=0))
case(d, "weight 150 is valid", merged(DOG, weightKg=150), result=merged(DOG_OUT, weightKg=150))
case(d, "weight 150.5 is too large", merged(DOG, weightKg=150.5), errors=[e("weightKg", "too_large", "must be at most 150")])
case(d, "weight -0.1 is too small", merged(DOG, weightKg=-0.1), errors=[e("weightKg", "too_small", "must be at least 0")])
case(d, "weight as text", merged(DOG, weightKg="12"), errors=[e("weightKg", "type", NUMBER)])
case(d, "microchip of 15 digits", merged(DOG, microchip="123456789012345"), result=merged(DOG_OUT, microchip="123456789012345"))
case(d, "microchip of 14 digits", merged(DOG, microchip="12345678901234"),
     errors=[e("microchip", "too_short", "must be exactly 15 digits")])
case(d, "microchip of 16 digits", merged(DOG, microchip="1234567890123456"),
     errors=[e("microchip", "too_long", "must be exactly 15 digits")])
case(d, "microchip with a letter", merged(DOG, microchip="12345678901234X"), errors=[e("microchip", "pattern", DIGITS)])
case(d, "microchip as a number", merged(DOG, microchip=123456789012345), errors=[e("microchip", "type", STRING)])
case(d, "status archived", merged(DOG, status="archived"), result=merged(DOG_OUT, status="archived"))
case(d, "status unknown value", merged(DOG, status="deleted"), errors=[e("status", "not_allowed", one_of("active", "inactive", "archived"))])
case(d, "every field wrong at once",
     {"ownerId": "x", "typeId": 0, "name": "", "birthDate": "2030-01-01", "breed": 5, "sex": "m", "weightKg": 200,
      "microchip": "1", "status": None},
     errors=[e("ownerId", "type", ID), e("typeId", "too_small", "must be at least 1"), e("name", "too_short", EMPTY),
             e("birthDate", "future_date", FUTURE), e("breed", "type", STRING), e("sex", "not_allowed", one_of("male", "female", "unknown")),
             e("weightKg", "too_large", "must be at most 150"), e("microchip", "too_short", "must be exactly 15 digits")])
case(d, "replace: absent members take their defaults", DOG, mode="replace", result=DOG_OUT)
case(d, "patch: status only", {"status": "archived"}, mode="patch", result={"status": "archived"})
case(d, "patch: null resets a member with a default", {"sex": None}, mode="patch", result={"sex": "unknown"})
case(d, "patch: null clears the birth date", {"birthDate": None}, mode="patch", result={"birthDate": None})
case(d, "patch: ownerId null", {"ownerId": None}, mode="patch", errors=[e("ownerId", "required", REQUIRED)])

# ---------------------------------------------------------------- visit
VISIT = {"dogId": 7, "description": "Recall training"}
VISIT_OUT = {"dogId": 7, "trainerId": None, "date": TODAY, "description": "Recall training", "durationMinutes": None}
v = "visit"
case(v, "minimal visit: date defaults to today", VISIT, result=VISIT_OUT)
case(v, "date default follows today", VISIT, today="2025-01-31", result=merged(VISIT_OUT, date="2025-01-31"))
case(v, "full visit", merged(VISIT, trainerId=2, date="2026-10-01", durationMinutes=45),
     result=merged(VISIT_OUT, trainerId=2, date="2026-10-01", durationMinutes=45))
case(v, "future date books a visit", merged(VISIT, date="2027-03-01"), result=merged(VISIT_OUT, date="2027-03-01"))
case(v, "date invalid", merged(VISIT, date="2026-13-01"), errors=[e("date", "invalid_date", DATE)])
case(v, "description of 255", merged(VISIT, description="d" * 255), result=merged(VISIT_OUT, description="d" * 255))
case(v, "description of 256", merged(VISIT, description="d" * 256), errors=[e("description", "too_long", at_most(255))])
case(v, "description empty", merged(VISIT, description="  "), errors=[e("description", "too_short", EMPTY)])
case(v, "description missing", {"dogId": 7}, errors=[e("description", "required", REQUIRED)])
case(v, "duration 1", merged(VISIT, durationMinutes=1), result=merged(VISIT_OUT, durationMinutes=1))
case(v, "duration 720", merged(VISIT, durationMinutes=720), result=merged(VISIT_OUT, durationMinutes=720))
case(v, "duration 0", merged(VISIT, durationMinutes=0), errors=[e("durationMinutes", "too_small", "must be at least 1")])
case(v, "duration 721", merged(VISIT, durationMinutes=721), errors=[e("durationMinutes", "too_large", "must be at most 720")])
case(v, "duration 30.0 is 30", merged(VISIT, durationMinutes=30.0), result=merged(VISIT_OUT, durationMinutes=30))
case(v, "duration 30.5", merged(VISIT, durationMinutes=30.5), errors=[e("durationMinutes", "type", WHOLE)])
case(v, "duration as text", merged(VISIT, durationMinutes="30"), errors=[e("durationMinutes", "type", WHOLE)])
case(v, "duration huge", merged(VISIT, durationMinutes=18446744073709551615), errors=[e("durationMinutes", "too_large", "is too large")])
case(v, "trainerId null", merged(VISIT, trainerId=None), result=VISIT_OUT)
case(v, "trainerId zero", merged(VISIT, trainerId=0), errors=[e("trainerId", "too_small", "must be at least 1")])
case(v, "dogId missing and more", {"trainerId": "2", "durationMinutes": 1000},
     errors=[e("dogId", "required", REQUIRED), e("trainerId", "type", ID), e("description", "required", REQUIRED),
             e("durationMinutes", "too_large", "must be at most 720")])
case(v, "replace: absent date defaults to today", VISIT, mode="replace", result=VISIT_OUT)
case(v, "patch: description only, trimmed", {"description": " Heel work "}, mode="patch", result={"description": "Heel work"})

# ---------------------------------------------------------------- note
NOTE = {"dogId": 3, "body": "Pulled on the lead less today."}
NOTE_OUT = {"dogId": 3, "body": "Pulled on the lead less today.", "category": "general", "tags": [], "visibility": "internal"}
n = "note"
case(n, "minimal note: defaults applied", NOTE, result=NOTE_OUT)
case(n, "full note", merged(NOTE, category="progress", tags=["recall", "lead"], visibility="shared"),
     result=merged(NOTE_OUT, category="progress", tags=["recall", "lead"], visibility="shared"))
case(n, "read-only members dropped", merged(NOTE, id=1, authorId=9, createdAt="2026-01-01T00:00:00.000Z", revision=4, deletedAt=None),
     result=NOTE_OUT)
case(n, "body is trimmed", merged(NOTE, body="\n  Sat nicely.  \n"), result=merged(NOTE_OUT, body="Sat nicely."))
case(n, "body of 5000 code points", merged(NOTE, body="ü" * 5000), result=merged(NOTE_OUT, body="ü" * 5000))
case(n, "body of 5001 code points", merged(NOTE, body="ü" * 5001), errors=[e("body", "too_long", at_most(5000))])
case(n, "body of 5000 after trimming", merged(NOTE, body="  " + "x" * 5000 + "  "), result=merged(NOTE_OUT, body="x" * 5000))
case(n, "body white space only", merged(NOTE, body=" \u3000 "), errors=[e("body", "too_short", EMPTY)])
case(n, "body keeps inner new lines", merged(NOTE, body="Line 1\nLine 2"), result=merged(NOTE_OUT, body="Line 1\nLine 2"))
for cat in ["behaviour", "progress", "health", "incident", "general"]:
    case(n, f"category {cat}", merged(NOTE, category=cat), result=merged(NOTE_OUT, category=cat))
case(n, "category unknown", merged(NOTE, category="behavior"),
     errors=[e("category", "not_allowed", one_of("behaviour", "progress", "health", "incident", "general"))])
case(n, "tags lower-cased, trimmed and de-duplicated in order", merged(NOTE, tags=[" Recall ", "recall", "LEASH-work", "leash-work", "x"]),
     result=merged(NOTE_OUT, tags=["recall", "leash-work", "x"]))
case(n, "ten tags", merged(NOTE, tags=[f"t{i}" for i in range(10)]), result=merged(NOTE_OUT, tags=[f"t{i}" for i in range(10)]))
case(n, "eleven tags are too many", merged(NOTE, tags=[f"t{i}" for i in range(11)]), errors=[e("tags", "too_many", "must have at most 10 items")])
case(n, "twelve tags that de-duplicate to ten", merged(NOTE, tags=[f"t{i}" for i in range(10)] + ["T0", "t1"]),
     result=merged(NOTE_OUT, tags=[f"t{i}" for i in range(10)]))
case(n, "tag of 32", merged(NOTE, tags=["a" * 32]), result=merged(NOTE_OUT, tags=["a" * 32]))
case(n, "tag of 33", merged(NOTE, tags=["ok", "a" * 33]), errors=[e("tags[1]", "too_long", at_most(32))])
case(n, "tag with a space", merged(NOTE, tags=["loose lead"]), errors=[e("tags[0]", "pattern", TAG)])
case(n, "tag with a non-ASCII letter", merged(NOTE, tags=["Über"]), errors=[e("tags[0]", "pattern", TAG)])
case(n, "tag with an underscore", merged(NOTE, tags=["leash_work"]), errors=[e("tags[0]", "pattern", TAG)])
case(n, "several bad tags, in index order", merged(NOTE, tags=["ok", "", 5, "a b", "ok"]),
     errors=[e("tags[1]", "too_short", EMPTY), e("tags[2]", "type", STRING), e("tags[3]", "pattern", TAG)])
case(n, "tags not a list", merged(NOTE, tags="recall"), errors=[e("tags", "type", LIST)])
case(n, "tags null takes the default", merged(NOTE, tags=None), result=NOTE_OUT)
case(n, "visibility shared", merged(NOTE, visibility="shared"), result=merged(NOTE_OUT, visibility="shared"))
case(n, "visibility unknown", merged(NOTE, visibility="public"), errors=[e("visibility", "not_allowed", one_of("internal", "shared"))])
case(n, "everything wrong", {"dogId": -1, "body": 3, "category": "", "tags": [f"t{i}" for i in range(20)], "visibility": True},
     errors=[e("dogId", "too_small", "must be at least 1"), e("body", "type", STRING),
             e("category", "not_allowed", one_of("behaviour", "progress", "health", "incident", "general")),
             e("tags", "too_many", "must have at most 10 items"), e("visibility", "type", STRING)])
case(n, "patch: tags only", {"tags": ["A", "a", "b"]}, mode="patch", result={"tags": ["a", "b"]})
case(n, "patch: body null", {"body": None}, mode="patch", errors=[e("body", "required", REQUIRED)])
case(n, "replace: defaults are applied", NOTE, mode="replace", result=NOTE_OUT)

# ---------------------------------------------------------------- careFlag
FLAG = {"dogId": 3, "kind": "behaviour_safety", "severity": "danger", "text": "Bites when touched on the paws."}
FLAG_OUT = dict(FLAG, active=True)
cf = "careFlag"
KINDS = ("medical", "allergy", "behaviour_safety", "handling")
case(cf, "valid flag: active defaults to true", FLAG, result=FLAG_OUT)
for kind in KINDS:
    case(cf, f"kind {kind}", merged(FLAG, kind=kind), result=merged(FLAG_OUT, kind=kind))
for sev in ("info", "caution"):
    case(cf, f"severity {sev}", merged(FLAG, severity=sev), result=merged(FLAG_OUT, severity=sev))
case(cf, "kind unknown", merged(FLAG, kind="behavior"), errors=[e("kind", "not_allowed", one_of(*KINDS))])
case(cf, "severity unknown", merged(FLAG, severity="high"), errors=[e("severity", "not_allowed", one_of("info", "caution", "danger"))])
case(cf, "text of 500", merged(FLAG, text="t" * 500), result=merged(FLAG_OUT, text="t" * 500))
case(cf, "text of 501", merged(FLAG, text="t" * 501), errors=[e("text", "too_long", at_most(500))])
case(cf, "inactive flag", merged(FLAG, active=False), result=merged(FLAG_OUT, active=False))
case(cf, "active as text", merged(FLAG, active="yes"), errors=[e("active", "type", BOOL)])
case(cf, "active as 1", merged(FLAG, active=1), errors=[e("active", "type", BOOL)])
case(cf, "everything missing", {},
     errors=[e("dogId", "required", REQUIRED), e("kind", "required", REQUIRED), e("severity", "required", REQUIRED),
             e("text", "required", REQUIRED)])
case(cf, "patch: deactivate", {"active": False}, mode="patch", result={"active": False})

# ---------------------------------------------------------------- vaccination
VAC = {"dogId": 3, "name": "Rabies", "givenOn": "2026-01-10", "expiresOn": "2027-01-10"}
vac = "vaccination"
case(vac, "valid vaccination", VAC, result=VAC)
case(vac, "given today", merged(VAC, givenOn=TODAY), result=merged(VAC, givenOn=TODAY))
case(vac, "given tomorrow", merged(VAC, givenOn="2026-11-25", expiresOn="2027-11-25"), errors=[e("givenOn", "future_date", FUTURE)])
case(vac, "expires the day it was given", merged(VAC, expiresOn="2026-01-10"), errors=[e("expiresOn", "before_field", "must be after givenOn")])
case(vac, "expires before it was given", merged(VAC, expiresOn="2025-12-31"), errors=[e("expiresOn", "before_field", "must be after givenOn")])
case(vac, "expires the day after", merged(VAC, expiresOn="2026-01-11"), result=merged(VAC, expiresOn="2026-01-11"))
case(vac, "already expired is valid", merged(VAC, givenOn="2020-01-01", expiresOn="2021-01-01"),
     result=merged(VAC, givenOn="2020-01-01", expiresOn="2021-01-01"))
case(vac, "givenOn invalid: expiresOn not compared", merged(VAC, givenOn="2026-01-32", expiresOn="2020-01-01"),
     errors=[e("givenOn", "invalid_date", DATE)])
case(vac, "dates missing", {"dogId": 3, "name": "Rabies"}, errors=[e("givenOn", "required", REQUIRED), e("expiresOn", "required", REQUIRED)])
case(vac, "name of 80", merged(VAC, name="n" * 80), result=merged(VAC, name="n" * 80))
case(vac, "name of 81", merged(VAC, name="n" * 81), errors=[e("name", "too_long", at_most(80))])
case(vac, "computed members dropped", merged(VAC, status="ok", daysLeft=3, id=1), result=VAC)
case(vac, "patch: expiresOn alone is not compared", {"expiresOn": "2000-01-01"}, mode="patch", result={"expiresOn": "2000-01-01"})
case(vac, "patch: both dates compared", {"givenOn": "2026-05-01", "expiresOn": "2026-04-01"}, mode="patch",
     errors=[e("expiresOn", "before_field", "must be after givenOn")])

# ---------------------------------------------------------------- user
HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo"
USER = {"username": "anna.k", "roles": ["admin"], "passwordHash": HASH}
USER_OUT = {"username": "anna.k", "displayName": "", "roles": ["admin"], "passwordHash": HASH, "enabled": True}
u = "user"
case(u, "minimal user: defaults applied", USER, result=USER_OUT)
case(u, "full user", merged(USER, displayName=" Anna K. ", roles=["trainer", "viewer"], enabled=False),
     result=merged(USER_OUT, displayName="Anna K.", roles=["trainer", "viewer"], enabled=False))
case(u, "roles de-duplicated", merged(USER, roles=["admin", "trainer", "admin"]), result=merged(USER_OUT, roles=["admin", "trainer"]))
case(u, "roles empty", merged(USER, roles=[]), errors=[e("roles", "too_short", "must have at least 1 item")])
case(u, "roles unknown", merged(USER, roles=["admin", "owner"]), errors=[e("roles[1]", "not_allowed", one_of("admin", "trainer", "viewer"))])
case(u, "roles missing", merged(USER, roles=DROP), errors=[e("roles", "required", REQUIRED)])
case(u, "roles not a list", merged(USER, roles="admin"), errors=[e("roles", "type", LIST)])
case(u, "username with a space", merged(USER, username="anna k"), errors=[e("username", "pattern", USERNAME)])
case(u, "username with a non-ASCII letter", merged(USER, username="jörg"), errors=[e("username", "pattern", USERNAME)])
case(u, "username of 80", merged(USER, username="u" * 80), result=merged(USER_OUT, username="u" * 80))
case(u, "username of 81", merged(USER, username="u" * 81), errors=[e("username", "too_long", at_most(80))])
case(u, "username keeps its case", merged(USER, username="Anna_K-1"), result=merged(USER_OUT, username="Anna_K-1"))
case(u, "displayName of 80", merged(USER, displayName="d" * 80), result=merged(USER_OUT, displayName="d" * 80))
case(u, "displayName of 81", merged(USER, displayName="d" * 81), errors=[e("displayName", "too_long", at_most(80))])
case(u, "passwordHash empty", merged(USER, passwordHash=""), errors=[e("passwordHash", "too_short", EMPTY)])
case(u, "passwordHash is not trimmed", merged(USER, passwordHash=" h "), result=merged(USER_OUT, passwordHash=" h "))
case(u, "passwordHash of 512", merged(USER, passwordHash="h" * 512), result=merged(USER_OUT, passwordHash="h" * 512))
case(u, "passwordHash of 513", merged(USER, passwordHash="h" * 513), errors=[e("passwordHash", "too_long", at_most(512))])
case(u, "passwordHash missing", merged(USER, passwordHash=DROP), errors=[e("passwordHash", "required", REQUIRED)])
case(u, "enabled as text", merged(USER, enabled="true"), errors=[e("enabled", "type", BOOL)])

# ---------------------------------------------------------------- trainer
TRAINER = {"firstName": "Helen", "lastName": "Leary"}
TRAINER_OUT = {"firstName": "Helen", "lastName": "Leary", "email": None, "specialtyIds": []}
t = "trainer"
case(t, "minimal trainer", TRAINER, result=TRAINER_OUT)
case(t, "specialties de-duplicated", merged(TRAINER, specialtyIds=[2, 1, 2]), result=merged(TRAINER_OUT, specialtyIds=[2, 1]))
case(t, "specialty id zero", merged(TRAINER, specialtyIds=[1, 0]), errors=[e("specialtyIds[1]", "too_small", "must be at least 1")])
case(t, "specialty id as text", merged(TRAINER, specialtyIds=["1"]), errors=[e("specialtyIds[0]", "type", ID)])
case(t, "specialties not a list", merged(TRAINER, specialtyIds=1), errors=[e("specialtyIds", "type", LIST)])
case(t, "specialties output member is dropped", merged(TRAINER, specialties=[{"id": 1, "name": "x"}]), result=TRAINER_OUT)
case(t, "email given", merged(TRAINER, email="helen@clinic.example"), result=merged(TRAINER_OUT, email="helen@clinic.example"))
case(t, "names follow the person-name rule", {"firstName": "H3len", "lastName": "Leary.."},
     errors=[e("firstName", "pattern", NAME), e("lastName", "pattern", LAST)])
case(t, "patch: specialties only", {"specialtyIds": []}, mode="patch", result={"specialtyIds": []})

# ---------------------------------------------------------------- petType, specialty, organization
for ent, limit in (("petType", 80), ("specialty", 80), ("organization", 120)):
    case(ent, "valid name, trimmed", {"name": "  Hamster "}, result={"name": "Hamster"})
    case(ent, f"name of {limit}", {"name": "n" * limit}, result={"name": "n" * limit})
    case(ent, f"name of {limit + 1}", {"name": "n" * (limit + 1)}, errors=[e("name", "too_long", at_most(limit))])
    case(ent, "name empty", {"name": "\t"}, errors=[e("name", "too_short", EMPTY)])
    case(ent, "name missing", {}, errors=[e("name", "required", REQUIRED)])
    case(ent, "name as a number", {"name": 1}, errors=[e("name", "type", STRING)])
    case(ent, "unicode name", {"name": "Ξ 猫 ✓"}, result={"name": "Ξ 猫 ✓"})
    case(ent, "patch: nothing", {"id": 1}, mode="patch", result={})

# ---------------------------------------------------------------- training plans: skill
SK = {"name": "Recall", "description": "Comes when called"}
sk = "skill"
case(sk, "valid skill", SK, result=SK)
case(sk, "description is optional (null)", {"name": " Sit "}, result={"name": "Sit", "description": None})
case(sk, "name of 80", merged(SK, name="r" * 80), result=merged(SK, name="r" * 80))
case(sk, "name of 81", merged(SK, name="r" * 81), errors=[e("name", "too_long", at_most(80))])
case(sk, "name missing", {"description": "x"}, errors=[e("name", "required", REQUIRED)])
case(sk, "description of 500", merged(SK, description="d" * 500), result=merged(SK, description="d" * 500))
case(sk, "description of 501", merged(SK, description="d" * 501), errors=[e("description", "too_long", at_most(500))])
case(sk, "description blank", merged(SK, description="  "), errors=[e("description", "too_short", EMPTY)])
case(sk, "patch: description only", {"description": "Comes back fast"}, mode="patch", result={"description": "Comes back fast"})

# ---------------------------------------------------------------- goal (criteria: the three Ds)
NO_CRITERIA = {"distanceMetres": None, "durationSeconds": None, "distractionLevel": None}
GOAL = {"dogId": 3, "skillId": 2,
        "baseline": {"distanceMetres": 2, "durationSeconds": 5, "distractionLevel": 0},
        "target": {"distanceMetres": 10, "durationSeconds": 30, "distractionLevel": 2},
        "status": "active", "startDate": "2026-11-01", "targetDate": "2027-01-31"}
g = "goal"
STATUSES = one_of("active", "met", "paused", "dropped")
case(g, "valid goal", GOAL, result=GOAL)
case(g, "minimal: only a target; baseline null, status active, start today",
     {"dogId": 3, "skillId": 2, "target": {"distanceMetres": 2.5}},
     result={"dogId": 3, "skillId": 2, "baseline": None, "target": merged(NO_CRITERIA, distanceMetres=2.5),
             "status": "active", "startDate": TODAY, "targetDate": None})
case(g, "an empty target object is valid: every D null", merged(GOAL, target={}), result=merged(GOAL, target=NO_CRITERIA))
case(g, "unknown members of a criteria object are dropped", merged(GOAL, target={"distractionLevel": 1, "speed": 3}),
     result=merged(GOAL, target=merged(NO_CRITERIA, distractionLevel=1)))
case(g, "target missing", merged(GOAL, target=DROP), errors=[e("target", "required", REQUIRED)])
case(g, "target null is missing", merged(GOAL, target=None), errors=[e("target", "required", REQUIRED)])
case(g, "target not an object", merged(GOAL, target="far"), errors=[e("target", "type", OBJECT)])
case(g, "target a list", merged(GOAL, target=[10, 30, 2]), errors=[e("target", "type", OBJECT)])
case(g, "distraction level 5 is the top", merged(GOAL, target=merged(GOAL["target"], distractionLevel=5)),
     result=merged(GOAL, target=merged(GOAL["target"], distractionLevel=5)))
case(g, "distraction level 6", merged(GOAL, target=merged(GOAL["target"], distractionLevel=6)),
     errors=[e("target.distractionLevel", "too_large", "must be at most 5")])
case(g, "distraction level -1", merged(GOAL, target=merged(GOAL["target"], distractionLevel=-1)),
     errors=[e("target.distractionLevel", "too_small", "must be at least 0")])
case(g, "distraction level 2.5", merged(GOAL, target=merged(GOAL["target"], distractionLevel=2.5)),
     errors=[e("target.distractionLevel", "type", WHOLE)])
case(g, "distance negative", merged(GOAL, target=merged(GOAL["target"], distanceMetres=-0.5)),
     errors=[e("target.distanceMetres", "too_small", "must be at least 0")])
case(g, "distance 10000 m", merged(GOAL, target=merged(GOAL["target"], distanceMetres=10000)),
     result=merged(GOAL, target=merged(GOAL["target"], distanceMetres=10000)))
case(g, "distance 10000.5 m", merged(GOAL, target=merged(GOAL["target"], distanceMetres=10000.5)),
     errors=[e("target.distanceMetres", "too_large", "must be at most 10000")])
case(g, "distance as text", merged(GOAL, target=merged(GOAL["target"], distanceMetres="5")),
     errors=[e("target.distanceMetres", "type", NUMBER)])
case(g, "duration of a day", merged(GOAL, target=merged(GOAL["target"], durationSeconds=86400)),
     result=merged(GOAL, target=merged(GOAL["target"], durationSeconds=86400)))
case(g, "duration over a day", merged(GOAL, target=merged(GOAL["target"], durationSeconds=86401)),
     errors=[e("target.durationSeconds", "too_large", "must be at most 86400")])
case(g, "baseline and target errors, baseline first",
     merged(GOAL, baseline={"distractionLevel": 9}, target={"durationSeconds": -5, "distanceMetres": True}),
     errors=[e("baseline.distractionLevel", "too_large", "must be at most 5"), e("target.distanceMetres", "type", NUMBER),
             e("target.durationSeconds", "too_small", "must be at least 0")])
case(g, "status met", merged(GOAL, status="met"), result=merged(GOAL, status="met"))
case(g, "status unknown", merged(GOAL, status="done"), errors=[e("status", "not_allowed", STATUSES)])
case(g, "target date the start day", merged(GOAL, targetDate="2026-11-01"), result=merged(GOAL, targetDate="2026-11-01"))
case(g, "target date before the start", merged(GOAL, targetDate="2026-10-31"),
     errors=[e("targetDate", "before_field", "must not be before startDate")])
case(g, "target date before today when the start defaults to today", merged(GOAL, startDate=DROP, targetDate="2026-11-23"),
     errors=[e("targetDate", "before_field", "must not be before startDate")])
case(g, "start date invalid: target date not compared", merged(GOAL, startDate="2026-02-30", targetDate="2020-01-01"),
     errors=[e("startDate", "invalid_date", DATE)])
case(g, "references", merged(GOAL, dogId=0, skillId="2"),
     errors=[e("dogId", "too_small", "must be at least 1"), e("skillId", "type", ID)])
case(g, "everything missing", {}, errors=[e("dogId", "required", REQUIRED), e("skillId", "required", REQUIRED),
                                          e("target", "required", REQUIRED)])
case(g, "read-only members dropped", merged(GOAL, id=5, version=2), result=GOAL)
case(g, "patch: status only", {"status": "paused"}, mode="patch", result={"status": "paused"})
case(g, "patch: a criteria object is checked whole", {"target": {"durationSeconds": 60}}, mode="patch",
     result={"target": merged(NO_CRITERIA, durationSeconds=60)})
case(g, "patch: target date alone is not compared", {"targetDate": "2000-01-01"}, mode="patch",
     result={"targetDate": "2000-01-01"})

# ---------------------------------------------------------------- trainingSession (per-goal trials)
def trial_out(goal, attempts, successes, **criteria):
    return {"goalId": goal, "attempts": attempts, "successes": successes, **merged(NO_CRITERIA, **criteria)}


SESSION = {"dogId": 3, "trainerId": 4, "date": "2026-11-20", "note": "Good focus",
           "trials": [{"goalId": 7, "attempts": 10, "successes": 8, "distanceMetres": 5, "distractionLevel": 2},
                      {"goalId": 8, "attempts": 0, "successes": 0}]}
SESSION_OUT = merged(SESSION, trials=[trial_out(7, 10, 8, distanceMetres=5, distractionLevel=2), trial_out(8, 0, 0)])
ts = "trainingSession"


def with_trials(*trials):
    return merged(SESSION, trials=list(trials))


case(ts, "valid session", SESSION, result=SESSION_OUT)
case(ts, "minimal: today, no note, no trials", {"dogId": 3, "trainerId": 4},
     result={"dogId": 3, "trainerId": 4, "date": TODAY, "note": None, "trials": []})
case(ts, "today is fine", merged(SESSION, date=TODAY), result=merged(SESSION_OUT, date=TODAY))
case(ts, "tomorrow is in the future", merged(SESSION, date="2026-11-25"), errors=[e("date", "future_date", FUTURE)])
case(ts, "note trimmed", merged(SESSION, note="  Calm  "), result=merged(SESSION_OUT, note="Calm"))
case(ts, "note blank", merged(SESSION, note=" \n "), errors=[e("note", "too_short", EMPTY)])
case(ts, "note of 2000", merged(SESSION, note="n" * 2000), result=merged(SESSION_OUT, note="n" * 2000))
case(ts, "note of 2001", merged(SESSION, note="n" * 2001), errors=[e("note", "too_long", at_most(2000))])
case(ts, "successes equal to attempts", with_trials({"goalId": 7, "attempts": 6, "successes": 6}),
     result=merged(SESSION_OUT, trials=[trial_out(7, 6, 6)]))
case(ts, "successes above attempts", with_trials({"goalId": 7, "attempts": 5, "successes": 6}),
     errors=[e("trials[0].successes", "too_large", "must be at most attempts")])
case(ts, "attempts not a number: successes not compared", with_trials({"goalId": 7, "attempts": "10", "successes": 3}),
     errors=[e("trials[0].attempts", "type", WHOLE)])
case(ts, "attempts and successes required", with_trials({"goalId": 7}),
     errors=[e("trials[0].attempts", "required", REQUIRED), e("trials[0].successes", "required", REQUIRED)])
case(ts, "attempts of 1001", with_trials({"goalId": 7, "attempts": 1001, "successes": 0}),
     errors=[e("trials[0].attempts", "too_large", "must be at most 1000")])
case(ts, "successes negative", with_trials({"goalId": 7, "attempts": 3, "successes": -1}),
     errors=[e("trials[0].successes", "too_small", "must be at least 0")])
case(ts, "criteria of the day checked", with_trials({"goalId": 7, "attempts": 3, "successes": 1, "distractionLevel": 7,
                                                   "durationSeconds": 1.5}),
     errors=[e("trials[0].durationSeconds", "type", WHOLE), e("trials[0].distractionLevel", "too_large", "must be at most 5")])
case(ts, "a goal twice", with_trials({"goalId": 7, "attempts": 3, "successes": 1}, {"goalId": 7, "attempts": 2, "successes": 2}),
     errors=[e("trials[1].goalId", "duplicate", "must not repeat the goalId of an earlier item")])
case(ts, "a goal twice, the first with another error: both reported",
     with_trials({"goalId": 7, "attempts": 1, "successes": 2}, {"goalId": 7, "attempts": 2, "successes": 2}),
     errors=[e("trials[0].successes", "too_large", "must be at most attempts"),
             e("trials[1].goalId", "duplicate", "must not repeat the goalId of an earlier item")])
case(ts, "item errors in index order", with_trials({"attempts": 1, "successes": 1}, {"goalId": 8, "attempts": 1, "successes": 1},
                                                  {"goalId": 9, "attempts": 1, "successes": 2}),
     errors=[e("trials[0].goalId", "required", REQUIRED), e("trials[2].successes", "too_large", "must be at most attempts")])
case(ts, "trials not a list", merged(SESSION, trials={"goalId": 7}), errors=[e("trials", "type", LIST)])
case(ts, "a trial not an object", with_trials(7), errors=[e("trials[0]", "type", OBJECT)])
case(ts, "50 trials", with_trials(*[{"goalId": i, "attempts": 1, "successes": 1} for i in range(1, 51)]),
     result=merged(SESSION_OUT, trials=[trial_out(i, 1, 1) for i in range(1, 51)]))
case(ts, "51 trials", with_trials(*[{"goalId": i, "attempts": 1, "successes": 1} for i in range(1, 52)]),
     errors=[e("trials", "too_many", "must have at most 50 items")])
case(ts, "dog and trainer required", {"date": "2026-11-20"},
     errors=[e("dogId", "required", REQUIRED), e("trainerId", "required", REQUIRED)])
case(ts, "read-only members dropped", merged(SESSION, id=9, version=4), result=SESSION_OUT)
case(ts, "patch: note only", {"note": "Tired today"}, mode="patch", result={"note": "Tired today"})
case(ts, "text: trials from JSON text", text=json.dumps(SESSION), result=SESSION_OUT)

# ---------------------------------------------------------------- homework
HW = {"goalId": 7, "exercise": "Five recalls in the garden a day", "assignedOn": "2026-11-20", "dueDate": "2026-11-27"}
HW_OUT = merged(HW, done=False, ownerComment=None)
hw = "homework"
case(hw, "valid homework", HW, result=HW_OUT)
case(hw, "assigned today when absent", merged(HW, assignedOn=DROP), result=merged(HW_OUT, assignedOn=TODAY))
case(hw, "due the day it is assigned", merged(HW, dueDate="2026-11-20"), result=merged(HW_OUT, dueDate="2026-11-20"))
case(hw, "due before it is assigned", merged(HW, dueDate="2026-11-19"),
     errors=[e("dueDate", "before_field", "must not be before assignedOn")])
case(hw, "due before today when assigned today", merged(HW, assignedOn=DROP, dueDate="2026-11-23"),
     errors=[e("dueDate", "before_field", "must not be before assignedOn")])
case(hw, "done with a comment", merged(HW, done=True, ownerComment=" Every morning "),
     result=merged(HW_OUT, done=True, ownerComment="Every morning"))
case(hw, "done must be a boolean", merged(HW, done="yes"), errors=[e("done", "type", BOOL)])
case(hw, "comment of 1001", merged(HW, ownerComment="c" * 1001), errors=[e("ownerComment", "too_long", at_most(1000))])
case(hw, "exercise of 1000", merged(HW, exercise="x" * 1000), result=merged(HW_OUT, exercise="x" * 1000))
case(hw, "exercise of 1001", merged(HW, exercise="x" * 1001), errors=[e("exercise", "too_long", at_most(1000))])
case(hw, "everything missing", {}, errors=[e("goalId", "required", REQUIRED), e("exercise", "required", REQUIRED),
                                           e("dueDate", "required", REQUIRED)])
case(hw, "dogId and doneAt are set by the core", merged(HW, dogId=3, doneAt="2026-11-21T08:00:00.000Z", id=1), result=HW_OUT)
case(hw, "patch: marked done", {"done": True, "ownerComment": "Went well"}, mode="patch",
     result={"done": True, "ownerComment": "Went well"})
case(hw, "patch: due date alone is not compared", {"dueDate": "2000-01-01"}, mode="patch", result={"dueDate": "2000-01-01"})

DESCRIPTIONS = {
    "owner": "Owner rules: person names, address, city, telephone digits, email; modes; malformed JSON text.",
    "dog": "Dog rules: references, name, birth date bounds, breed, sex, weight, microchip, status.",
    "visit": "Visit rules: date defaults to today (future allowed), description, duration.",
    "note": "Note rules: body length after trimming, category, tags (normalized, at most 10), visibility.",
    "careFlag": "Care flag rules: kind, severity, text, active.",
    "vaccination": "Vaccination rules: given on or before today, expiring after it was given.",
    "user": "User rules: username, display name, roles, write-only password hash, enabled.",
    "trainer": "Trainer rules: person names, email, specialty ids.",
    "petType": "Pet type rules: name 1-80 trimmed.",
    "specialty": "Specialty rules: name 1-80 trimmed.",
    "organization": "Organization rules: name 1-120 trimmed.",
    "skill": "Skill rules: name 1-80 trimmed, optional description 1-500.",
    "goal": "Goal rules: references, baseline and target criteria (distance, duration, distraction 0-5), status, dates in order.",
    "trainingSession": "Training session rules: date not in the future, note, per-goal trials (successes <= attempts, one per goal).",
    "homework": "Homework rules: exercise, assigned and due dates in order, done, owner comment; dogId and doneAt set by the core.",
}

os.makedirs(HERE, exist_ok=True)
total = 0
for entity, cases in files.items():
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), f"duplicate case names in {entity}"
    with open(os.path.join(HERE, f"{entity}.json"), "w", encoding="utf-8") as f:
        json.dump({"description": DESCRIPTIONS[entity], "cases": cases}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    total += len(cases)
print(f"{total} cases in {len(files)} files")
