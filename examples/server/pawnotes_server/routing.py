"""Route groups: the app's routes indexed by path prefix, so a request is matched against a handful of
routes instead of all of them.

Starlette/FastAPI match a request by trying every route in order (regex match per route), and FastAPI
0.16x's include_router keeps included routers lazy: each request walks them twice (match, then dispatch)
and recomputes their version on the way. With ~250 routes (the native API and the PetClinic API with its
trailing-slash twins) that was ~0.3 ms of CPU per request, a third of a timeline request. A RouteGroup
holds routes whose paths all start with one literal prefix ("/api/v1"), registered on a router created
with that prefix (so the routes know their full paths), and sub-indexes them by the next path segment.

Semantics are the flat list's: within a group the routes keep their registration order, a route whose next
segment is a parameter is a candidate for every segment, the first FULL match wins, else the first
PARTIAL one (405). Groups are frozen when built: build them after every route is registered."""

from __future__ import annotations

from typing import Any, Dict, Iterable, Iterator, List, Sequence, Tuple

from starlette.routing import BaseRoute, Match, NoMatchFound
from starlette.types import Receive, Scope, Send

__all__ = ["RouteGroup", "expand_routes"]


def _route_path(scope: Scope) -> str:
    path: str = scope["path"]
    root = scope.get("root_path", "")
    if root and path.startswith(root):
        return path[len(root) :]
    return path


class RouteGroup(BaseRoute):
    """Routes under the literal prefix `prefix` (no trailing slash), matched only for paths under it."""

    def __init__(self, prefix: str, routes: Iterable[BaseRoute]) -> None:
        if not prefix.startswith("/") or prefix.endswith("/") or "{" in prefix:
            raise ValueError(f"a group prefix is a literal path without a trailing slash, not {prefix!r}")
        self.prefix = prefix
        self.routes: List[BaseRoute] = list(routes)
        self._under = prefix + "/"
        # next segment -> candidate routes (registration order); routes with a parameter there go into
        # every bucket and into the list for segments no route names.
        self._any: List[BaseRoute] = []
        self._by_segment: Dict[str, List[BaseRoute]] = {}
        for route in self.routes:
            path = getattr(route, "path", None)
            if not isinstance(path, str) or not (path == prefix or path.startswith(self._under)):
                raise ValueError(f"route {path!r} is not under {prefix!r}")
            segment = self._segment(path)
            if "{" in segment:
                self._any.append(route)
                for bucket in self._by_segment.values():
                    bucket.append(route)
            else:
                bucket = self._by_segment.get(segment)
                if bucket is None:
                    bucket = self._by_segment[segment] = list(self._any)
                bucket.append(route)

    def _segment(self, path: str) -> str:
        rest = path[len(self._under) :] if len(path) > len(self.prefix) else ""
        return rest.split("/", 1)[0]

    def _candidates(self, path: str) -> Sequence[BaseRoute]:
        if path != self.prefix and not path.startswith(self._under):
            return ()
        return self._by_segment.get(self._segment(path), self._any)

    def matches(self, scope: Scope) -> Tuple[Match, Scope]:
        if scope["type"] != "http":
            return Match.NONE, {}
        partial = None
        for route in self._candidates(_route_path(scope)):
            match, child = route.matches(scope)
            if match == Match.FULL:
                return match, {**child, "route": route}
            if match == Match.PARTIAL and partial is None:
                partial = {**child, "route": route}
        if partial is not None:
            return Match.PARTIAL, partial
        return Match.NONE, {}

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        # matches() put the selected route into the scope (the router merges the child scope in).
        await scope["route"].handle(scope, receive, send)

    def url_path_for(self, name: str, /, **path_params: Any) -> Any:
        for route in self.routes:
            try:
                return route.url_path_for(name, **path_params)
            except NoMatchFound:
                pass
        raise NoMatchFound(name, path_params)

    def __repr__(self) -> str:
        return f"RouteGroup({self.prefix!r}, {len(self.routes)} routes)"


def expand_routes(routes: Iterable[BaseRoute]) -> Iterator[BaseRoute]:
    """The routes with every RouteGroup replaced by its routes (for the OpenAPI document)."""
    for route in routes:
        if isinstance(route, RouteGroup):
            yield from route.routes
        else:
            yield route
