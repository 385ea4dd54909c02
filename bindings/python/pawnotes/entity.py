"""The kinds of records pawnotes keeps, named as in JSON, the change log and the schema ids."""

from __future__ import annotations

from enum import Enum
from typing import Union

__all__ = ["Entity", "EntityLike", "entity_name"]


class Entity(str, Enum):
    """A record kind; the value is its camelCase name ("owner", "petType", "careFlag")."""

    ORGANIZATION = "organization"
    USER = "user"
    OWNER = "owner"
    PET_TYPE = "petType"
    DOG = "dog"
    TRAINER = "trainer"
    SPECIALTY = "specialty"
    VISIT = "visit"
    NOTE = "note"
    CARE_FLAG = "careFlag"
    VACCINATION = "vaccination"
    SKILL = "skill"
    GOAL = "goal"
    TRAINING_SESSION = "trainingSession"
    HOMEWORK = "homework"

    def __str__(self) -> str:
        return self.value


EntityLike = Union[Entity, str]


def entity_name(entity: EntityLike) -> str:
    """The entity's name; ValueError for an unknown one."""
    return Entity(entity).value
