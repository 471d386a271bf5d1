"""Fixtures shared by every test module; kept generic so any test can build on them."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.i18n import SOURCE_LANGUAGE, use_language

SAMPLE_FILE = Path(__file__).parent / "data" / "sample.json"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Slow tests first: run in parallel (`make test`), each starts early on a worker and the
    short ones fill the other workers around it, instead of one starting last and running alone."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)  # stable: order kept


@pytest.fixture
def sample_path(tmp_path: Path) -> Path:
    """A private copy of the pinned sample listings, so a test may change it freely."""
    target = tmp_path / "kiosk.json"
    shutil.copyfile(SAMPLE_FILE, target)
    return target


@pytest.fixture
def chicago() -> ZoneInfo:
    """The sample's kiosk time zone (it has both DST transitions the schedule must handle)."""
    return ZoneInfo("America/Chicago")


@pytest.fixture(autouse=True)
def own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test keeps its listings snapshots (`kiosk.snapshot`) in a cache folder of its own,
    never the user's (kiosk processes a test starts inherit it)."""
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    return cache


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    """Each test starts in English and leaves English behind: the language shown is global."""
    use_language(SOURCE_LANGUAGE)
    yield
    use_language(SOURCE_LANGUAGE)
