"""Fault control of a standalone fake Slack server, for tests that run it in another process
(`python -m oncall_tui.demo --control`) and drive the installed app against it in a terminal.

Only a server started with `control=True` has these routes; the app never calls them (it speaks
only `/api/{method}`), and they answer only callers on loopback.

    POST /_control/fail_next        {"method", "error"?, "http_status"?, "retry_after"?, "times"?}
    POST /_control/lose_answer_next {"method", "hang"?, "times"?}
    POST /_control/slow             {"method", "seconds", "times"?, "apply"?}  answered `seconds`
                                    late; carried out at once ("apply": "at_once", the default) or
                                    only when it answers ("late": a slow Slack that lands late)
    POST /_control/clear            drop every armed fault (the server's and these)
    POST /_control/post_as          {"channel", "user", "text", "thread_ts"?}  someone else posts
    POST /_control/revoke           {"error"?: "invalid_auth"}       every Web API call with a
                                                                     user or bot token refused
    POST /_control/restore_token                                     ... until this
    GET  /_control/messages?channel=C&user=U   what is in Slack now (the tests' oracle)
    GET  /_control/posts            every chat.postMessage Slack accepted and every chat.delete
    GET  /_control/calls            calls per method, and slow answers armed but not yet taken
    GET  /_control/texts?method=M   the `text` argument of every call of M received, in order
    GET  /_control/now              the server's clock (epoch seconds, and ISO 8601 UTC)
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from aiohttp import web

from oncall_tui.demo.api_identity import APP_TOKEN_METHODS
from oncall_tui.demo.api_support import ApiError, Params
from oncall_tui.demo.records import Message, WorkspaceError

if TYPE_CHECKING:
    from oncall_tui.demo.server import FakeSlackServer


async def _read_arguments(request: web.Request) -> dict[str, Any]:
    from oncall_tui.demo.server import _read_arguments as read

    return await read(request)


def _bearer_token(request: web.Request) -> str | None:
    from oncall_tui.demo.server import _bearer_token as bearer

    return bearer(request)


PREFIX = "/_control"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
_RECORDED = ("chat.postMessage", "chat.delete")


@dataclass
class ControlState:
    """Faults this module adds on top of the server's own (`fail_next`, `lose_answer_next`)."""

    # method -> (delay, carried out late?) for its next calls, in order
    slow: dict[str, list[tuple[float, bool]]] = field(default_factory=dict)
    auth_error: str | None = None
    posts: list[dict[str, Any]] = field(default_factory=list)


def install(app: web.Application, server: FakeSlackServer) -> ControlState:
    """Add the control routes and the slow/auth faults to `app` (before it starts)."""
    state = ControlState()
    app.middlewares.append(_faults(server, state))
    routes = _Routes(server, state)
    app.router.add_post(f"{PREFIX}/fail_next", routes.fail_next)
    app.router.add_post(f"{PREFIX}/lose_answer_next", routes.lose_answer_next)
    app.router.add_post(f"{PREFIX}/slow", routes.slow)
    app.router.add_post(f"{PREFIX}/revoke", routes.revoke)
    app.router.add_post(f"{PREFIX}/restore_token", routes.restore_token)
    app.router.add_post(f"{PREFIX}/post_as", routes.post_as)
    app.router.add_post(f"{PREFIX}/clear", routes.clear)
    app.router.add_get(f"{PREFIX}/messages", routes.messages)
    app.router.add_get(f"{PREFIX}/posts", routes.posts)
    app.router.add_get(f"{PREFIX}/calls", routes.calls)
    app.router.add_get(f"{PREFIX}/texts", routes.texts)
    app.router.add_get(f"{PREFIX}/now", routes.now)
    return state


def _api_method(request: web.Request) -> str | None:
    if not request.path.startswith("/api/"):
        return None
    return request.path.removeprefix("/api/")


def _faults(server: FakeSlackServer, state: ControlState) -> Any:
    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path.startswith(PREFIX + "/"):
            if not _on_loopback(request):
                return web.json_response({"ok": False, "error": "loopback_only"}, status=403)
            return await handler(request)
        method = _api_method(request)
        if method is None:
            return await handler(request)
        if state.auth_error is not None and method not in APP_TOKEN_METHODS:
            return web.json_response({"ok": False, "error": state.auth_error})
        delays = state.slow.get(method)
        delay, late = delays.pop(0) if delays else (0.0, False)
        if late:
            # Read now, held, then carried out even if the client gave up meanwhile.
            arguments = await _read_arguments(request)
            token = _bearer_token(request) or arguments.pop("token", None)
            late_call = _late(server, state, method, token, arguments, delay)
            return await asyncio.shield(asyncio.ensure_future(late_call))
        response = await handler(request)  # carried out now, whatever the delay
        if method in _RECORDED:
            _record(state, method, response)
        if delay > 0:
            await asyncio.sleep(delay)
        return response

    return middleware


async def _late(
    server: FakeSlackServer,
    state: ControlState,
    method: str,
    token: str | None,
    arguments: dict[str, Any],
    delay: float,
) -> web.StreamResponse:
    await asyncio.sleep(delay)
    server.calls.append((method, arguments))
    try:
        body = server._dispatch(method, token, Params(arguments))
    except (ApiError, WorkspaceError) as error:
        body = {"ok": False, "error": error.code}
    response = web.json_response(body)
    if method in _RECORDED:
        _record(state, method, response)
    return response


def _record(state: ControlState, method: str, response: web.StreamResponse) -> None:
    body = response.body if isinstance(response, web.Response) else None
    if not isinstance(body, bytes):
        return
    try:
        answer = json.loads(body)
    except ValueError:
        return
    if not isinstance(answer, dict) or answer.get("ok") is not True:
        return
    message = answer.get("message") or {}
    state.posts.append(
        {
            "method": method,
            "channel": answer.get("channel"),
            "ts": answer.get("ts"),
            "text": message.get("text") if isinstance(message, dict) else None,
        }
    )


def _on_loopback(request: web.Request) -> bool:
    try:
        return ipaddress.ip_address(request.remote or "").is_loopback
    except ValueError:
        return False


class _Routes:
    def __init__(self, server: FakeSlackServer, state: ControlState) -> None:
        self.server, self.state = server, state

    async def fail_next(self, request: web.Request) -> web.Response:
        body = await _body(request)
        self.server.fail_next(
            _method(body),
            error=body.get("error"),
            http_status=body.get("http_status"),
            retry_after=body.get("retry_after"),
            times=int(body.get("times", 1)),
        )
        return _ok()

    async def lose_answer_next(self, request: web.Request) -> web.Response:
        body = await _body(request)
        self.server.lose_answer_next(
            _method(body), hang=bool(body.get("hang", False)), times=int(body.get("times", 1))
        )
        return _ok()

    async def slow(self, request: web.Request) -> web.Response:
        body = await _body(request)
        seconds = float(body.get("seconds", 0))
        times = int(body.get("times", 1))
        apply = body.get("apply", "at_once")
        if seconds <= 0 or times < 1 or apply not in ("at_once", "late"):
            raise web.HTTPBadRequest(text='slow: seconds > 0, times >= 1, apply "at_once"/"late"')
        late = apply == "late"
        self.state.slow.setdefault(_method(body), []).extend([(seconds, late)] * times)
        return _ok()

    async def clear(self, request: web.Request) -> web.Response:
        self.state.slow.clear()
        self.state.auth_error = None
        # The server's own queues (fail_next, lose_answer_next, garble_next), kept private there.
        self.server._faults.clear()
        self.server._lost_answers.clear()
        self.server._garbled.clear()
        return _ok()

    async def post_as(self, request: web.Request) -> web.Response:
        body = await _body(request)
        workspace = self.server.workspace
        try:
            message = workspace.post(
                str(body["channel"]),
                str(body["user"]),
                str(body["text"]),
                thread_ts=body.get("thread_ts"),
            )
        except (KeyError, WorkspaceError, ValueError) as error:
            raise web.HTTPBadRequest(text=f"post_as: {error}") from None
        return web.json_response({"ok": True, "ts": message.ts})

    async def revoke(self, request: web.Request) -> web.Response:
        body = await _body(request)
        self.state.auth_error = str(body.get("error") or "invalid_auth")
        return _ok()

    async def restore_token(self, request: web.Request) -> web.Response:
        self.state.auth_error = None
        return _ok()

    async def messages(self, request: web.Request) -> web.Response:
        workspace = self.server.workspace
        wanted = request.query.get("channel")
        user = request.query.get("user")
        with workspace.lock:
            channels = [wanted] if wanted else list(workspace.channels)
            found = [
                _message_json(message)
                for channel_id in channels
                for message in workspace.all_messages(channel_id)
                if user is None or message.user == user
            ]
        return web.json_response({"ok": True, "messages": found})

    async def posts(self, request: web.Request) -> web.Response:
        return web.json_response({"ok": True, "posts": self.state.posts})

    async def calls(self, request: web.Request) -> web.Response:
        armed = {method: len(delays) for method, delays in self.state.slow.items() if delays}
        return web.json_response(
            {"ok": True, "calls": dict(self.server.call_counts()), "slow_armed": armed}
        )

    async def texts(self, request: web.Request) -> web.Response:
        method = request.query.get("method", "chat.postMessage")
        texts = [str(args.get("text")) for name, args in self.server.calls if name == method]
        return web.json_response({"ok": True, "texts": texts})

    async def now(self, request: web.Request) -> web.Response:
        now = self.server.workspace.clock.now()
        iso = datetime.fromtimestamp(now, UTC).isoformat().replace("+00:00", "Z")
        return web.json_response({"ok": True, "now": now, "iso": iso})


def _message_json(message: Message) -> dict[str, Any]:
    return {
        "channel": message.channel_id,
        "ts": message.ts,
        "thread_ts": message.thread_ts,
        "user": message.user,
        "text": message.text,
        "subtype": message.subtype,
        "metadata": message.metadata,
    }


async def _body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json() if request.can_read_body else {}
    except ValueError:
        raise web.HTTPBadRequest(text="a JSON object, please") from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="a JSON object, please")
    return body


def _method(body: dict[str, Any]) -> str:
    method = body.get("method")
    if not isinstance(method, str) or not method:
        raise web.HTTPBadRequest(text='give "method": "chat.postMessage" or another')
    return method


def _ok() -> web.Response:
    return web.json_response({"ok": True})
