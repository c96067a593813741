"""The fake methods about who is who: `auth.test`, `users.*`, `team.info`, and the Socket Mode
URL (`apps.connections.open`)."""

from __future__ import annotations

from oncall_tui.demo.api_support import (
    ApiError,
    CallContext,
    JsonObject,
    Params,
    decode_cursor,
    page_after,
    paged_response,
)
from oncall_tui.demo.records import TokenKind
from oncall_tui.demo.shapes import team_json, user_json, workspace_url

USERS_MAX_LIMIT = 200


def auth_test(ctx: CallContext, params: Params) -> JsonObject:
    team = ctx.workspace.teams[ctx.workspace.our_team_id]
    body: JsonObject = {
        "ok": True,
        "url": workspace_url(team),
        "team": team.name,
        "user": ctx.caller.handle,
        "team_id": team.id,
        "user_id": ctx.caller.id,
        "is_enterprise_install": False,
    }
    if ctx.token.kind is TokenKind.BOT and ctx.caller.bot_id is not None:
        body["bot_id"] = ctx.caller.bot_id
    return body


def users_info(ctx: CallContext, params: Params) -> JsonObject:
    user = ctx.workspace.user(params.required("user", "user_not_found"))
    return {"ok": True, "user": user_json(ctx.workspace, user)}


def users_list(ctx: CallContext, params: Params) -> JsonObject:
    # Our workspace's members (guests and bots included); Slack Connect guests from other
    # organisations are not members, so users.list leaves them out.
    members = [u for u in ctx.workspace.users.values() if u.team_id == ctx.workspace.our_team_id]
    after = decode_cursor("next_id", params.text("cursor"))
    page = page_after(members, lambda u: u.id, after, params.limit(maximum=USERS_MAX_LIMIT))
    body = {
        "ok": True,
        "members": [user_json(ctx.workspace, u) for u in page.items],
        "cache_ts": int(ctx.workspace.clock.now()),
    }
    return paged_response("next_id", page, body)


def team_info(ctx: CallContext, params: Params) -> JsonObject:
    team_id = params.text("team") or ctx.workspace.our_team_id
    team = ctx.workspace.teams.get(team_id)
    if team is None:
        raise ApiError("team_not_found")
    return {"ok": True, "team": team_json(team)}


def apps_connections_open(ctx: CallContext, params: Params) -> JsonObject:
    return {"ok": True, "url": ctx.open_socket_url()}


METHODS = {
    "auth.test": auth_test,
    "users.info": users_info,
    "users.list": users_list,
    "team.info": team_info,
}

# Only an app-level (xapp-) token may call these, and it may call nothing else.
APP_TOKEN_METHODS = {"apps.connections.open": apps_connections_open}
