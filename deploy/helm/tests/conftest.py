"""Fixtures of the chart suite: the real helm binary renders the real chart (deploy/helm/pawnotes) for each
values profile; the tests read the rendered objects. HELM names the binary (deploy/helm/test.sh builds the
pinned v3.21.4 with scripts/go_tool.sh); without HELM, the same go_tool.sh call finds or builds it."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Sequence

import pytest
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
CHART = ROOT / "deploy" / "helm" / "pawnotes"
PROFILES = ("sqlite", "postgres", "production")
RELEASE = "rel"
NAMESPACE = "pawnotes"


def helm_binary() -> str:
    helm = os.environ.get("HELM", "")
    if helm:
        return helm
    out = subprocess.run(
        ["bash", str(ROOT / "scripts" / "go_tool.sh"), "helm", "helm.sh/helm/v3/cmd/helm", "v3.21.4"],
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


@dataclass
class Rendered:
    returncode: int
    stdout: str
    stderr: str

    @property
    def docs(self) -> List[dict]:
        assert self.returncode == 0, self.stderr
        return [d for d in yaml.safe_load_all(self.stdout) if d]


def render(profile: str | None, *sets: str, values: Sequence[Path] = ()) -> Rendered:
    """`helm template` of the chart with a profile, extra -f files and --set overrides."""
    cmd = [helm_binary(), "template", RELEASE, str(CHART), "--namespace", NAMESPACE]
    if profile:
        cmd += ["-f", str(CHART / "profiles" / f"{profile}.yaml")]
    for v in values:
        cmd += ["-f", str(v)]
    for s in sets:
        cmd += ["--set", s]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    return Rendered(p.returncode, p.stdout, p.stderr)


_cache: Dict[str, List[dict]] = {}


def rendered_profile(profile: str) -> List[dict]:
    if profile not in _cache:
        _cache[profile] = render(profile).docs
    return _cache[profile]


@pytest.fixture(params=PROFILES)
def profile(request) -> str:
    return request.param


@pytest.fixture
def docs(profile) -> List[dict]:
    return rendered_profile(profile)
