"""Account users, teams and routers: create, read, update and delete, scoped to the caller's environment.

Every id a team or router names must exist in the same environment; a record still named elsewhere
(a user in a team, a team in a router or an integration's destinations) cannot be deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from interlink.core.errors import Conflict, FieldError, NotFound, Unprocessable, invalid
from interlink.core.ids import is_id, new_id
from interlink.core.timeutil import utcnow
from interlink.sdk import Direction
from interlink.services import audit, paging
from interlink.services import oncall_rules as rules
from interlink.services.caller import READ, WRITE, Caller
from interlink.services.hub import Hub
from interlink.services.viewing import of_row
from interlink.store import integrations as integration_store
from interlink.store import oncall as store
from interlink.store.paging_tables import AccountUser, Router, Team

MAX_PAGE = 200
FORWARD_CHANNELS = ("webhook", "chat")
Record = TypeVar("Record", AccountUser, Team, Router)


@dataclass(frozen=True, slots=True)
class UserView:
    """An account user as the faces show it."""

    id: str
    environment_id: str
    name: str
    email: str
    contact_methods: list[Any]
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class TeamView:
    """A team as the faces show it: members and escalation layers."""

    id: str
    environment_id: str
    name: str
    member_ids: list[Any]
    layers: list[Any]
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class RouterView:
    """A router as the faces show it: its ordered rules."""

    id: str
    environment_id: str
    name: str
    enabled: bool
    rules: list[Any]
    created_at: datetime
    updated_at: datetime


View = TypeVar("View", UserView, TeamView, RouterView)
_ROWS: dict[type[Any], type[Any]] = {UserView: AccountUser, TeamView: Team, RouterView: Router}
_KINDS: dict[type[Any], tuple[str, str]] = {
    AccountUser: (rules.USER, "account user"),
    Team: (rules.TEAM, "team"),
    Router: (rules.ROUTER, "router"),
}


@dataclass(frozen=True)
class Page(Generic[View]):
    rows: list[View]
    total: int


async def _load(session: AsyncSession, kind: type[Record], caller: Caller, record_id: str) -> Record:
    prefix, label = _KINDS[kind]
    found = await store.get(session, kind, caller.environment_id, record_id) if is_id(record_id, prefix) else None
    if found is None:
        raise NotFound(f"The {label} {record_id} was not found")
    return found


async def get(hub: Hub, caller: Caller, kind: type[View], record_id: str) -> View:
    caller.require(READ)
    async with hub.db.read() as session:
        return of_row(kind, await _load(session, _ROWS[kind], caller, record_id))


async def page(
    hub: Hub, caller: Caller, kind: type[View], *, limit: int = 50, offset: int = 0, after: str | None = None
) -> Page[View]:
    caller.require(READ)
    if not 1 <= limit <= MAX_PAGE:
        raise invalid("limit", f"must be between 1 and {MAX_PAGE}")
    if offset < 0:
        raise invalid("offset", "must be zero or more")
    async with hub.db.read() as session:
        rows, total = await store.page(
            session, _ROWS[kind], caller.environment_id, limit=limit, offset=offset, after=after
        )
    return Page([of_row(kind, r) for r in rows], total)


async def cursor_page(
    hub: Hub, caller: Caller, kind: type[View], *, cursor: str | None = None, limit: int = 50
) -> paging.Page[View]:
    """A page in creation order after ``cursor`` (the previous page's ``next_cursor``), with the total."""
    caller.require(READ)
    fetch = paging.checked(limit, cursor)
    async with hub.db.read() as session:
        rows, total = await store.page(session, _ROWS[kind], caller.environment_id, limit=fetch, after=cursor)
    return paging.cut([of_row(kind, r) for r in rows], limit, total)


def _user_values(values: dict[str, Any], current: AccountUser | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "name" in values or current is None:
        out["name"] = rules.name(values.get("name"))
    if "email" in values or current is None:
        out["email"] = rules.email(values.get("email"))
    if "contactMethods" in values:
        out["contact_methods"] = rules.contact_methods(values["contactMethods"])
    return out


async def _team_values(
    session: AsyncSession, caller: Caller, values: dict[str, Any], current: Team | None
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "name" in values or current is None:
        out["name"] = rules.name(values.get("name"))
    members = current.member_ids if current else []
    if "memberIds" in values:
        members = out["member_ids"] = rules.id_list(values["memberIds"], rules.USER, "memberIds")
        found = await store.existing_ids(session, AccountUser, caller.environment_id, members)
        problems = [
            FieldError(f"memberIds[{i}]", f"account user {m} does not exist")
            for i, m in enumerate(members)
            if m not in found
        ]
        if problems:
            raise Unprocessable("Some members do not exist", problems)
    if "layers" in values or "memberIds" in values:
        layers = values.get("layers", current.layers if current else [])
        out["layers"] = rules.layers(layers, list(members))
    return out


async def _router_values(
    session: AsyncSession, caller: Caller, values: dict[str, Any], current: Router | None
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "name" in values or current is None:
        out["name"] = rules.name(values.get("name"))
    if "enabled" in values:
        if not isinstance(values["enabled"], bool):
            raise invalid("enabled", "must be a boolean")
        out["enabled"] = values["enabled"]
    if "rules" in values:
        out["rules"] = rules.rules(values["rules"])
        named = rules.referenced(out["rules"])
        env = caller.environment_id
        users = await store.existing_ids(session, AccountUser, env, [i for i, _ in named[rules.USER]])
        teams = await store.existing_ids(session, Team, env, [i for i, _ in named[rules.TEAM]])
        problems = rules.missing(named[rules.USER], users, "account user")
        problems += rules.missing(named[rules.TEAM], teams, "team")
        for integration_id, path in named["int"]:
            target = await integration_store.get(session, env, integration_id)
            if target is None:
                problems.append(FieldError(path, f"integration {integration_id} does not exist"))
            elif target.direction != Direction.EGRESS.value or target.channel not in FORWARD_CHANNELS:
                problems.append(FieldError(path, f"must be an outbound {' or '.join(FORWARD_CHANNELS)} integration"))
        if problems:
            raise Unprocessable("Some rules name records that do not exist", problems)
    return out


async def _values(
    session: AsyncSession, caller: Caller, kind: type[Record], values: dict[str, Any], current: Record | None
) -> dict[str, Any]:
    if kind is AccountUser:
        return _user_values(values, current)  # type: ignore[arg-type]
    if kind is Team:
        return await _team_values(session, caller, values, current)  # type: ignore[arg-type]
    return await _router_values(session, caller, values, current)  # type: ignore[arg-type]


async def create(hub: Hub, caller: Caller, kind: type[View], values: dict[str, Any]) -> View:
    caller.require(WRITE)
    row_kind = _ROWS[kind]
    prefix, label = _KINDS[row_kind]
    async with hub.db.write() as session:
        clean = await _values(session, caller, row_kind, values, None)
        record = row_kind(id=new_id(prefix), environment_id=caller.environment_id, **clean)
        session.add(record)
        await session.flush()
        audit.record(session, caller, f"{label.replace(' ', '_')}.created", label, record.id, {"name": record.name})
    return of_row(kind, record)


async def update(hub: Hub, caller: Caller, kind: type[View], record_id: str, values: dict[str, Any]) -> View:
    caller.require(WRITE)
    row_kind = _ROWS[kind]
    _, label = _KINDS[row_kind]
    async with hub.db.write() as session:
        record = await _load(session, row_kind, caller, record_id)
        clean = await _values(session, caller, row_kind, values, record)
        for key, value in clean.items():
            setattr(record, key, value)
        record.updated_at = utcnow()
        await session.flush()
        audit.record(session, caller, f"{label.replace(' ', '_')}.updated", label, record.id, {"fields": sorted(clean)})
    return of_row(kind, record)


async def delete(hub: Hub, caller: Caller, kind: type[View], record_id: str) -> None:
    """Delete a record nothing names any more (409 saying where it is still named otherwise)."""
    caller.require(WRITE)
    _, label = _KINDS[_ROWS[kind]]
    async with hub.db.write() as session:
        record = await _load(session, _ROWS[kind], caller, record_id)
        where = await _named_by(session, caller, record.id)
        if where:
            raise Conflict(f"The {label} is still named by {', '.join(where)}; remove it there first")
        await session.delete(record)
        await session.flush()
        audit.record(session, caller, f"{label.replace(' ', '_')}.deleted", label, record.id)


async def _named_by(session: AsyncSession, caller: Caller, record_id: str) -> list[str]:
    env = caller.environment_id
    found = [f"team {t.id}" for t in await store.all_teams(session, env) if record_id in t.member_ids]
    for router in await store.all_routers(session, env):
        if any(record_id in (a.get("teamId"), a.get("accountUserId")) for r in router.rules for a in r["actions"]):
            found.append(f"router {router.id}")
    for integration in await integration_store.all_live(session, env):
        props = integration.properties or {}
        if any(record_id in (props.get(key) or []) for key in ("accountUserIds", "teamIds", "routerIds")):
            found.append(f"integration {integration.id}")
    return found
