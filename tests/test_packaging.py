"""A production install (`pip install .`) carries every file the kiosk reads: the screens' CSS,
the message catalogues, the served page. It once left out the catalogues and the page, so
`kiosk run` from such an install stopped at start-up."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_package_data_names_every_file_in_the_package_that_is_not_python() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["kiosk"]
    package = ROOT / "kiosk"
    shipped = {path for pattern in patterns for path in package.glob(pattern)}
    data = {path for path in package.rglob("*") if path.is_file()
            and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts}
    assert data, "no data files found: the test looks in the wrong place"
    assert sorted(map(str, data - shipped)) == []
