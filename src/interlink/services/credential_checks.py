"""Credential checks: run a verifier, keep its verdict (ok, failing, unknown), audit changes, re-check daily."""

from __future__ import annotations

import importlib
import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession

from interlink.catalog.values import with_defaults
from interlink.core.errors import BadRequest, FieldError
from interlink.core.ids import new_id
from interlink.core.timeutil import utcnow
from interlink.queue.transport import HttpTransport
from interlink.sdk import Action as ActionKind
from interlink.sdk import Manifest, Transport
from interlink.sdk.checks import CheckResult, CheckStatus, Verifier
from interlink.sdk.scrubbing import Scrubber
from interlink.services import audit, integrations, secrets
from interlink.services import integration_rules as rules
from interlink.services.caller import Caller
from interlink.services.hub import Hub
from interlink.store import credential_checks as store
from interlink.store import messages as message_store
from interlink.store.egress_tables import CredentialCheck
from interlink.store.tables import Action, Integration

if TYPE_CHECKING:
    from interlink.services.delivery import Deliverer

log = logging.getLogger("interlink.checks")
DAILY = timedelta(days=1)
_VERIFIERS: dict[str, Verifier | None] = {}


def verifier_for(hub: Hub, type_id: str) -> Verifier | None:
    """The provider's ``verify.VERIFIER``, loaded on first use; None when the type has no check."""
    if type_id not in _VERIFIERS:
        name = f"interlink.providers.{type_id}.verify"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            module = None
        _VERIFIERS[type_id] = getattr(module, "VERIFIER", None) if module else None
    return _VERIFIERS[type_id]


def scrubbed(result: CheckResult, manifest: Manifest | None, config: dict[str, Any]) -> CheckResult:
    """The verdict with every secret value of the configuration (in any form it travels) taken out of its words."""
    return CheckResult(result.status, Scrubber.of(manifest, config).text(result.detail), result.status_code)


async def check(
    hub: Hub, manifest: Manifest, config: dict[str, Any], transport: Transport | None = None
) -> CheckResult:
    """Run the type's check on a configuration (saved or not); ``unknown`` when the type has none."""
    verifier = verifier_for(hub, manifest.id)
    if verifier is None:
        return CheckResult.unknown(f"type {manifest.id} has no credential check")
    own = transport is None
    used = transport or HttpTransport(
        allow_private=hub.settings.allow_private_networks, timeout=hub.settings.send_timeout
    )
    try:
        result = await verifier.verify(config, used)
    except Exception:
        log.exception("credential check failed", extra={"type": manifest.id})
        result = CheckResult.unknown("the check failed unexpectedly; see the server log")
    finally:
        if own:
            assert isinstance(used, HttpTransport)  # made here, so ours to close
            await used.close()
    return scrubbed(result, manifest, config)


async def require_ok(
    hub: Hub, caller: Caller, manifest: Manifest, given: dict[str, Any], integration_id: str | None = None
) -> None:
    """Refuse (400, the provider's words) credentials the check finds failing, before they are saved.

    ``given`` holds the new values; for an existing integration they go over its saved configuration.
    """
    values = rules.merge_input(manifest, {}, given)
    if integration_id is not None:
        saved = await integrations.get(hub, caller, integration_id)
        values = {**saved.properties, **await integrations.credentials_of(hub, saved), **values}
    result = await check(hub, manifest, with_defaults(manifest, values))
    if result.status is CheckStatus.FAILING:
        raise BadRequest(f"The credentials were refused: {result.detail}", [FieldError("credentials", result.detail)])


async def record(session: AsyncSession, record: Integration, result: CheckResult, actor: str) -> None:
    """Keep the verdict; a change of status is an audit event."""
    row = await store.get_for_update(session, record.id)
    before = row.status if row else CheckStatus.UNKNOWN.value
    now = utcnow()
    if row is None:
        row = CredentialCheck(integration_id=record.id, environment_id=record.environment_id)
        session.add(row)
    row.status, row.detail, row.checked_at = result.status.value, result.detail, now
    if before != result.status.value:
        who = Caller(record.organization_id, record.environment_id, actor, frozenset())
        changes = {"credentialStatus": {"from": before, "to": result.status.value}, "detail": result.detail}
        audit.record(session, who, "integration.credentials_checked", "integration", record.id, changes)


async def run(hub: Hub, deliverer: Deliverer, action: Action) -> dict[str, Any]:
    """Carry out a ``verify`` action: the row's final state."""
    async with hub.db.read() as session:
        found = await session.get(Integration, action.integration_id)
        config = (
            {}
            if found is None
            else {**found.properties, **await secrets.decrypt(hub, session, found.id, found.credentials)}
        )
    manifest = hub.registry.get(found.type) if found is not None else None
    if found is None or found.deleted or manifest is None:
        return _done("failed", {"error": "the integration was deleted"})
    result = await check(hub, manifest, config, deliverer.transport)
    async with hub.db.write() as session:
        current = await session.get(Integration, found.id)
        if current is not None and not current.deleted:
            await record(session, current, result, action.actor)
    outcome = {"credentialStatus": result.status.value, "detail": result.detail, "statusCode": result.status_code}
    return _done("succeeded" if result.status is CheckStatus.OK else "failed", outcome)


async def queue_due(hub: Hub, now: datetime | None = None, limit: int = 100, environment_id: str | None = None) -> int:
    """Queue a ``verify`` for every active integration not checked in the last day (of one environment if given)."""
    now = now or utcnow()
    types = [m.id for m in hub.registry if ActionKind.VERIFY in m.actions]
    async with hub.db.write() as session:
        rows = await store.due(session, types, now - DAILY, limit, environment_id)
        for row in rows:
            session.add(
                Action(
                    id=new_id("act"),
                    environment_id=row.environment_id,
                    organization_id=row.organization_id,
                    integration_id=row.id,
                    action=ActionKind.VERIFY.value,
                    input={"scheduled": True},
                    status="queued",
                    actor="system",
                    run_at=now,
                )
            )
        if rows:
            await message_store.notify(session)
    if rows:
        hub.notify_work()
    return len(rows)


def _done(status: str, result: dict[str, Any]) -> dict[str, Any]:
    return {"status": status, "result": result, "updated_at": utcnow(), "lease_owner": None, "lease_until": None}
