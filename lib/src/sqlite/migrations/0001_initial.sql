-- pawnotes schema, version 1. Applied by the migration runner inside one transaction; the schema
-- version lives in PRAGMA user_version. Every row carries organization_id (tenancy).
-- Text that is searched case-insensitively has a *_fold column computed by the core (text::fold),
-- so prefix searches use an index with a range (fold >= 'ab' AND fold < 'ab' || char(0x10FFFF)).
-- Dates are 'YYYY-MM-DD', timestamps 'YYYY-MM-DDTHH:MM:SS.mmmZ': both sort as text.

CREATE TABLE organizations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  username TEXT NOT NULL,
  username_fold TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL DEFAULT '',
  roles TEXT NOT NULL DEFAULT '',            -- comma-separated role names
  enabled INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE owners (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  last_name_fold TEXT NOT NULL,
  address TEXT NOT NULL,
  city TEXT NOT NULL,
  telephone TEXT NOT NULL,
  email TEXT,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX owners_by_last_name ON owners(organization_id, last_name_fold, first_name, id);

CREATE TABLE pet_types (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  name TEXT NOT NULL,
  name_fold TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (organization_id, name_fold)
);

CREATE TABLE dogs (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  owner_id INTEGER NOT NULL REFERENCES owners(id),
  type_id INTEGER NOT NULL REFERENCES pet_types(id),
  name TEXT NOT NULL,
  name_fold TEXT NOT NULL,
  birth_date TEXT,
  breed TEXT,
  breed_fold TEXT,
  sex TEXT NOT NULL DEFAULT 'unknown',
  weight_kg REAL,
  microchip TEXT,
  status TEXT NOT NULL DEFAULT 'active',
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (owner_id, name_fold),
  UNIQUE (organization_id, microchip)
);
CREATE INDEX dogs_by_owner ON dogs(owner_id, name_fold);
CREATE INDEX dogs_by_name ON dogs(organization_id, name_fold, id);
CREATE INDEX dogs_by_breed ON dogs(organization_id, breed_fold, name_fold);
CREATE INDEX dogs_by_type ON dogs(type_id);

CREATE TABLE specialties (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  name TEXT NOT NULL,
  name_fold TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (organization_id, name_fold)
);

CREATE TABLE trainers (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  last_name_fold TEXT NOT NULL,
  email TEXT,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX trainers_by_last_name ON trainers(organization_id, last_name_fold, id);

CREATE TABLE trainer_specialties (
  trainer_id INTEGER NOT NULL REFERENCES trainers(id) ON DELETE CASCADE,
  specialty_id INTEGER NOT NULL REFERENCES specialties(id),
  PRIMARY KEY (trainer_id, specialty_id)
) WITHOUT ROWID;
CREATE INDEX trainer_specialties_by_specialty ON trainer_specialties(specialty_id);

CREATE TABLE visits (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  dog_id INTEGER NOT NULL REFERENCES dogs(id),
  trainer_id INTEGER REFERENCES trainers(id),
  date TEXT NOT NULL,
  description TEXT NOT NULL,
  duration_minutes INTEGER,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX visits_by_dog ON visits(dog_id, date, id);
CREATE INDEX visits_by_trainer ON visits(trainer_id, date, id);

CREATE TABLE notes (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  dog_id INTEGER NOT NULL REFERENCES dogs(id),
  author_id INTEGER NOT NULL,
  body TEXT NOT NULL,
  category TEXT NOT NULL,
  tags TEXT NOT NULL DEFAULT '',             -- space-separated, each [a-z0-9-]
  visibility TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  revision INTEGER NOT NULL DEFAULT 1,
  deleted_at TEXT,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX notes_by_dog ON notes(dog_id, created_at, id);
CREATE INDEX notes_by_org_created ON notes(organization_id, created_at);

CREATE TABLE note_tags (
  note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
  tag TEXT NOT NULL,
  PRIMARY KEY (tag, note_id)
) WITHOUT ROWID;
CREATE INDEX note_tags_by_note ON note_tags(note_id);

-- Earlier states of a note (one row per replaced revision).
CREATE TABLE note_revisions (
  note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
  revision INTEGER NOT NULL,
  body TEXT NOT NULL,
  category TEXT NOT NULL,
  tags TEXT NOT NULL,
  visibility TEXT NOT NULL,
  edited_by INTEGER NOT NULL,
  edited_at TEXT NOT NULL,
  PRIMARY KEY (note_id, revision)
) WITHOUT ROWID;

-- Full-text index of note bodies (external content: the triggers keep it in step with notes).
CREATE VIRTUAL TABLE notes_fts USING fts5(
  body, content='notes', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes BEGIN
  INSERT INTO notes_fts(rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER notes_fts_delete AFTER DELETE ON notes BEGIN
  INSERT INTO notes_fts(notes_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER notes_fts_update AFTER UPDATE OF body ON notes BEGIN
  INSERT INTO notes_fts(notes_fts, rowid, body) VALUES ('delete', old.id, old.body);
  INSERT INTO notes_fts(rowid, body) VALUES (new.id, new.body);
END;

CREATE TABLE care_flags (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  dog_id INTEGER NOT NULL REFERENCES dogs(id),
  kind TEXT NOT NULL,
  severity TEXT NOT NULL,
  text TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX care_flags_by_dog ON care_flags(dog_id);

CREATE TABLE vaccinations (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  dog_id INTEGER NOT NULL REFERENCES dogs(id),
  name TEXT NOT NULL,
  given_on TEXT NOT NULL,
  expires_on TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX vaccinations_by_dog ON vaccinations(dog_id, expires_on);
CREATE INDEX vaccinations_by_expiry ON vaccinations(organization_id, expires_on);

-- Idempotent creates: the first result of a client key.
CREATE TABLE client_keys (
  organization_id INTEGER NOT NULL,
  client_key TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  PRIMARY KEY (organization_id, client_key)
) WITHOUT ROWID;

-- The change log: audit trail and sync cursor. data = the record after the change (before, for delete).
CREATE TABLE changes (
  seq INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL,
  entity TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  operation TEXT NOT NULL,
  actor_id INTEGER NOT NULL,
  at TEXT NOT NULL,
  version INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX changes_by_entity ON changes(organization_id, entity, entity_id, seq);
CREATE INDEX changes_by_org ON changes(organization_id, seq);
