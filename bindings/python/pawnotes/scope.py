"""Who is asking: every call on a Database takes a Scope (organization, acting user, roles)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Iterable, Tuple, Union

__all__ = ["Role", "Scope"]


class Role(str, Enum):
    """Admin may write everything; Trainer writes owners, dogs, visits, notes, care flags and
    vaccinations; Viewer only reads."""

    ADMIN = "admin"
    TRAINER = "trainer"
    VIEWER = "viewer"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, init=False)
class Scope:
    """The organization a call works in, the acting user's id (0 = the system) and that user's roles."""

    organization_id: int
    actor_id: int = 0
    roles: Tuple[Role, ...] = field(default=(Role.ADMIN,))

    def __init__(
        self, organization_id: int, actor_id: int = 0, roles: Iterable[Union[Role, str]] = (Role.ADMIN,)
    ) -> None:
        if isinstance(roles, (str, Role)):
            roles = (roles,)
        object.__setattr__(self, "organization_id", int(organization_id))
        object.__setattr__(self, "actor_id", int(actor_id))
        object.__setattr__(self, "roles", tuple(Role(r) for r in roles))

    def has(self, role: Union[Role, str]) -> bool:
        return Role(role) in self.roles
