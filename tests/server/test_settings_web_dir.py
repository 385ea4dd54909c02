"""Where the server finds the built web app when PAWNOTES_WEB_DIR is not set."""

from __future__ import annotations

from pathlib import Path

import pytest

from pawnotes_server import settings as settings_module
from pawnotes_server.settings import Settings

ENV = {"PAWNOTES_SECRET_KEY": "0123456789abcdef0123"}


def test_an_explicit_web_dir_wins(tmp_path: Path) -> None:
    assert Settings.from_env({**ENV, "PAWNOTES_WEB_DIR": str(tmp_path)}).web_dir == str(
        tmp_path
    )


def test_the_checkout_build_under_the_current_directory_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The installed package lives in site-packages: the run command starts it from the checkout.
    built = tmp_path / "examples" / "web" / "dist" / "pawnotes-web" / "browser"
    built.mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    package_relative = settings_module._DEFAULT_WEB_DIRS[0]
    expected = (
        package_relative.resolve() if package_relative.is_dir() else built.resolve()
    )
    assert Settings.from_env(ENV).web_dir == str(expected)


def test_no_build_means_no_web_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    if settings_module._DEFAULT_WEB_DIRS[0].is_dir():
        pytest.skip(
            "this checkout has a built web app next to the package, which is then served"
        )
    assert Settings.from_env(ENV).web_dir is None
