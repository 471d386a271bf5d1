"""The kiosk's log: a rotating file, never the screen (visitors see the kiosk, not its log).

`kiosk run` calls `setup_logging` once, before the app starts; everything else only does
``logging.getLogger("kiosk")``. The file is ``--log-file``, by default ``kiosk.log`` in the
user's state directory (``$XDG_STATE_HOME/peer-support-kiosk/``, else
``~/.local/state/peer-support-kiosk/``): the data file's folder may belong to staff, and a
kiosk running for months must not fill the disk, so the file rotates at 1 MB, keeping five.
A file that cannot be written does not stop the kiosk: `fall_back_logging` picks the journal
or the system log. Plain Python, no UI.
"""

from __future__ import annotations

import logging
import os
import sys
from logging.handlers import RotatingFileHandler, SysLogHandler
from pathlib import Path

LOGGER_NAME = "kiosk"
APP_DIR = "peer-support-kiosk"
MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(message)s"
SYSLOG_ADDRESS = "/dev/log"

log = logging.getLogger(LOGGER_NAME)
log.addHandler(logging.NullHandler())  # until set up: silent, not Python's stderr fallback


def default_log_path() -> Path:
    """``$XDG_STATE_HOME/peer-support-kiosk/kiosk.log``, else under ``~/.local/state``."""
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / APP_DIR / "kiosk.log"


def setup_logging(path: Path) -> RotatingFileHandler:
    """Send the kiosk's log to a rotating file at `path` (its folder is made if needed) and
    nowhere else; raises OSError if the file cannot be opened (see `fall_back_logging`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                  encoding="utf-8")
    _log_to(handler)
    return handler


def fall_back_logging() -> str:
    """Log somewhere else when the file cannot be written, and say where (for one warning).

    Standard error, if it is not a terminal: under the service (deploy/kiosk.service) it is
    the journal. On a terminal the kiosk draws its picture there, so the log goes to the system
    log (``/dev/log``, which journald also reads) instead, or, without one, nowhere: the kiosk
    still runs, since a lobby without its listings helps nobody.
    """
    handler: logging.Handler
    if sys.stderr is not None and not sys.stderr.isatty():
        handler, where = logging.StreamHandler(sys.stderr), "standard error (the journal)"
    else:
        if Path(SYSLOG_ADDRESS).exists():
            handler, where = QuietSysLogHandler(address=SYSLOG_ADDRESS), "the system log"
        else:
            handler, where = logging.NullHandler(), "nowhere"
    _log_to(handler)
    return where


class QuietSysLogHandler(SysLogHandler):
    """The system log, whose own failures are dropped: `logging` would print them to standard
    error, which is the kiosk's screen."""

    def handleError(self, record: logging.LogRecord) -> None:
        pass


def _log_to(handler: logging.Handler) -> None:
    """Make `handler` the log's only one."""
    handler.setFormatter(logging.Formatter(FORMAT))
    for old in list(log.handlers):
        log.removeHandler(old)
        old.close()
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False  # never up to the root logger, whose last resort is stderr


def log_is_set_up() -> bool:
    """Whether `setup_logging` (or a fallback) gave the log somewhere to go."""
    return any(not isinstance(h, logging.NullHandler) for h in log.handlers)
