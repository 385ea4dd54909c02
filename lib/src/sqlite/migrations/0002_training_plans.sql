-- pawnotes schema, version 2: training plans. The organization's skill catalogue, a dog's goals (a skill
-- from baseline to target criteria in the three Ds), training sessions with per-goal trials, and homework
-- for the owner. Criteria columns are NULL when a D is not set.

CREATE TABLE skills (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  name TEXT NOT NULL,
  name_fold TEXT NOT NULL,
  description TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (organization_id, name_fold)
);

CREATE TABLE goals (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  dog_id INTEGER NOT NULL REFERENCES dogs(id),
  skill_id INTEGER NOT NULL REFERENCES skills(id),
  has_baseline INTEGER NOT NULL DEFAULT 0,
  baseline_distance_metres REAL,
  baseline_duration_seconds INTEGER,
  baseline_distraction_level INTEGER,
  target_distance_metres REAL,
  target_duration_seconds INTEGER,
  target_distraction_level INTEGER,
  status TEXT NOT NULL,
  start_date TEXT NOT NULL,
  target_date TEXT,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX goals_by_dog ON goals(dog_id, id);
CREATE INDEX goals_by_skill ON goals(skill_id);

CREATE TABLE training_sessions (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  dog_id INTEGER NOT NULL REFERENCES dogs(id),
  trainer_id INTEGER NOT NULL REFERENCES trainers(id),
  date TEXT NOT NULL,
  note TEXT,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX training_sessions_by_dog ON training_sessions(dog_id, date, id);
CREATE INDEX training_sessions_by_trainer ON training_sessions(trainer_id, date, id);

-- One row per goal of a session, in the session's order (position). dog_id and date repeat the session's,
-- so a dog's progress is one range of the covering index below (no join, no sort).
CREATE TABLE session_trials (
  session_id INTEGER NOT NULL REFERENCES training_sessions(id),
  goal_id INTEGER NOT NULL REFERENCES goals(id),
  position INTEGER NOT NULL,
  organization_id INTEGER NOT NULL,
  dog_id INTEGER NOT NULL,
  date TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  successes INTEGER NOT NULL,
  distance_metres REAL,
  duration_seconds INTEGER,
  distraction_level INTEGER,
  PRIMARY KEY (session_id, goal_id)
);
CREATE INDEX session_trials_by_goal ON session_trials(goal_id);
CREATE INDEX session_trials_progress ON session_trials(organization_id, dog_id, date, session_id, goal_id, attempts,
                                                       successes, distance_metres, duration_seconds, distraction_level);

CREATE TABLE homework (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  goal_id INTEGER NOT NULL REFERENCES goals(id),
  dog_id INTEGER NOT NULL REFERENCES dogs(id),
  exercise TEXT NOT NULL,
  assigned_on TEXT NOT NULL,
  due_date TEXT NOT NULL,
  done INTEGER NOT NULL DEFAULT 0,
  owner_comment TEXT,
  done_at TEXT,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX homework_by_goal ON homework(goal_id, due_date);
CREATE INDEX homework_by_dog ON homework(dog_id, due_date);
