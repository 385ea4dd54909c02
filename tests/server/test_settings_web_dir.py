"""Where the server finds the built web app when PAWNOTES_WEB_DIR is not set."""

from __future__ import annotations

from pathlib import Path

import pytest

from pawnotes_server import settings as settings_module
from pawnotes_server.settings import Settings

ENV = {"PAWNOTES_SECRET_KEY": "0123456789abcdef0123"}


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """As an installed package (in site-packages, nowhere near a checkout) started in `tmp_path`: the
    package-relative candidate has no build; the current-directory one is checked for real."""
    site = tmp_path / "site-packages" / "web" / "dist" / "pawnotes-web" / "browser"
    monkeypatch.setattr(settings_module, "_DEFAULT_WEB_DIRS", (site, *settings_module._DEFAULT_WEB_DIRS[1:]))
    work = tmp_path / "checkout"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def test_an_explicit_web_dir_wins(tmp_path: Path) -> None:
    assert Settings.from_env({**ENV, "PAWNOTES_WEB_DIR": str(tmp_path)}).web_dir == str(tmp_path)


def test_the_checkout_build_under_the_current_directory_is_found(installed: Path) -> None:
    built = installed / "examples" / "web" / "dist" / "pawnotes-web" / "browser"
    built.mkdir(parents=True)
    assert Settings.from_env(ENV).web_dir == str(built.resolve())


def test_a_build_next_to_the_package_comes_first(installed: Path, tmp_path: Path) -> None:
    (installed / "examples" / "web" / "dist" / "pawnotes-web" / "browser").mkdir(parents=True)
    beside = settings_module._DEFAULT_WEB_DIRS[0]
    beside.mkdir(parents=True)
    assert Settings.from_env(ENV).web_dir == str(beside.resolve())


def test_no_build_means_no_web_app(installed: Path) -> None:
    assert Settings.from_env(ENV).web_dir is None
