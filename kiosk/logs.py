"""The kiosk's log: a rotating file, never the screen (visitors see the kiosk, not its log).

`kiosk run` calls `setup_logging` once, before the app starts; everything else only does
``logging.getLogger("kiosk")``. The file is ``--log-file``, by default ``kiosk.log`` in the
user's state directory (``$XDG_STATE_HOME/peer-support-kiosk/``, else
``~/.local/state/peer-support-kiosk/``): the data file's folder may belong to staff, and a
kiosk running for months must not fill the disk, so the file rotates at 1 MB, keeping five.
Plain Python, no UI.
"""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOGGER_NAME = "kiosk"
APP_DIR = "peer-support-kiosk"
MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(message)s"

log = logging.getLogger(LOGGER_NAME)
log.addHandler(logging.NullHandler())  # until set up: silent, not Python's stderr fallback


def default_log_path() -> Path:
    """``$XDG_STATE_HOME/peer-support-kiosk/kiosk.log``, else under ``~/.local/state``."""
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / APP_DIR / "kiosk.log"


def setup_logging(path: Path) -> RotatingFileHandler:
    """Send the kiosk's log to a rotating file at `path` (its folder is made if needed) and
    nowhere else; raises OSError if the file cannot be opened."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                  encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    for old in list(log.handlers):
        log.removeHandler(old)
        old.close()
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False  # never up to the root logger, whose last resort is stderr
    return handler


def log_is_set_up() -> bool:
    """Whether `setup_logging` (or a fallback) gave the log somewhere to go."""
    return any(not isinstance(h, logging.NullHandler) for h in log.handlers)
