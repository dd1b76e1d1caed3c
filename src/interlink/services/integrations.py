"""Integrations: create, read, update, soft delete and the primary rules; input checks live in integration_rules."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from interlink.catalog.values import generate_missing, missing_required, with_defaults
from interlink.core.errors import Conflict, FieldError, NotFound, Unprocessable, invalid
from interlink.core.ids import is_id, new_id
from interlink.core.timeutil import utcnow
from interlink.sdk import Direction, Manifest, PropertyType
from interlink.services import audit, catalog, destinations, idempotency, paging, pull_schedules, resources
from interlink.services import integration_rules as rules
from interlink.services import secrets as secret_box
from interlink.services.caller import READ, WRITE, Caller
from interlink.services.hub import Hub
from interlink.services.integration_view import IntegrationView
from interlink.store import credential_checks as check_store
from interlink.store import integrations as store
from interlink.store.integrations import IntegrationFilter as IntegrationFilter  # the filter a face builds for page
from interlink.store.tables import Integration

_UNSET: Any = object()
Finish = Callable[[AsyncSession, Any], Awaitable[None]]


@dataclass
class IntegrationDraft:
    """What a caller asks to create; secret and plain values may come in either dict."""

    type: str
    name: str | None = None
    identifier: str | None = None
    channel: str | None = None
    properties: dict[str, Any] = field(default_factory=dict)
    credentials: dict[str, Any] = field(default_factory=dict)
    metadata: dict[str, str] = field(default_factory=dict)
    active: bool = True
    conditions: list[dict[str, Any]] = field(default_factory=list)
    require_complete: bool = False  # refuse missing required properties even when inactive (Novu's ``check``)
    problems: list[FieldError] = field(default_factory=list)  # a face's own findings, reported with the rules'
    require_destination: bool = False  # an alert type must name a destination (PagerTree requires one)


@dataclass
class IntegrationPatch:
    """A partial update; fields left ``_UNSET`` are not touched. Properties and credentials merge by key."""

    name: Any = _UNSET
    identifier: Any = _UNSET
    properties: Any = _UNSET
    credentials: Any = _UNSET
    replace_credentials: bool = False
    metadata: Any = _UNSET
    active: Any = _UNSET
    conditions: Any = _UNSET
    require_complete: bool = False  # refuse missing required properties even when inactive (Novu's ``check``)
    require_destination: bool = False  # an alert type must keep a destination (PagerTree requires one)
    problems: list[FieldError] = field(default_factory=list)  # a face's own findings, reported with the rules'

    def given(self) -> dict[str, Any]:
        flags = ("replace_credentials", "require_complete", "require_destination", "problems")
        return {k: v for k, v in self.__dict__.items() if v is not _UNSET and k not in flags}


async def _check_resources(
    hub: Hub, session: AsyncSession, caller: Caller, manifest: Manifest, values: dict[str, Any]
) -> None:
    for prop in manifest.properties:
        if prop.type is PropertyType.RESOURCE and values.get(prop.key):
            problem = await resources.path_problem(session, caller.environment_id, values[prop.key], prop.maps_to)
            if problem:
                raise invalid(f"properties.{prop.key}", problem)


async def _renumber(session: AsyncSession, environment_id: str, channel: str) -> None:
    """Keep one primary per channel when any active, unconditional integration exists; order the rest n…1.

    Only outbound integrations are ranked; the rest keep key 0 (see ``store.visible_priority``).
    """
    rows = await store.in_channel(session, environment_id, channel)
    active = [r for r in rows if r.active and r.direction == Direction.EGRESS.value]
    if active and not any(r.is_primary for r in active):
        candidate = next((r for r in active if not r.conditions), None)
        if candidate is not None:
            candidate.is_primary = True
            await session.flush()
    ordered = sorted(active, key=lambda r: (not r.is_primary, -r.priority, r.id))
    for rank, row in enumerate(ordered):
        row.priority = len(ordered) - rank
    ranked = {r.id for r in ordered}
    for row in rows:
        if row.id not in ranked:
            row.priority = 0


def _place_new(record: Integration, found: store.Placement) -> int:
    """Rank a new active outbound integration without touching its channel; returns its visible priority.

    It becomes the primary, above the rest, when it has no conditions and the channel has no primary; else it
    goes last, below the lowest key. Keys stay contiguous because the caller holds the channel lock.
    """
    if found.lowest is None or found.highest is None:
        record.is_primary, record.priority = not record.conditions and not found.has_primary, 1
        return 1
    if not record.conditions and not found.has_primary:
        record.is_primary, record.priority = True, found.highest + 1
        return record.priority - found.lowest + 1
    record.priority = found.lowest - 1
    return 1


async def create(hub: Hub, caller: Caller, draft: IntegrationDraft, finish: Finish | None = None) -> IntegrationView:
    """Validate and store a new integration; ``finish`` runs in the same transaction (idempotency)."""
    caller.require(WRITE)
    manifest = await catalog.usable(hub, caller, draft.type)
    found = rules.Problems(list(draft.problems))
    if draft.channel is not None and draft.channel != manifest.channel.value:
        found.add("channel", f"type {manifest.id} sends on channel {manifest.channel.value}")
    name = (draft.name or manifest.name).strip()
    if not name or len(name) > 200:
        found.add("name", "must be 1 to 200 characters")
    identifier = draft.identifier if draft.identifier is not None else rules.new_identifier(name)
    if not rules.IDENTIFIER.match(identifier):
        found.add("identifier", "must be 1-200 letters, digits, '.', '_', ':' or '-', starting alphanumeric")
    merged = found.run(
        rules.merge_input, manifest, draft.properties, draft.credentials, rules.outbound_policy(hub.settings)
    )
    values = with_defaults(manifest, merged if merged is not None else {})
    generated = generate_missing(manifest, values)
    if draft.active or draft.require_complete:
        given = values if merged is not None else rules.given_values(manifest, draft.properties, draft.credentials)
        named = {e.path for e in found.errors}
        found.errors += [e for e in missing_required(manifest, given) if e.path not in named]
    metadata = found.run(rules.check_metadata, draft.metadata)
    conditions = found.run(rules.check_conditions, draft.conditions)
    found.raise_any()
    assert metadata is not None and conditions is not None  # raise_any() refused the request otherwise
    plain, hidden = rules.split_secrets(manifest, values)
    record = Integration(
        id=new_id("int"),
        environment_id=caller.environment_id,
        organization_id=caller.organization_id,
        name=name,
        identifier=identifier,
        type=manifest.id,
        channel=manifest.channel.value,
        direction=manifest.direction.value,
        properties=plain,
        credential_keys=rules.credential_keys(manifest, hidden),
        metadata_=metadata,
        conditions=conditions,
        active=draft.active,
        is_primary=False,
        priority=0,
        deleted=False,
    )
    ranked = manifest.direction is Direction.EGRESS and record.active
    now = utcnow()
    record.created_at = record.updated_at = now
    event = audit.columns(
        caller,
        "integration.created",
        "integration",
        record.id,
        {
            "name": name,
            "type": manifest.id,
            "identifier": identifier,
            "properties": rules.audit_view(values, manifest),
            "active": draft.active,
        },
    )
    if _whole_write(hub, manifest, values) and (finish is None or isinstance(finish, idempotency.Finisher)):
        new = _NewIntegration(caller, record, hidden, generated, event, ranked, finish)
        try:
            if not hub.db.is_sqlite:
                view = await hub.db.run_alone(new.store_alone)
                if view is not None:
                    return view
            return await hub.db.run_write(new.store)
        except _KeyNotHeld:  # this process has not unwrapped the environment's data key yet: the session reads it
            record.is_primary, record.priority, record.credentials = False, 0, None
    async with hub.db.write() as session:
        await _check_resources(hub, session, caller, manifest, values)
        await destinations.check(session, caller, manifest, plain, required=draft.require_destination)
        await audit.insert_now(session, caller, event["action"], event["target_type"], record.id, event["changes"])
        if ranked:
            # Only the ranking needs the channel to itself: the lock comes last, so it is held from here to
            # the commit (a few statements) and creates in one channel overlap in everything above.
            await store.lock_channel(session, caller.environment_id, record.channel)
        placed = await store.placement(session, caller.environment_id, record.channel, identifier)
        if placed.identifier_taken:
            raise _identifier_taken()
        secret_box.use_data_key(session, caller.environment_id, placed.data_key_id)
        record.credentials = await secret_box.encrypt(hub, session, caller.environment_id, record.id, hidden)
        shown = _place_new(record, placed) if ranked else 0
        try:
            if manifest.direction is Direction.EGRESS:
                await store.insert_row(session, _row_of(record))
            else:  # through the unit of work, whose flush gives a webhook receiver its inbound hook
                session.add(record)
                await session.flush()
        except IntegrityError as exc:  # the live-identifier unique index settles a race the check above lost
            raise _identifier_taken() from exc
        await pull_schedules.on_saved(hub, session, record)
        # generated secrets: in the create response only
        view = replace(IntegrationView.of(record, revealed=generated), priority=shown)
        if finish:
            await finish(session, view)
    return view


def _whole_write(hub: Hub, manifest: Manifest, values: dict[str, Any]) -> bool:
    """Whether a create of this type is Core statements only: outbound, not pulled, naming no destination or
    resource to check. The rest go through a session (an inbound type's flush gives it its hook)."""
    return (
        manifest.direction is Direction.EGRESS
        and not pull_schedules.is_pull(hub, manifest.id)
        and not destinations.routes_alerts(manifest)
        and not any(p.type is PropertyType.RESOURCE and values.get(p.key) for p in manifest.properties)
    )


class _KeyNotHeld(Exception):
    """The environment's active data key is not unwrapped in this process; the whole write rolls back."""


@dataclass
class _NewIntegration:
    """A create's transaction as one synchronous function, for ``Database.run_write``."""

    caller: Caller
    record: Integration
    hidden: dict[str, Any]
    generated: dict[str, Any]
    event: dict[str, Any]
    ranked: bool
    finish: idempotency.Finisher | None

    def store(self, conn: Connection) -> IntegrationView:
        record, environment_id = self.record, self.caller.environment_id
        together = conn.dialect.name == "postgresql"  # there each statement is a round trip: the inserts go as one
        if not together:
            audit.insert_in(conn, self.event)
        if self.ranked:  # the lock comes last, as in the session path: held for a few statements
            store.lock_channel_in(conn, environment_id, record.channel)
        placed = store.placement_in(conn, environment_id, record.channel, record.identifier)
        if placed.identifier_taken:
            raise _identifier_taken()
        seal = _sealer(placed.data_key_id)
        record.credentials = seal(record.id, self.hidden) if self.hidden else None
        shown = _place_new(record, placed) if self.ranked else 0
        view = replace(IntegrationView.of(record, revealed=self.generated), priority=shown)
        finish = self.finish
        done = None
        try:
            if not together:
                store.insert_row_in(conn, _row_of(record))
            else:
                if finish is not None and finish.inserts_alone:
                    done = finish.claim.done_values(finish.status_code, finish.answer(view, seal))
                store.insert_with_events(conn, _row_of(record), self.event, done)
        except IntegrityError as exc:
            raise _clash(exc) from exc
        if finish is not None and done is None:
            finish.within(conn, view, seal)
        return view

    def store_alone(self, conn: Connection) -> IntegrationView | None:
        """On PostgreSQL, store a create that does not become its channel's primary in one statement that
        commits by itself (``store.insert_with_events``): the channel lock lasts that statement, not three round
        trips and a commit. None, with nothing stored, when it would be the primary or its key was claimed
        before: ``store`` then places it under the lock across its statements.
        """
        record, environment_id, finish = self.record, self.caller.environment_id, self.finish
        if finish is not None and not finish.inserts_alone:
            return None
        placed = store.placement_in(conn, environment_id, record.channel, record.identifier)  # a hint: no lock
        if placed.identifier_taken:
            raise _identifier_taken()
        if self.ranked and not record.conditions and not placed.has_primary:
            return None
        seal = _sealer(placed.data_key_id)
        record.credentials = seal(record.id, self.hidden) if self.hidden else None
        record.is_primary, record.priority = False, 0  # a ranked row's key is set by the statement, under the lock
        view = replace(IntegrationView.of(record, revealed=self.generated), priority=1 if self.ranked else 0)
        done = finish.claim.done_values(finish.status_code, finish.answer(view, seal)) if finish is not None else None
        try:
            stored = store.insert_with_events(
                conn, _row_of(record), self.event, done, place=self.ranked, conditioned=bool(record.conditions)
            )
        except IntegrityError as exc:
            raise _clash(exc) from exc
        return view if stored else None


def _clash(exc: IntegrityError) -> Exception:
    """What a failed insert of a new integration means: another request stored its idempotency key first, or
    the live-identifier unique index settled a race the identifier check lost."""
    return idempotency.Raced() if store.is_key_clash(exc) else _identifier_taken()


def _sealer(data_key_id: str | None) -> idempotency.Seal:
    """Encrypt with the environment's active data key as this process holds it unwrapped; a whole write
    cannot await the unwrapping, so without it the write rolls back (``_KeyNotHeld``) for the session path."""
    key = secret_box.known_key(data_key_id)

    def seal(owner_id: str, values: dict[str, Any]) -> str | None:
        if key is None:
            raise _KeyNotHeld()
        return secret_box.seal_with(key, owner_id, values)

    return seal


def _row_of(record: Integration) -> dict[str, Any]:
    """The column values of a new, not yet stored integration, for ``store.insert_row``."""
    return {
        "id": record.id,
        "environment_id": record.environment_id,
        "organization_id": record.organization_id,
        "name": record.name,
        "identifier": record.identifier,
        "type": record.type,
        "channel": record.channel,
        "direction": record.direction,
        "properties": record.properties,
        "credentials": record.credentials,
        "credential_keys": record.credential_keys,
        "metadata": record.metadata_,
        "conditions": record.conditions,
        "active": record.active,
        "is_primary": record.is_primary,
        "priority": record.priority,
        "deleted": False,
        "deleted_at": None,
        "deleted_by": None,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
    }


def _identifier_taken() -> Conflict:
    return Conflict(
        "Integration with identifier already exists", [FieldError("identifier", "is already used in this environment")]
    )


async def get(hub: Hub, caller: Caller, integration_id: str) -> IntegrationView:
    """One live integration of the caller's environment, read in one statement."""
    caller.require(READ)
    row = None
    if is_id(integration_id, "int"):
        row = await hub.db.run_read(lambda conn: store.view_row(conn, caller.environment_id, integration_id))
    if row is None:
        raise NotFound(f"Integration {integration_id} not found")
    return IntegrationView.from_row(row)


async def load(session: AsyncSession, caller: Caller, integration_id: str, *, lock: bool = False) -> Integration:
    record = None
    if is_id(integration_id, "int"):
        record = await store.get(session, caller.environment_id, integration_id, for_update=lock)
    if record is None:
        raise NotFound(f"Integration {integration_id} not found")
    return record


async def page(
    hub: Hub, caller: Caller, filters: IntegrationFilter, *, cursor: str | None = None, limit: int = 50
) -> paging.Page[IntegrationView]:
    """A page of live integrations in creation order, after ``cursor`` (the previous page's ``next_cursor``)."""
    caller.require(READ)
    paging.checked(limit, cursor)
    rows, total = await hub.db.run_read(
        lambda conn: store.view_page(conn, caller.environment_id, filters, after=cursor, limit=limit)
    )
    return paging.cut(IntegrationView.from_rows(rows), limit, total)


async def _load_for_change(session: AsyncSession, caller: Caller, integration_id: str) -> Integration:
    """Lock the integration's channel, then its row: always in this order, so writers never deadlock."""
    record = await load(session, caller, integration_id)
    await store.lock_channel(session, caller.environment_id, record.channel)
    return await load(session, caller, integration_id, lock=True)


async def list_all(hub: Hub, caller: Caller, *, active_only: bool = False) -> list[IntegrationView]:
    """Every live integration, oldest first, for faces without pagination: at most ``paging.UNPAGED_CAP``."""
    caller.require(READ)
    filters = IntegrationFilter(active=True if active_only else None)
    rows, _ = await hub.db.run_read(
        lambda conn: store.view_page(
            conn, caller.environment_id, filters, after=None, limit=paging.UNPAGED_CAP - 1, count=False
        )
    )
    return IntegrationView.from_rows(rows)


def _require_complete(hub: Hub, record: Integration, exclude: set[str] | frozenset[str] = frozenset()) -> None:
    """Refuse to activate an integration that lacks a required property (422 naming each not yet named)."""
    manifest = hub.registry.get(record.type)
    if manifest is None:
        raise Conflict(f"Integration type {record.type!r} is no longer in the catalog")
    present = {**record.properties, **dict.fromkeys(record.credential_keys, "set")}
    missing = [e for e in missing_required(manifest, present) if e.path not in exclude]
    if missing:
        raise Unprocessable("Some required properties are missing", missing)


async def view_of(session: AsyncSession, record: Integration) -> IntegrationView:
    """The view of a row this transaction changed, with its current credential verdict."""
    found = (await check_store.for_integrations(session, [record.id])).get(record.id)
    return (
        IntegrationView.of(record, status=found.status, checked_at=found.checked_at)
        if found
        else IntegrationView.of(record)
    )


async def update(hub: Hub, caller: Caller, integration_id: str, patch: IntegrationPatch) -> IntegrationView:
    """Apply a partial update; a non-editable property that would change is refused with 422."""
    caller.require(WRITE)
    given = patch.given()
    async with hub.db.write() as session:
        record = await _load_for_change(session, caller, integration_id)
        manifest = hub.registry.get(record.type)
        if manifest is None:
            raise Conflict(f"Integration type {record.type!r} is no longer in the catalog")
        changes: dict[str, Any] = {}
        found = rules.Problems(list(patch.problems))
        taken = False  # the new identifier is another integration's: a 409 once the request is otherwise valid
        if "name" in given:
            name = given["name"].strip() if isinstance(given["name"], str) else ""
            if not name or len(name) > 200:
                found.add("name", "must be 1 to 200 characters")
            else:
                record.name = changes["name"] = name
        if "identifier" in given and given["identifier"] != record.identifier:
            identifier = given["identifier"]
            if not isinstance(identifier, str) or not rules.IDENTIFIER.match(identifier):
                found.add("identifier", "must be 1-200 letters, digits, '.', '_', ':' or '-'")
            elif await store.by_identifier(session, caller.environment_id, identifier):
                taken = True
            else:
                record.identifier = changes["identifier"] = identifier
        if "properties" in given or "credentials" in given:
            with found.catch():
                await _apply_values(hub, session, caller, record, manifest, patch, changes)
        if "metadata" in given:
            metadata = found.run(rules.check_metadata, given["metadata"])
            if metadata is not None:
                record.metadata_ = changes["metadata"] = metadata
        if "conditions" in given:
            conditions = found.run(rules.check_conditions, given["conditions"])
            if conditions is not None:
                record.conditions = changes["conditions"] = conditions
                if record.conditions and record.is_primary:
                    record.is_primary = False
        if "active" in given:
            if not isinstance(given["active"], bool):
                found.add("active", "must be a boolean")
            else:
                record.active = changes["active"] = given["active"]
                if not record.active:
                    record.is_primary = False
        if (record.active and "active" in given) or patch.require_complete:
            named = {e.path for e in found.errors}
            with found.catch():
                _require_complete(hub, record, exclude=named)
        found.raise_any()
        if taken:
            raise Conflict(
                "Integration with identifier already exists",
                [FieldError("identifier", "is already used in this environment")],
            )
        await destinations.check(session, caller, manifest, record.properties, required=patch.require_destination)
        record.updated_at = utcnow()
        try:
            await session.flush()
        except IntegrityError as exc:
            raise Conflict(
                "Integration with identifier already exists",
                [FieldError("identifier", "is already used in this environment")],
            ) from exc
        if manifest.direction is Direction.EGRESS:
            await _renumber(session, caller.environment_id, record.channel)
        await pull_schedules.on_saved(hub, session, record)
        audit.record(session, caller, "integration.updated", "integration", record.id, changes)
        return await view_of(session, record)


async def _apply_values(
    hub: Hub,
    session: AsyncSession,
    caller: Caller,
    record: Integration,
    manifest: Manifest,
    patch: IntegrationPatch,
    changes: dict[str, Any],
) -> None:
    properties = {} if patch.properties is _UNSET else patch.properties
    credentials = {} if patch.credentials is _UNSET else patch.credentials
    removed = (
        {k for k, v in {**(properties or {}), **(credentials or {})}.items() if v is None}
        if isinstance(properties, dict) and isinstance(credentials, dict)
        else set()
    )
    incoming = rules.merge_input(manifest, properties, credentials, rules.outbound_policy(hub.settings))
    rules.check_editable(manifest, record.properties, incoming)
    for key in removed:
        prop = manifest.prop(key)
        if prop is not None and not prop.editable:
            raise invalid(f"properties.{key}", "cannot be changed after the integration is created")
    plain_in, hidden_in = rules.split_secrets(manifest, incoming)
    plain = with_defaults(manifest, {k: v for k, v in {**record.properties, **plain_in}.items() if k not in removed})
    current_hidden = (
        {} if patch.replace_credentials else await secret_box.decrypt(hub, session, record.id, record.credentials)
    )
    hidden = {k: v for k, v in {**current_hidden, **hidden_in}.items() if k not in removed}
    merged = {**plain, **hidden}
    if record.active:
        missing = missing_required(manifest, merged)
        if missing:
            raise Unprocessable("Some required properties are missing", missing)
    await _check_resources(hub, session, caller, manifest, plain_in)
    record.properties = plain
    record.credentials = await secret_box.encrypt(hub, session, caller.environment_id, record.id, hidden)
    record.credential_keys = rules.credential_keys(manifest, hidden)
    changes["properties"] = rules.audit_view({**plain_in, **hidden_in, **dict.fromkeys(removed)}, manifest)


async def delete(hub: Hub, caller: Caller, integration_id: str) -> IntegrationView:
    """Soft delete: the record stays for the audit trail but vanishes from every read."""
    caller.require(WRITE)
    async with hub.db.write() as session:
        record = await _load_for_change(session, caller, integration_id)
        record.deleted, record.deleted_at, record.deleted_by = True, utcnow(), caller.actor
        record.is_primary, record.priority = False, 0
        await session.flush()
        if record.direction == Direction.EGRESS.value:
            await _renumber(session, caller.environment_id, record.channel)
        await pull_schedules.on_saved(hub, session, record)
        audit.record(session, caller, "integration.deleted", "integration", record.id)
        return await view_of(session, record)


async def set_primary(
    hub: Hub,
    caller: Caller,
    integration_id: str,
    finish: Finish | None = None,
    *,
    primary_channels: Collection[str] | None = None,
) -> IntegrationView:
    """Make one integration its channel's primary: it becomes active and loses its conditions.

    ``primary_channels`` narrows which channels may have a primary (Novu: email and sms only).
    """
    caller.require(WRITE)
    async with hub.db.write() as session:
        record = await _load_for_change(session, caller, integration_id)
        if record.direction != Direction.EGRESS.value:
            raise Unprocessable(
                "Only outbound (EGRESS) integrations have a primary",
                [FieldError("integrationId", "is an inbound (INGRESS) integration")],
            )
        if primary_channels is not None and record.channel not in primary_channels:
            raise Unprocessable(f"Channel {record.channel} does not support primary")
        if not record.active:
            _require_complete(hub, record)
        if not record.is_primary:
            await store.clear_primary(session, caller.environment_id, record.channel)
            changes = {"active": True, "primary": True, "conditions": []}
            record.active, record.is_primary, record.conditions = True, True, []
            record.updated_at = utcnow()
            await session.flush()
            await _renumber(session, caller.environment_id, record.channel)
            audit.record(session, caller, "integration.primary_set", "integration", record.id, changes)
        view = await view_of(session, record)
        if finish:
            await finish(session, view)
    return view


async def credentials_of(hub: Hub, record: IntegrationView | Integration) -> dict[str, Any]:
    """The decrypted credentials of an integration, for a sender; never for a response."""
    async with hub.db.read() as session:
        return await secret_box.decrypt(hub, session, record.id, record.credentials)
