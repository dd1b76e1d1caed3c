"""An MQTT subscription held by one worker: reconnects with backoff, refuses malformed payloads one by one."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import aiomqtt
import orjson

from interlink.sdk import Point, Transport
from interlink.sdk.mapping import RecordError, RecordMapping, expression_problems
from interlink.sdk.pulling import Emit

MAX_BACKOFF = 60.0


def topic_filters(text: Any) -> list[str]:
    """The comma-separated topic filters, or ``ValueError`` naming the first that breaks MQTT's rules."""
    filters = [t.strip() for t in str(text or "").split(",") if t.strip()]
    if not filters:
        raise ValueError("must name at least one topic")
    for topic in filters:
        levels = topic.split("/")
        for index, level in enumerate(levels):
            if ("#" in level and (level != "#" or index != len(levels) - 1)) or ("+" in level and level != "+"):
                raise ValueError(f"{topic[:80]!r}: + must fill a level and # must be the last level")
        if len(topic.encode()) > 65535 or "\x00" in topic:
            raise ValueError(f"{topic[:80]!r} is not a topic filter")
    return filters


def _tls(config: Mapping[str, Any]) -> ssl.SSLContext | None:
    if not config.get("tls"):
        return None
    context = ssl.create_default_context()
    if config.get("caCertificate"):
        context.load_verify_locations(cadata=str(config["caCertificate"]))
    return context


class MqttSource:
    """Subscribes to every configured filter; each message's points are written as one batch."""

    def problems(self, config: Mapping[str, Any]) -> dict[str, str]:
        found = expression_problems(config, ("externalIdPath", "timePath", "valuePath"))
        try:
            topic_filters(config.get("topics"))
        except ValueError as exc:
            found["topics"] = str(exc)
        return found

    def interpret(self, config: Mapping[str, Any], document: Any, now: datetime, topic: str = "sample") -> list[Point]:
        return RecordMapping.from_config(config).points(document, 0, default_id=topic, now=now)

    def message_points(self, config: Mapping[str, Any], topic: str, payload: bytes, now: datetime) -> list[Point]:
        """The points of one message, or ``ValueError`` saying why the message was refused."""
        try:
            document = orjson.loads(payload)
        except orjson.JSONDecodeError:
            raise ValueError(f"a message on {topic[:200]} is not JSON") from None
        try:
            return self.interpret(config, document, now, topic)
        except RecordError as exc:
            raise ValueError(
                f"a message on {topic[:200]} cannot be mapped: {str(exc).removeprefix('record 0: ')}"
            ) from None

    async def subscribe(
        self, config: Mapping[str, Any], transport: Transport, emit: Emit, report: Callable[[str | None], None]
    ) -> None:
        host = str(config.get("host") or "")
        delay = 1.0
        while True:
            refused = transport.check_host(host)
            if refused:
                report(f"the broker cannot be reached: {refused}")
                await asyncio.sleep(MAX_BACKOFF)
                continue
            try:
                await self._session(config, host, emit, report)
                delay = 1.0
            except aiomqtt.MqttError as exc:
                report(f"the broker connection failed: {exc}")
            except (ssl.SSLError, OSError) as exc:
                report(f"the broker connection failed: {type(exc).__name__}")
            await asyncio.sleep(delay)
            delay = min(delay * 2, MAX_BACKOFF)

    async def _session(
        self, config: Mapping[str, Any], host: str, emit: Emit, report: Callable[[str | None], None]
    ) -> None:
        client = aiomqtt.Client(
            host,
            int(config.get("port") or 1883),
            username=config.get("username") or None,
            password=config.get("password") or None,
            tls_context=_tls(config),
            keepalive=30,
            timeout=10,
        )
        async with client:
            qos = int(config.get("qos") or 1)
            for topic in topic_filters(config.get("topics")):
                await client.subscribe(topic, qos=qos)
            report(None)
            async for message in client.messages:
                topic = message.topic.value
                payload = message.payload if isinstance(message.payload, bytes) else str(message.payload or "").encode()
                if not payload:
                    continue  # an empty retained payload only clears the retained message
                try:
                    points = self.message_points(config, topic, payload, datetime.now(UTC))
                except ValueError as exc:
                    report(str(exc))
                    continue
                if points:
                    await emit(points)


SOURCE = MqttSource()
