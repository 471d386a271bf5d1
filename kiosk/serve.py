"""The web server behind `kiosk serve`: textual-serve's, with the kiosk's own page and guards.

Imported only when a server starts (it brings in aiohttp). The page (`kiosk/web/app_index.html`)
loads nothing from the internet and reconnects by itself; see its header comment.

What a stranger on the network cannot do (docs/browser-display.md lists it for staff):

* grow a session without bound: every size a browser sends (the page's query, each ``resize``
  message) is clamped to `MAX_COLUMNS` x `MAX_ROWS`, the largest real screen;
* start kiosks without bound: at most ``max_sessions`` at once; the rest get a page saying so
  (which retries by itself), or their websocket is closed with the same words;
* drive a kiosk from another site's page: a websocket whose ``Origin`` is not the page's own is
  refused (browsers always send it; a program can forge it, hence the token);
* open anything without the token, when one is set, unless it comes from this machine: the page
  takes it once as ``?token=...`` and keeps it in a cookie;
* list textual-serve's files under ``/static/``.

Textual-serve internals used (textual-serve 1.1.3), each named where it is used:
``Server._make_app`` (to add the guard to the aiohttp app it builds) and
``Server._process_messages`` (replaced, to clamp sizes and drop malformed messages).
"""

from __future__ import annotations

import hmac
import ipaddress
import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

PAGE_TITLE = "Kiosk"
TEMPLATES = Path(__file__).resolve().parent / "web"
WILDCARD_HOSTS = ("0.0.0.0", "::", "")
MAX_COLUMNS, MAX_ROWS = 400, 150
"""The largest terminal size a browser may ask for (a 4K screen at a small font)."""
TOKEN_COOKIE = "kiosk_token"
BUSY_TEXT = ("The kiosk is already open in {count} browsers, as many as it serves at once. "
             "This page tries again by itself.")
BUSY_PAGE = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
             '<meta http-equiv="refresh" content="15"><title>Kiosk busy</title></head>'
             '<body style="font: 24px sans-serif; margin: 3em">{text}</body></html>')
TOKEN_TEXT = "This kiosk needs its access link (the address with ?token=... that staff give)."

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def page_address(host: str, port: int, token: str | None = None) -> str:
    """The address staff open; a wildcard host is reached through one of this machine's names."""
    shown = "THIS-MACHINE" if host in WILDCARD_HOSTS else host
    query = f"/?token={token}" if token else ""
    return f"http://{f'[{shown}]' if ':' in shown else shown}:{port}{query}"


def clamp_size(width: Any, height: Any) -> tuple[int, int]:
    """A terminal size from a browser, as whole numbers within 1..`MAX_COLUMNS` x `MAX_ROWS`
    (anything that is not a number counts as the smallest)."""

    def whole(value: Any, largest: int) -> int:
        try:
            number = int(value)  # may be a float from the page, or text from the query
        except (TypeError, ValueError, OverflowError):
            return 1
        return max(1, min(number, largest))

    return whole(width, MAX_COLUMNS), whole(height, MAX_ROWS)


def from_this_machine(request: web.Request) -> bool:
    """Whether the request comes over loopback (a reverse proxy here makes everyone local)."""
    try:
        return ipaddress.ip_address(request.remote or "").is_loopback
    except ValueError:  # a Unix socket, or no peer address
        return False


def same_origin(request: web.Request) -> bool:
    """Whether a websocket comes from the page this server gave (or from no browser at all:
    browsers always send ``Origin`` on a websocket, other programs may leave it out)."""
    origin = request.headers.get("Origin")
    return origin is None or origin == f"{request.scheme}://{request.host}"


class KioskServer(Server):
    """Runs `command` (a kiosk in kiosk mode) for each browser that opens the page."""

    def __init__(self, command: str, host: str, port: int, *,
                 max_sessions: int, token: str | None = None) -> None:
        super().__init__(command, host=host, port=port, title=PAGE_TITLE,
                         templates_path=TEMPLATES)
        self.max_sessions = max_sessions
        self.token = token or None
        self.sessions = 0
        """Websockets (each with its kiosk process) open now."""

    async def on_startup(self, app: web.Application) -> None:
        """One line staff can act on, instead of textual-serve's banner naming the command.

        It comes before the port is taken, so a port in use is reported right after it."""
        print(f"Starting the kiosk server: open {page_address(self.host, self.port, self.token)}"
              " in a browser (Ctrl+C stops it).", flush=True)

    async def _make_app(self) -> web.Application:
        """textual-serve's app (internal: `Server._make_app`), with `guard` before every route."""
        app = await super()._make_app()
        app.middlewares.append(self.guard)
        return app

    @web.middleware
    async def guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """The token, the session limit on the page, and no file listings under /static/."""
        given = request.query.get("token")
        if self.token is not None and not from_this_machine(request):
            shown = given or request.cookies.get(TOKEN_COOKIE, "")
            if not hmac.compare_digest(shown.encode("utf-8", "replace"), self.token.encode()):
                raise web.HTTPForbidden(text=TOKEN_TEXT)
        route = request.match_info.route
        if route.name == "static":
            filename = request.match_info.get("filename", "")
            if not filename or filename.endswith("/") or (self.statics_path / filename).is_dir():
                raise web.HTTPNotFound()
        if route.name == "index" and self.sessions >= self.max_sessions:
            text = BUSY_TEXT.format(count=self.sessions)
            return web.Response(status=503, text=BUSY_PAGE.format(text=text),
                                content_type="text/html")
        response = await handler(request)
        if given is not None and self.token is not None and route.name == "index":
            response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="Strict")
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's session, from the page's own origin only, within the session limit,
        at a clamped size."""
        if not same_origin(request):
            raise web.HTTPForbidden(text="This kiosk only talks to its own page.")
        if self.sessions >= self.max_sessions:
            refused = web.WebSocketResponse()
            await refused.prepare(request)
            text = BUSY_TEXT.format(count=self.sessions)
            await refused.close(code=WSCloseCode.TRY_AGAIN_LATER, message=text.encode())
            return refused
        width, height = clamp_size(request.query.get("width", 80),
                                   request.query.get("height", 24))
        clamped = request.clone(rel_url=request.rel_url.update_query(width=width, height=height))
        self.sessions += 1
        try:
            return await super().handle_websocket(clamped)
        finally:
            self.sessions -= 1

    async def _process_messages(
        self, websocket: web.WebSocketResponse, app_service: AppService
    ) -> None:
        """The browser's messages to its kiosk (replaces textual-serve's internal
        `Server._process_messages`): sizes clamped, anything malformed dropped."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except ValueError:  # not JSON, or a number beyond Python's digit limit
                continue
            if not isinstance(envelope, list) or not envelope:
                continue
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                await app_service.send_bytes(data.encode("utf-8", "replace"))
            elif kind == "resize" and isinstance(data, dict):
                await app_service.set_terminal_size(*clamp_size(data.get("width"),
                                                                data.get("height")))
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()
