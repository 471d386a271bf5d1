"""The web server behind `kiosk serve`: textual-serve's, with the kiosk's own page.

Imported only when a server starts (it brings in aiohttp). The page (`kiosk/web/app_index.html`)
loads nothing from the internet and reconnects by itself; see its header comment.
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web
from textual_serve.server import Server

PAGE_TITLE = "Kiosk"
TEMPLATES = Path(__file__).resolve().parent / "web"
WILDCARD_HOSTS = ("0.0.0.0", "::", "")


def page_address(host: str, port: int) -> str:
    """The address staff open; a wildcard host is reached through one of this machine's names."""
    shown = "THIS-MACHINE" if host in WILDCARD_HOSTS else host
    return f"http://{f'[{shown}]' if ':' in shown else shown}:{port}"


class KioskServer(Server):
    """Runs `command` (a kiosk in kiosk mode) for each browser that opens the page."""

    def __init__(self, command: str, host: str, port: int) -> None:
        super().__init__(command, host=host, port=port, title=PAGE_TITLE,
                         templates_path=TEMPLATES)

    async def on_startup(self, app: web.Application) -> None:
        """One line staff can act on, instead of textual-serve's banner naming the command.

        It comes before the port is taken, so a port in use is reported right after it."""
        print(f"Starting the kiosk server: open {page_address(self.host, self.port)} in a "
              "browser (Ctrl+C stops it).", flush=True)
