"""`kiosk serve` that strangers cannot knock over or use (issue 16, point 2).

Each guard is tested with a websocket client against a server on 127.0.0.1. The kiosk process
behind each session is a stand-in (`FAKE_KIOSK`) that writes down the size it is started with
and every message it gets, so a test can see exactly what reached it; one test runs the real
kiosk in a served (web) session to check no key sequence leaves it.
"""

from __future__ import annotations

import asyncio
import json
import shlex
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientSession, WSMsgType
from aiohttp.test_utils import TestClient, TestServer

from kiosk.serve import MAX_COLUMNS, MAX_ROWS, TOKEN_COOKIE, KioskServer, clamp_size
from tests.app_helpers import make_app

FAKE_KIOSK = r"""
import json, os, sys
log = open(sys.argv[1], "a", buffering=1)
log.write(json.dumps({"type": "start", "width": int(os.environ["COLUMNS"]),
                      "height": int(os.environ["ROWS"])}) + "\n")
sys.stdout.write("__GANGLION__\n"); sys.stdout.flush()
read = sys.stdin.buffer.read
while True:
    head = read(5)
    if len(head) < 5:
        break
    payload = read(int.from_bytes(head[1:], "big"))
    if head[:1] == b"M":
        meta = json.loads(payload)
        log.write(json.dumps(meta) + "\n")
        if meta.get("type") == "quit":
            break
    else:
        log.write(json.dumps({"type": "data", "text": payload.decode("utf-8", "replace")}) + "\n")
"""
TOKEN = "s3cret-token-for-tests"


def fake_command(tmp_path: Path) -> tuple[str, Path]:
    script, log = tmp_path / "fake_kiosk.py", tmp_path / "sessions.jsonl"
    script.write_text(FAKE_KIOSK, encoding="utf-8")
    return shlex.join([sys.executable, str(script), str(log)]), log


def received(log: Path) -> list[dict[str, Any]]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text("utf-8").splitlines()]


async def wait_until(test: Callable[[], bool], seconds: float = 10) -> None:
    for _round in range(int(seconds * 20)):
        if test():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("timed out")


class Served:
    """A KioskServer on 127.0.0.1 (aiohttp's test server) with a client for it."""

    def __init__(self, server: KioskServer, client: TestClient[Any, Any], log: Path) -> None:
        self.server, self.client, self.log = server, client, log

    @property
    def origin(self) -> str:
        return f"http://{self.client.host}:{self.client.port}"


@pytest.fixture
async def make_served(tmp_path: Path) -> AsyncIterator[Callable[..., Any]]:
    clients: list[TestClient[Any, Any]] = []
    servers: list[KioskServer] = []

    async def start(**options: Any) -> Served:
        command, log = fake_command(tmp_path)
        server = KioskServer(command, "127.0.0.1", 0, **{"max_sessions": 3, **options})
        client = TestClient(TestServer(await server._make_app(), host="127.0.0.1"))
        await client.start_server()
        clients.append(client)
        servers.append(server)
        return Served(server, client, log)

    yield start
    await wait_until(lambda: all(server.sessions == 0 for server in servers))
    for client in clients:
        await client.close()
    await asyncio.sleep(0.3)  # the loop reaps the stand-ins' processes before it closes


def test_sizes_are_clamped() -> None:
    assert clamp_size(100_000_000, 5) == (MAX_COLUMNS, 5)
    assert clamp_size(120, 10**9) == (120, MAX_ROWS)
    assert clamp_size(-5, 0) == (1, 1)
    assert clamp_size("80", "24") == (80, 24)
    assert clamp_size(float("inf"), "x" * 5000) == (1, 1)
    assert clamp_size(None, [1]) == (1, 1)


async def test_every_size_a_browser_sends_is_clamped(make_served: Any) -> None:
    served: Served = await make_served()
    async with served.client.ws_connect("/ws?width=100000000&height=99999") as ws:
        await ws.send_json(["resize", {"width": 100_000_000, "height": 5}])
        await ws.send_json(["resize", {"width": 1e300, "height": -3}])
        await ws.send_str('["resize", {"width": ' + "9" * 5000 + "}]")  # not even JSON to Python
        await ws.send_str("not json")
        await ws.send_json(["stdin", "\ud800x"])
        await ws.send_json(["resize", {"width": 200, "height": 60}])
        await wait_until(lambda: len(received(served.log)) >= 5)
    sizes = [(m["width"], m["height"]) for m in received(served.log)
             if m["type"] in ("start", "resize")]
    assert sizes == [(MAX_COLUMNS, MAX_ROWS), (MAX_COLUMNS, 5), (MAX_COLUMNS, 1), (200, 60)]
    assert {"type": "data", "text": "?x"} in received(served.log)  # not a crash


async def test_sessions_are_capped_and_the_rest_refused_politely(make_served: Any) -> None:
    served: Served = await make_served(max_sessions=2)
    first = await served.client.ws_connect("/ws")
    second = await served.client.ws_connect("/ws")
    await wait_until(lambda: served.server.sessions == 2 and len(received(served.log)) == 2)

    third = await served.client.ws_connect("/ws")
    message = await third.receive()
    assert message.type == WSMsgType.CLOSE
    assert third.close_code == 1013  # try again later
    assert "already open in 2 browsers" in message.extra
    page = await served.client.get("/")
    assert page.status == 503
    assert "already open in 2 browsers" in await page.text()
    assert "refresh" in await page.text()
    assert len([m for m in received(served.log) if m["type"] == "start"]) == 2

    await first.close()
    await wait_until(lambda: served.server.sessions == 1)
    assert (await served.client.get("/")).status == 200
    await second.close()


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://127.0.0.1:1"])
async def test_a_websocket_from_another_origin_is_refused(make_served: Any, origin: str) -> None:
    served: Served = await make_served()
    answer = await served.client.get("/ws", headers={
        "Origin": origin, "Connection": "Upgrade", "Upgrade": "websocket",
        "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="})
    assert answer.status == 403
    assert served.server.sessions == 0 and received(served.log) == []


async def test_a_websocket_from_the_pages_own_origin_is_accepted(make_served: Any) -> None:
    served: Served = await make_served()
    async with served.client.ws_connect("/ws", origin=served.origin) as ws:
        await ws.send_json(["ping", "x"])
        assert await ws.receive_json() == ["pong", "x"]


async def test_static_files_are_served_but_never_listed(make_served: Any) -> None:
    served: Served = await make_served()
    assert (await served.client.get("/static/js/textual.js")).status == 200
    for folder in ("/static/", "/static", "/static/js", "/static/js/", "/static/css/"):
        answer = await served.client.get(folder)
        assert answer.status == 404, folder
        assert "textual.js" not in await answer.text()


async def test_with_a_token_other_machines_need_it_and_keep_it_in_a_cookie(
    make_served: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    served: Served = await make_served(token=TOKEN)
    assert (await served.client.get("/")).status == 200  # this machine: no token needed

    monkeypatch.setattr("kiosk.serve.from_this_machine", lambda request: False)
    answer = await served.client.get("/")
    assert answer.status == 403 and "access link" in await answer.text()
    assert (await served.client.get("/?token=wrong-token-guess-xx")).status == 403
    assert (await served.client.get("/?token=%ED%A0%80%FF")).status == 403  # not UTF-8
    assert (await served.client.get("/static/js/textual.js")).status == 403
    with pytest.raises(Exception, match="403"):
        await served.client.ws_connect("/ws")

    answer = await served.client.get(f"/?token={TOKEN}")
    assert answer.status == 200
    assert answer.cookies[TOKEN_COOKIE].value == TOKEN
    assert (await served.client.get("/static/js/textual.js")).status == 200  # the cookie
    async with served.client.ws_connect("/ws") as ws:
        await ws.send_json(["ping", 1])
        assert await ws.receive_json() == ["pong", 1]


async def test_without_a_token_anyone_may_open_the_page(
    make_served: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    served: Served = await make_served()
    monkeypatch.setattr("kiosk.serve.from_this_machine", lambda request: False)
    assert (await served.client.get("/")).status == 200


async def test_a_served_kiosk_has_no_staff_exit(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.app import KioskApp
    from kiosk.screens.staff_exit import StaffExitScreen
    from kiosk.staff import hash_pin
    from tests.app_helpers import change_settings

    change_settings(sample_path, staff_pin_hash=hash_pin("4821"))
    monkeypatch.setattr(KioskApp, "is_web", property(lambda app: True))
    app, _clock = make_app(sample_path)
    async with app.run_test() as pilot:
        for _round in range(4):
            await pilot.press("f12", "f12", "f12")
            await pilot.pause()
            assert not isinstance(app.screen, StaffExitScreen)
            await pilot.press(*"4821", "enter")
            await pilot.pause()
            assert app.is_running


async def test_the_server_on_a_real_port_refuses_a_foreign_origin(tmp_path: Path) -> None:
    """The same guard through the server staff start (`KioskServer.serve`'s app)."""
    command, _log = fake_command(tmp_path)
    server = KioskServer(command, "127.0.0.1", 0, max_sessions=1)
    test_server = TestServer(await server._make_app(), host="127.0.0.1")
    await test_server.start_server()
    try:
        async with ClientSession() as session:
            with pytest.raises(Exception, match="403"):
                await session.ws_connect(f"http://127.0.0.1:{test_server.port}/ws",
                                         origin="http://evil.example")
    finally:
        await test_server.close()


def test_the_command_passes_the_session_limit_and_token_on(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from kiosk.cli import main

    started: list[tuple[int, str | None]] = []
    monkeypatch.setattr(KioskServer, "serve", lambda server: started.append(
        (server.max_sessions, server.token)))
    monkeypatch.delenv("KIOSK_SERVE_TOKEN", raising=False)
    assert main(["--db", str(sample_path), "serve"]) == 0
    assert main(["--db", str(sample_path), "serve", "--host", "0.0.0.0", "--max-sessions", "5",
                 "--token", TOKEN]) == 0
    assert "only with the access link" in capsys.readouterr().err
    monkeypatch.setenv("KIOSK_SERVE_TOKEN", TOKEN + "-env")
    assert main(["--db", str(sample_path), "serve"]) == 0
    assert started == [(3, None), (5, TOKEN), (3, TOKEN + "-env")]


@pytest.mark.parametrize("option", [["--max-sessions", "0"], ["--max-sessions", "51"],
                                    ["--token", "short"], ["--token", "has spaces in it ok"]])
def test_a_bad_limit_or_token_is_a_usage_error(sample_path: Path, option: list[str]) -> None:
    from kiosk.cli import main

    assert main(["--db", str(sample_path), "serve", *option]) == 2


def descendants_rss_kib(pid: int) -> dict[int, int]:
    """The resident memory of each process below `pid` (from /proc), in KiB."""
    found: dict[int, int] = {}
    waiting = [pid]
    while waiting:
        parent = waiting.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:  # the task ended meanwhile
                continue
            for child in map(int, children):
                try:
                    status = Path(f"/proc/{child}/status").read_text()
                except OSError:
                    continue
                found[child] = next((int(line.split()[1]) for line in status.splitlines()
                                     if line.startswith("VmRSS:")), 0)
                waiting.append(child)
    return found


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux's /proc")
async def test_a_huge_resize_does_not_grow_a_real_kiosk(sample_path: Path) -> None:
    import os

    from kiosk.cli import Context
    from kiosk.cli.serve import kiosk_command
    from kiosk.store import Store

    command = kiosk_command(Context(Store(sample_path), None, "2026-11-24T18:55"))
    server = KioskServer(command, "127.0.0.1", 0, max_sessions=1)
    async with TestClient(TestServer(await server._make_app(), host="127.0.0.1")) as client:
        async with client.ws_connect("/ws?width=100000000&height=5") as ws:
            for _round in range(100):  # the kiosk draws its first frame
                message = await ws.receive(timeout=30)
                if message.type == WSMsgType.BINARY or "Lakeside" in str(message.data):
                    break
            await ws.send_json(["resize", {"width": 100_000_000, "height": 5}])
            await asyncio.sleep(4)
            memory = descendants_rss_kib(os.getpid())
        await wait_until(lambda: server.sessions == 0, seconds=20)
    await asyncio.sleep(0.3)
    assert 20_000 < max(memory.values()) < 400_000, memory  # KiB: a kiosk, not gigabytes
