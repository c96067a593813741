"""A Slack-compatible Web API server on loopback, for the demo and the integration tests.

The app reaches it only through slack_sdk's AsyncWebClient with `base_url=server.base_url`, the
same way it reaches Slack: GET query strings, form or JSON POST bodies, `Authorization: Bearer`,
`{"ok": false, "error": ...}` with HTTP 200, cursor pagination, HTTP 429 with `Retry-After`
(on request, or past Slack's per-method limits with `rate_limits=RateLimits(...)`), and a Socket
Mode WebSocket for events.

    server = FakeSlackServer(workspace)
    await server.start()
    client = AsyncWebClient(token=credentials.user_token, base_url=server.base_url)
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections import Counter
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from oncall_tui.demo import api_conversations, api_identity, api_messages
from oncall_tui.demo.api_support import ApiError, CallContext, JsonObject, Params
from oncall_tui.demo.rate_limits import RateLimits
from oncall_tui.demo.records import ApiToken, TokenKind, User, WorkspaceError
from oncall_tui.demo.simulator import CustomerSimulator
from oncall_tui.demo.socket_mode import SOCKET_MODE_PATH, SocketModeHub
from oncall_tui.demo.workspace import Workspace

METHODS = {**api_conversations.METHODS, **api_messages.METHODS, **api_identity.METHODS}
APP_TOKEN_METHODS = api_identity.APP_TOKEN_METHODS
DEMO_APP_ID = "A0NWONCALL1"
JSON = "application/json"
# The scopes of a token from an app made with slack-app-manifest.yaml, which Slack reports in the
# `x-oauth-scopes` header of every answer. Tests narrow them to see a missing scope reported.
_APP_SCOPES = (
    "channels:history",
    "groups:history",
    "channels:read",
    "groups:read",
    "users:read",
    "team:read",
    "chat:write",
    "reactions:read",
    "reactions:write",
    "im:write",
    "mpim:history",
    "mpim:read",
)
GRANTED_SCOPES: dict[TokenKind, tuple[str, ...]] = {
    TokenKind.USER: _APP_SCOPES,
    TokenKind.BOT: _APP_SCOPES,
    TokenKind.APP: ("connections:write",),
}


@dataclass
class _Fault:
    error: str | None
    http_status: int | None
    retry_after: int | None
    remaining: int

    def response(self) -> web.Response:
        status = self.http_status or 200
        default_error = {429: "ratelimited"}.get(status, "fatal_error")
        headers = {}
        if status == 429 or self.retry_after is not None:
            headers["Retry-After"] = str(self.retry_after if self.retry_after is not None else 1)
        return web.json_response(
            {"ok": False, "error": self.error or default_error}, status=status, headers=headers
        )


class FakeSlackServer:
    def __init__(
        self,
        workspace: Workspace,
        *,
        simulator: CustomerSimulator | None = None,
        app_id: str = DEMO_APP_ID,
        rate_limits: RateLimits | None = None,
        control: bool = False,
    ) -> None:
        self.workspace = workspace
        # Test-only fault routes under /_control (demo/control.py), for a server in its own process.
        self.control = control
        # Slack's tier limits, enforced only when given (they count calls per method too).
        self.rate_limits = rate_limits
        self.simulator = simulator
        self.socket_mode = SocketModeHub(workspace, app_id)
        self.app_id = app_id
        self.granted_scopes = dict(GRANTED_SCOPES)
        # Every call as (method, arguments); tokens are never recorded.
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self._faults: dict[str, list[_Fault]] = {}
        # Per method, one entry per call to answer wrongly: True hangs, False drops.
        self._lost_answers: dict[str, list[bool]] = {}
        self._release_hung = asyncio.Event()
        # Per method, how many of the next calls get a cut-off JSON body (a broken proxy).
        self._garbled: Counter[str] = Counter()
        # Per method, one (seconds, apply_late) per call to answer slowly (a slow Slack).
        self._slow: dict[str, list[tuple[float, bool]]] = {}
        self._runner: web.AppRunner | None = None
        self._host = "127.0.0.1"
        self._port: int | None = None
        self._tasks: list[asyncio.Task[None]] = []

    # -- lifecycle ------------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._handle_api)
        app.router.add_get(SOCKET_MODE_PATH, self.socket_mode.handle)
        if self.control:
            from oncall_tui.demo import control

            control.install(app, self)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        self._host = host
        self._port = int(self._runner.addresses[0][1])
        await self.socket_mode.start()
        self._tasks.append(asyncio.create_task(self._deliver_scheduled(), name="fake-slack-sched"))
        if self.simulator is not None:
            self._tasks.append(asyncio.create_task(self.simulator.run(), name="fake-slack-sim"))

    async def stop(self) -> None:
        self._release_hung.set()  # a hung answer must not hold up the shutdown
        for task in self._tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()
        await self.socket_mode.stop()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakeSlackServer is not started: await server.start() first")
        return self._port

    @property
    def base_url(self) -> str:
        """What to give AsyncWebClient as base_url: "http://127.0.0.1:PORT/api/"."""
        return f"http://{self._host}:{self.port}/api/"

    async def _deliver_scheduled(self) -> None:
        while True:
            self.workspace.deliver_due()
            await asyncio.sleep(1.0)

    # -- test controls --------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        *,
        error: str | None = None,
        http_status: int | None = None,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Make the next `times` calls of `method` fail: `error` answers ok:false with it;
        http_status=429 answers 429 with Retry-After (default 1 s); 500 a server error."""
        if error is None and http_status is None:
            raise ValueError("fail_next: give error=..., http_status=..., or both")
        if times < 1:
            raise ValueError(f"fail_next: times must be at least 1, got {times}")
        fault = _Fault(error, http_status, retry_after, times)
        self._faults.setdefault(method, []).append(fault)

    def lose_answer_next(self, method: str, *, hang: bool = False, times: int = 1) -> None:
        """Carry out the next `times` calls of `method` but lose the answer, as when the network
        fails after Slack acted: close the connection, or with hang=True never answer (the
        client times out)."""
        if times < 1:
            raise ValueError(f"lose_answer_next: times must be at least 1, got {times}")
        self._lost_answers.setdefault(method, []).extend([hang] * times)

    def garble_next(self, method: str, *, times: int = 1) -> None:
        """Answer the next `times` calls of `method` with HTTP 200 and JSON cut off halfway, as
        a broken proxy or a truncated response would, without carrying them out."""
        if times < 1:
            raise ValueError(f"garble_next: times must be at least 1, got {times}")
        self._garbled[method] += times

    def answer_slowly(
        self, method: str, seconds: float, *, apply_late: bool = False, times: int = 1
    ) -> None:
        """Answer the next `times` calls of `method` only after `seconds`, still carrying them
        out: at once (Slack acted, the answer is slow), or with apply_late=True only when the
        answer goes (the message lands late: a look before then does not find it)."""
        if times < 1 or seconds < 0:
            raise ValueError(f"answer_slowly: times >= 1 and seconds >= 0, got {times}, {seconds}")
        self._slow.setdefault(method, []).extend([(seconds, apply_late)] * times)

    def revoke_token(self, token: str) -> None:
        """Later calls with this token answer `token_revoked`."""
        self.workspace.revoke_token(token)

    def restore_token(self, token: str) -> None:
        """Undo `revoke_token`: the token works again (the engineer fixed it)."""
        self.workspace.restore_token(token)

    def call_counts(self) -> Counter[str]:
        return Counter(method for method, _params in self.calls)

    def reset_calls(self) -> None:
        self.calls.clear()

    def _take_fault(self, method: str) -> _Fault | None:
        queue = self._faults.get(method)
        if not queue:
            return None
        fault = queue[0]
        fault.remaining -= 1
        if fault.remaining == 0:
            queue.pop(0)
        return fault

    # -- the Web API ----------------------------------------------------------------------------

    async def _handle_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        try:
            arguments = await _read_arguments(request)
        except ApiError as error:
            return _error(error.code)
        argument_token = arguments.pop("token", None)  # the legacy way; never recorded
        token = _bearer_token(request) or argument_token
        self.calls.append((method, arguments))
        if self.rate_limits is not None:
            wait = self.rate_limits.admit(token or "", method)
            if wait is not None:
                retry_after = self.rate_limits.retry_after_header(wait)
                return web.json_response(
                    {"ok": False, "error": "ratelimited"},
                    status=429,
                    headers={"Retry-After": retry_after},
                )
        fault = self._take_fault(method)
        if fault is not None:
            return fault.response()
        if self._garbled[method] > 0:
            self._garbled[method] -= 1
            return web.Response(text='{"ok": true, "messages": [{"ts": "17', content_type=JSON)
        slow = self._slow.get(method)
        delay, apply_late = slow.pop(0) if slow else (0.0, False)
        if apply_late:
            await asyncio.sleep(delay)
        try:
            body = self._dispatch(method, token, Params(arguments))
        except (ApiError, WorkspaceError) as error:
            return _error(error.code)
        if delay and not apply_late:
            await asyncio.sleep(delay)
        lost = self._lost_answers.get(method)
        if lost:
            if lost.pop(0):
                await self._release_hung.wait()
            if request.transport is not None:
                request.transport.close()
        return web.json_response(body, headers=self._scope_header(token))

    def _dispatch(self, method: str, token: str | None, params: Params) -> JsonObject:
        handler = METHODS.get(method) or APP_TOKEN_METHODS.get(method)
        if handler is None:
            raise ApiError("unknown_method")
        with self.workspace.lock:
            api_token, caller = self._authenticate(token, method)
            self.workspace.deliver_due()
            ctx = CallContext(
                workspace=self.workspace,
                caller=caller,
                token=api_token,
                app_id=self.app_id,
                open_socket_url=lambda: self.socket_mode.issue_url(
                    f"ws://{self._host}:{self.port}", caller.id
                ),
            )
            return handler(ctx, params)

    def _scope_header(self, token: str | None) -> dict[str, str]:
        api_token = self.workspace.tokens.get(token) if token else None
        if api_token is None:
            return {}
        return {"x-oauth-scopes": ",".join(self.granted_scopes.get(api_token.kind, ()))}

    def _authenticate(self, token: str | None, method: str) -> tuple[ApiToken, User]:
        if not token:
            raise ApiError("not_authed")
        api_token = self.workspace.tokens.get(token)
        if api_token is None:
            raise ApiError("invalid_auth")
        if api_token.revoked:
            raise ApiError("token_revoked")
        caller = self.workspace.users[api_token.user_id]
        if caller.deleted:
            raise ApiError("account_inactive")
        if (api_token.kind is TokenKind.APP) != (method in APP_TOKEN_METHODS):
            raise ApiError("not_allowed_token_type")
        return api_token, caller


def _error(code: str) -> web.Response:
    return web.json_response({"ok": False, "error": code})


def _bearer_token(request: web.Request) -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


async def _read_arguments(request: web.Request) -> dict[str, Any]:
    """Query-string arguments, plus a form or JSON body's (as Slack accepts them all)."""
    arguments: dict[str, Any] = dict(request.query)
    if request.method != "POST" or not request.can_read_body:
        return arguments
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise ApiError("invalid_json") from None
        if not isinstance(body, dict):
            raise ApiError("json_not_object")
        arguments.update(body)
    else:
        form = await request.post()
        arguments.update({k: v for k, v in form.items() if isinstance(v, str)})
    return arguments


class FakeSlackServerThread:
    """A FakeSlackServer on its own event loop in a daemon thread, for the demo and for tests
    that drive a synchronous client."""

    def __init__(
        self,
        workspace: Workspace,
        *,
        simulator: CustomerSimulator | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.server = FakeSlackServer(workspace, simulator=simulator)
        self._host = host
        self._port = port
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._failure: BaseException | None = None

    def start(self, timeout: float = 10.0) -> str:
        """Start serving; returns the base URL."""
        self._thread = threading.Thread(target=self._serve, name="fake-slack", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            raise RuntimeError(f"fake Slack server did not start within {timeout} s")
        if self._failure is not None:
            raise RuntimeError(f"fake Slack server failed to start: {self._failure}")
        return self.server.base_url

    def _serve(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self.server.start(self._host, self._port))
        except BaseException as failure:  # reported to start()'s caller
            self._failure = failure
            self._ready.set()
            loop.close()
            return
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(self.server.stop())
            loop.close()

    def stop(self, timeout: float = 10.0) -> None:
        if self._loop is None or self._thread is None or not self._thread.is_alive():
            return
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout)
