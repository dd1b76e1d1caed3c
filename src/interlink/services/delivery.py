"""Carries one claimed message through its integrations: breakers, failover, retries, the attempt log."""

from __future__ import annotations

import asyncio
import logging
import time
import traceback
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from interlink.core import jsonsafe, metrics
from interlink.core.ids import new_id
from interlink.core.timeutil import iso, utcnow
from interlink.core.tracing import reset_trace_id, set_trace_id
from interlink.queue.breaker import Guards
from interlink.queue.policy import RetryPolicy
from interlink.sdk import Channel, OutboundMessage, Outcome, SendResult, Transport
from interlink.sdk.scrubbing import Scrubber
from interlink.services import dead_targets, routing, secrets
from interlink.services.hub import Hub
from interlink.store import integrations as integration_store
from interlink.store.queue import ClaimedMessage
from interlink.store.tables import Integration, Message

log = logging.getLogger("interlink.delivery")
Sendable = Message | ClaimedMessage  # the worker claims plain values; actions and code checks send ORM rows


@dataclass(frozen=True)
class Route:
    """An integration with its decrypted configuration and its scrubber, ready to send through."""

    integration: Integration
    config: dict[str, Any]
    scrubber: Scrubber | None = None  # built once per cache load; made per send when absent


class Routes(list[Route]):
    """One environment and channel's routes, with what each delivery looks up in them worked out once per load."""

    def __init__(self, routes: list[Route], channel: str) -> None:
        super().__init__(routes)
        self.by_id = {r.integration.id: r for r in routes}
        self.ranked = routing.ranked([r.integration for r in routes], channel)


class IntegrationCache:
    """Integrations per environment and channel with their configuration, reloaded after ``ttl`` seconds.

    Deliveries that find an entry stale at the same moment share one reload instead of each reading the database.
    """

    def __init__(self, hub: Hub, ttl: float = 1.0) -> None:
        self.hub, self.ttl = hub, ttl
        self._entries: dict[tuple[str, str], tuple[float, Routes]] = {}
        self._loading: dict[tuple[str, str], tuple[float, asyncio.Future[Routes]]] = {}

    async def routes(self, environment_id: str, channel: str, fresh: bool = False) -> Routes:
        """The routes; ``fresh`` asks for a load begun after the cached one (something may have changed since)."""
        key = (environment_id, channel)
        cached = self._entries.get(key)
        if cached and not fresh and time.monotonic() - cached[0] < self.ttl:
            return cached[1]
        loading = self._loading.get(key)
        if loading is None or (fresh and cached is not None and loading[0] <= cached[0]):
            loading = (time.monotonic(), asyncio.ensure_future(self._load(key)))
            self._loading[key] = loading
            loading[1].add_done_callback(lambda done: self._forget(key, done))
        return await asyncio.shield(loading[1])

    def _forget(self, key: tuple[str, str], done: asyncio.Future[Routes]) -> None:
        if key in self._loading and self._loading[key][1] is done:
            del self._loading[key]
        if not done.cancelled():
            done.exception()  # a failed load reaches its waiters; this keeps it from being reported as unread

    async def _load(self, key: tuple[str, str]) -> Routes:
        started = time.monotonic()
        async with self.hub.db.read() as session:
            routes: list[Route] = []
            for row in await integration_store.in_channel(session, *key):
                if row.active:
                    config = {**row.properties, **await secrets.decrypt(self.hub, session, row.id, row.credentials)}
                    routes.append(Route(row, config, Scrubber.of(self.hub.registry.get(row.type), config)))
        loaded = Routes(routes, key[1])
        entry = self._entries.get(key)
        if entry is None or entry[0] <= started:
            self._entries[key] = (started, loaded)
        return loaded


@dataclass
class Completion:
    """What a delivery changes: the message's new state, the attempts it made, anything a sender asked to keep."""

    message_id: str
    changes: dict[str, Any]
    attempts: list[dict[str, Any]] = field(default_factory=list)  # delivery_attempts rows, inserted with the result
    stored: dict[str, Any] | None = None
    dead: list[dict[str, Any]] = field(default_factory=list)  # push targets reported gone, recorded with the result


def _unsendable(message: Sendable) -> str | None:
    """Why a stored message can never be rendered for sending (it predates the input limits), or None."""
    depth = jsonsafe.SEND_DEPTH - 1  # each part sits one level down in the object checked below
    fine = jsonsafe.fine
    if fine(message.payload, depth) and fine(message.metadata_, depth) and fine(message.recipient, depth):
        return None
    found = jsonsafe.problem(
        {"payload": message.payload, "metadata": message.metadata_, "to": message.recipient},
        max_depth=jsonsafe.SEND_DEPTH,
    )
    return None if found is None else f"the message cannot be sent: {found[0]} {found[1]}"


@dataclass(frozen=True, slots=True)
class _Meters:
    """A send's counter and latency histogram series."""

    count: Any
    latency: Any

    def record(self, seconds: float) -> None:
        self.count.inc()
        self.latency.observe(seconds)


class Deliverer:
    """Runs deliveries; holds the per-process breakers, transport and retry policy."""

    def __init__(self, hub: Hub, transport: Transport, guards: Guards, policy: RetryPolicy) -> None:
        self.hub, self.transport, self.guards, self.policy = hub, transport, guards, policy
        self.cache = IntegrationCache(hub)
        self._metered: dict[tuple[str, str], _Meters] = {}

    def _meters(self, provider: str, outcome: str) -> _Meters:
        """The metric series of one provider and outcome, looked up once rather than on every send."""
        found = self._metered.get((provider, outcome))
        if found is None:
            found = self._metered[(provider, outcome)] = _Meters(
                metrics.DELIVERIES.labels(provider, outcome), metrics.DELIVERY_LATENCY.labels(provider)
            )
        return found

    async def deliver(self, message: Sendable) -> Completion:
        token = set_trace_id(message.trace_id)
        try:
            return await self._deliver(message)
        finally:
            reset_trace_id(token)

    async def send_once(self, route: Route, message: Sendable, number: int) -> tuple[SendResult, float]:
        integration_id, kind = route.integration.id, route.integration.type  # read once, not per use
        sender = self.hub.registry.sender(kind)
        if sender is None:
            return SendResult.failed(f"type {kind} cannot send yet"), 0.0
        outbound = OutboundMessage(
            id=message.id,
            channel=message.channel,
            recipient=message.recipient,
            subject=message.subject,
            text=message.text,
            html=message.html,
            metadata=message.metadata_ or {},
            trace_id=message.trace_id,
            attempt=number,
            data={
                "payload": message.payload or {},
                "eventType": message.event_type,
                "createdAt": iso(message.created_at),
            },
        )
        scrubber = route.scrubber or Scrubber.of(self.hub.registry.get(kind), route.config)
        started = time.perf_counter()
        try:
            async with self.guards.slot(integration_id, route.config.get("maxConcurrency")):
                limiter = self.guards.limiter(integration_id, route.config.get("rateLimitPerSecond"))
                if limiter:
                    await limiter.acquire()
                result = await sender.send(outbound, route.config, self.transport)
        except Exception as exc:
            log.error(
                "sender failed",
                extra={
                    "integrationId": integration_id,
                    "messageId": message.id,
                    "error": scrubber.text("".join(traceback.format_exception(exc))),
                },
            )
            result = SendResult.retry("the sender failed unexpectedly; see the server log")
        seconds = time.perf_counter() - started
        self._meters(kind, result.outcome.value).record(seconds)
        return scrubber.result(result), seconds * 1000

    async def _plan(self, message: Sendable, excluded: list[str], fresh: bool) -> tuple[dict[str, Route], list[Any]]:
        """The usable routes and the order to try them in."""
        found = await self.cache.routes(message.environment_id, message.channel, fresh)
        context = routing.context_of(message.payload or {}, message.recipient or {})
        return found.by_id, routing.pick(found.ranked, context, message.requested_integration_id, excluded)

    async def _deliver(self, message: Sendable) -> Completion:
        excluded = list(message.excluded or [])
        unsendable = _unsendable(message)
        if unsendable is not None:  # no retry could ever change that: fail now, saying why
            return Completion(
                message.id, self._state("failed", None, message.attempts, excluded, utcnow(), last_error=unsendable)
            )
        routes, order = await self._plan(message, excluded, fresh=False)
        if not order:  # maybe an integration created or activated since the cache was filled: look again
            routes, order = await self._plan(message, excluded, fresh=True)
        attempts: list[dict[str, Any]] = []
        number, wait_for_breaker, last_error = message.attempts, None, message.last_error
        gone = (
            await dead_targets.dead_for(self.hub, message.environment_id, message.recipient or {})
            if message.channel == Channel.PUSH
            else set()
        )
        dead: list[dict[str, Any]] = []
        for integration in order:
            if integration.id in gone:  # reported gone before: never sent to again
                excluded.append(integration.id)
                last_error = f"{integration.id}: the push service reported this target gone; it is not sent to again"
                continue
            breaker = self.guards.breaker(integration.id)
            if not breaker.allows():
                remaining = breaker.remaining()
                wait_for_breaker = remaining if wait_for_breaker is None else min(wait_for_breaker, remaining)
                continue
            number += 1
            result, ms = await self.send_once(routes[integration.id], message, number)
            now = utcnow()  # the attempt's time, and the message's when this attempt settles it
            breaker.record(result.outcome is not Outcome.RETRY)
            attempt = self._attempt(message, integration, number, result, ms, now)
            attempts.append(attempt)
            if result.gone:
                found = dead_targets.row(
                    message.environment_id,
                    integration.id,
                    message.recipient or {},
                    result.detail,
                    result.status_code,
                    message.id,
                )
                dead.extend([found] if found else [])
            if result.outcome is Outcome.DELIVERED:
                owner = {"environmentId": message.environment_id, "integrationId": integration.id}  # never a sender's
                return Completion(
                    message.id,
                    self._state("delivered", integration, number, excluded, now, delivered_at=now, last_error=None),
                    attempts,
                    {**result.stored, **owner} if result.stored else None,
                    dead,
                )
            last_error = f"{integration.id}: {result.detail}"
            if result.outcome is Outcome.FAILED:
                excluded.append(integration.id)
                log.warning(
                    "failing over",
                    extra={"messageId": message.id, "integrationId": integration.id, "detail": result.detail},
                )
                continue
            delay = self.policy.delay(message.retries, result.retry_after)
            if delay is None:
                return Completion(
                    message.id,
                    self._state(
                        "failed",
                        integration,
                        number,
                        excluded,
                        now,
                        last_error=f"gave up after {number} attempts; {last_error}",
                    ),
                    attempts,
                    dead=dead,
                )
            attempt["next_attempt_at"] = now + timedelta(seconds=delay)
            metrics.RETRIES_SCHEDULED.labels(integration.type).inc()
            return Completion(
                message.id,
                self._state(
                    "queued",
                    integration,
                    number,
                    excluded,
                    now,
                    last_error=last_error,
                    run_at=attempt["next_attempt_at"],
                    retries=message.retries + 1,
                ),
                attempts,
                dead=dead,
            )
        if wait_for_breaker is not None:
            note = f"every usable integration's circuit is open; next try in {wait_for_breaker:.0f} s"
            return Completion(
                message.id,
                self._state(
                    "queued",
                    None,
                    number,
                    excluded,
                    utcnow(),
                    last_error=last_error or note,
                    run_at=utcnow() + timedelta(seconds=max(wait_for_breaker, 1)),
                ),
                attempts,
                dead=dead,
            )
        reason = last_error or "no active integration of this channel matches the message"
        state = self._state("failed", None, number, excluded, utcnow(), last_error=reason)
        return Completion(message.id, state, attempts, dead=dead)

    def _state(
        self,
        status: str,
        integration: Integration | None,
        number: int,
        excluded: list[str],
        now: datetime,
        **extra: Any,
    ) -> dict[str, Any]:
        state: dict[str, Any] = {
            "status": status,
            "attempts": number,
            "excluded": excluded,
            "updated_at": now,
            "lease_owner": None,
            "lease_until": None,
        }
        if integration is not None:
            state["integration_id"] = integration.id
        state.update(extra)
        return state

    @staticmethod
    def _attempt(
        message: Sendable, integration: Integration, number: int, result: SendResult, ms: float, now: datetime
    ) -> dict[str, Any]:
        """The attempt's row, every column given so a batch of them is one multi-row insert."""
        return {
            "id": new_id("att"),
            "message_id": message.id,
            "integration_id": integration.id,
            "number": number,
            "outcome": result.outcome.value,
            "status_code": result.status_code,
            "detail": result.detail or None,
            "response_excerpt": result.response_excerpt,
            "provider_message_id": result.provider_message_id,
            "duration_ms": round(ms, 2),
            "next_attempt_at": None,
            "trace_id": message.trace_id,
            "created_at": now,
        }
