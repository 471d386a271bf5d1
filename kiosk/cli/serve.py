"""`kiosk serve`: the same kiosk in a web browser, for a lobby TV or any screen with a browser.

textual-serve runs one `kiosk run` process (in kiosk mode, with the same --db, --now and --tz)
for each browser that opens the page, and passes its screen and keys over a websocket. The page
is this package's own (`kiosk.serve`): it loads nothing from the internet, so the kiosk talks to
that browser and nobody else. Kept apart from `kiosk.cli`, which only calls `register`.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import re
import shlex
import sys
from typing import Any

from kiosk.cli.common import Context, add_command, print_err, refuse

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_MAX_SESSIONS = 3
MAX_SESSIONS_LIMIT = 50
ENV_TOKEN = "KIOSK_SERVE_TOKEN"
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,128}")

SERVE_DETAILS = """\
Each browser that opens the page gets its own kiosk, running on this machine; it notices changes
to the listings file by itself, like `kiosk run`. Only this machine can open it unless --host
says otherwise: with --host 0.0.0.0 any device on the local network can, so give it only on a
network you trust, and with --token. At most --max-sessions browsers at once; a visitor at a
served kiosk cannot leave it (no staff exit in a browser). Ctrl+C stops the server."""
SERVE_EXAMPLES = """\
examples:
  kiosk serve                         open http://127.0.0.1:8000 in a browser on this machine
  kiosk serve --host 0.0.0.0 --token 9fK2vQx7Lm4pR8sT
                                      a lobby TV opens http://THIS-MACHINE:8000/?token=9fK2vQx7Lm4pR8sT
  kiosk --db /srv/kiosk/kiosk.json serve --port 8080"""


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach `host` (localhost, 127.x.x.x, ::1)."""
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a machine name or an interface's address: reachable from elsewhere
        return False


def port_number(text: str) -> int:
    """A TCP port staff can listen on, checked while parsing so a typo is a usage error."""
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number from 1 to 65535")
    return int(text)


def kiosk_command(ctx: Context) -> str:
    """The shell command run for each browser: `kiosk run` in kiosk mode, same file and clock."""
    argv = [sys.executable, "-m", "kiosk", "--db", str(ctx.store.path.resolve())]
    if ctx.now_text:
        argv += ["--now", ctx.now_text]
    if ctx.zone_override is not None:
        argv += ["--tz", ctx.zone_override.key]
    return shlex.join([*argv, "run"])


def session_count(text: str) -> int:
    """--max-sessions: how many browsers may each run a kiosk at once."""
    if not text.isdigit() or not 1 <= int(text) <= MAX_SESSIONS_LIMIT:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of sessions from 1 to {MAX_SESSIONS_LIMIT}")
    return int(text)


def access_token(text: str) -> str:
    """--token: long enough not to be guessed, and plain enough to type into a TV's address."""
    if not TOKEN_RE.fullmatch(text):
        raise argparse.ArgumentTypeError(
            "an access token needs 16 to 128 letters, digits, - or _ (e.g. from "
            "`python3 -c 'import secrets; print(secrets.token_urlsafe())'`)")
    return text


def serve_kiosk(args: argparse.Namespace, ctx: Context) -> int:
    from kiosk.serve import KioskServer  # here, so other commands start without aiohttp

    token = args.token or os.environ.get(ENV_TOKEN) or None
    if token is not None:
        try:
            access_token(token)
        except argparse.ArgumentTypeError as error:
            return refuse(f"{ENV_TOKEN}: {error}")
    if not is_loopback(args.host):
        opened = ("only with the access link (--token)" if token else
                  "without any password (give --token to require one)")
        print_err(f"warning: --host {args.host or '(all addresses)'} makes the kiosk reachable "
                  f"from the network: any device that can reach port {args.port} can open it, "
                  f"{opened}.")
    try:
        KioskServer(kiosk_command(ctx), args.host, args.port, max_sessions=args.max_sessions,
                    token=token).serve()
    except OSError as error:  # the port is taken, or the address is not this machine's
        return refuse(f"cannot serve on {args.host}:{args.port}: {error.strerror or error}")
    return 0


def register(commands: Any) -> None:
    """Add `serve` to the `kiosk` command's subcommands."""
    serve = add_command(commands, "serve", serve_kiosk,
                        "Show the kiosk in a web browser (for a lobby TV).", SERVE_DETAILS,
                        epilog=SERVE_EXAMPLES)
    serve.add_argument("--host", default=DEFAULT_HOST, metavar="ADDRESS",
                       help=f"the address to listen on (default {DEFAULT_HOST}, this machine "
                            "only); 0.0.0.0 lets other devices on the network open it")
    serve.add_argument("--port", type=port_number, default=DEFAULT_PORT, metavar="PORT",
                       help=f"the port to listen on (default {DEFAULT_PORT})")
    serve.add_argument("--max-sessions", type=session_count, default=DEFAULT_MAX_SESSIONS,
                       metavar="N", help="how many browsers may show the kiosk at once "
                                         f"(default {DEFAULT_MAX_SESSIONS}); more are asked "
                                         "to wait")
    serve.add_argument("--token", type=access_token, metavar="TOKEN",
                       help="require this access token from every device but this machine "
                            f"(open the page as http://HOST:PORT/?token=TOKEN); also ${ENV_TOKEN}")
