"""Training plans from Python: skills, goals, sessions with trials, homework, and a dog's progress, with the
core's rules and errors (the same as C++ and WASM)."""

from __future__ import annotations

import pytest

import pawnotes

from conftest import NOW, TODAY

OWNER = {"firstName": "Ada", "lastName": "Lovelace", "address": "1 Main St", "city": "Madison",
         "telephone": "6085550000"}


def plan(world):
    owner = world.db.create(world.admin, pawnotes.Owner, OWNER)
    dog = world.db.create(world.admin, pawnotes.Dog, {"ownerId": owner.id, "name": "Rex"})
    trainer = world.db.create(world.admin, pawnotes.Trainer, {"firstName": "James", "lastName": "Carter"})
    skill = world.db.create(world.admin, pawnotes.Skill, {"name": "Recall", "description": "Comes when called"})
    goal = world.db.create(
        world.trainer,
        pawnotes.Goal,
        {"dogId": dog.id, "skillId": skill.id, "target": {"distanceMetres": 10, "distractionLevel": 2}},
    )
    return dog, trainer, skill, goal


def test_entities_and_typed_records(world):
    dog, trainer, skill, goal = plan(world)
    assert pawnotes.Entity.TRAINING_SESSION.value == "trainingSession"
    assert pawnotes.record_class("homework") is pawnotes.Homework
    assert type(goal) is pawnotes.Goal
    assert goal.status == "active" and goal.start_date == TODAY and goal.baseline is None
    assert goal.target == {"distanceMetres": 10, "durationSeconds": None, "distractionLevel": 2}
    session = world.db.create(
        world.trainer,
        pawnotes.TrainingSession,
        {
            "dogId": dog.id,
            "trainerId": trainer.id,
            "date": "2026-11-20",
            "trials": [{"goalId": goal.id, "attempts": 5, "successes": 4, "distanceMetres": 10, "distractionLevel": 2}],
        },
    )
    assert session.trials[0]["successes"] == 4 and session.trials[0]["durationSeconds"] is None
    homework = world.db.create(
        world.trainer, "homework", {"goalId": goal.id, "exercise": "Recall in the garden", "dueDate": "2026-11-30"}
    )
    assert (homework.dog_id, homework.assigned_on, homework.done, homework.done_at) == (dog.id, TODAY, False, None)
    done = world.db.update(world.trainer, pawnotes.Homework, homework.id, {"done": True}, 1, patch=True)
    assert done.done_at == NOW
    assert [s.name for s in world.db.list(world.viewer, pawnotes.Skill)] == ["Recall"]


def test_rules_and_errors(world):
    dog, trainer, skill, goal = plan(world)
    with pytest.raises(pawnotes.ValidationError) as caught:
        world.db.create(
            world.trainer,
            "trainingSession",
            {
                "dogId": dog.id,
                "trainerId": trainer.id,
                "trials": [
                    {"goalId": goal.id, "attempts": 3, "successes": 4},
                    {"goalId": goal.id, "attempts": 1, "successes": 1},
                ],
            },
        )
    assert [(f.field, f.code, f.message) for f in caught.value.errors] == [
        ("trials[0].successes", "too_large", "must be at most attempts"),
        ("trials[1].goalId", "duplicate", "must not repeat the goalId of an earlier item"),
    ]
    errors = pawnotes.check("goal", {"dogId": 1, "skillId": 1, "target": {"distractionLevel": 6}}, TODAY)
    assert [(f.field, f.code) for f in errors] == [("target.distractionLevel", "too_large")]
    with pytest.raises(pawnotes.Forbidden):
        world.db.create(world.trainer, pawnotes.Skill, {"name": "Sit"})
    with pytest.raises(pawnotes.Conflict):
        world.db.remove(world.admin, pawnotes.Skill, skill.id)
    schema = pawnotes.json_schema("trainingSession")
    assert schema["properties"]["trials"]["items"]["properties"]["successes"]["x-pawnotes-atMost"] == "attempts"


def test_progress(world):
    dog, trainer, skill, goal = plan(world)
    # By hand: 8/10 and 9/10 at the target, 2/4 below it. Window 2, ready after 2 sessions at target >= 80 %.
    days = [("2026-11-10", 4, 2, 5), ("2026-11-12", 10, 8, 10), ("2026-11-14", 10, 9, 12)]
    for date, attempts, successes, distance in days:
        world.db.create(
            world.trainer,
            "trainingSession",
            {
                "dogId": dog.id,
                "trainerId": trainer.id,
                "date": date,
                "trials": [
                    {
                        "goalId": goal.id,
                        "attempts": attempts,
                        "successes": successes,
                        "distanceMetres": distance,
                        "distractionLevel": 2,
                    }
                ],
            },
        )
    progress = world.db.progress(world.viewer, dog.id, window=2, ready_sessions=2)
    assert type(progress) is pawnotes.DogProgress
    assert (progress.dog_id, progress.window, progress.ready_sessions) == (dog.id, 2, 2)
    g = progress.goals[0]
    assert type(g) is pawnotes.GoalProgress and type(g.goal) is pawnotes.Goal
    assert [p.ratio for p in g.points] == [0.5, 0.8, 0.9]
    assert [round(p.rolling_ratio, 6) for p in g.points] == [0.5, round(10 / 14, 6), 0.85]
    assert [p.meets_target for p in g.points] == [False, True, True]
    assert (g.sessions, g.attempts, g.successes, g.latest_ratio, g.ready_to_raise) == (3, 24, 19, 0.9, True)
    assert world.db.progress(world.viewer, dog.id, ready_sessions=3).goals[0].ready_to_raise is False
    with pytest.raises(pawnotes.ValidationError):
        world.db.progress(world.viewer, dog.id, window=0)
    with pytest.raises(pawnotes.NotFound):
        world.db.progress(world.other_admin, dog.id)
