"""The files of a new provider folder: manifest, sender or handler, and a test folder with one fixture to fill in.

An inbound provider's fixture is a raw payload, so its public page goes in the fixtures' ``SOURCES.txt``.

``interlink dev new-provider`` writes them; a provider is then born on the sending skeleton and the contract.
"""

from __future__ import annotations

from pathlib import Path

from interlink.sdk.manifest import ID_PATTERN
from interlink.sdk.testing.sources import SIDECAR

MANIFEST = '''"""The catalog entry for {name}."""

from interlink.sdk import {imports}

MANIFEST = Manifest(
    id="{id}",
    name="{name}",
    direction=Direction.{direction},
    channel=Channel.{channel},
    description="{description}",
    properties=(
{properties}    ),{actions}
    docs_url="",
)
'''
EGRESS_PROPERTIES = """        Property("apiKey", PropertyType.STRING, "API key", required=True, secret=True),
        Property("baseUrl", PropertyType.URL, "API base URL", default="https://api.example.com"),
"""
INGRESS_PROPERTIES = """        Property("signingSecret", PropertyType.STRING, "Signing secret", secret=True),
"""
SENDER = '''"""Sends a message through {name}: declare the request and how to read the answer; the sdk does the rest."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interlink.sdk import Answer, HttpSender, OutboundMessage, Request, key_of, text_of


class {cls}Sender(HttpSender):
    """One POST per message, authenticated with the integration's API key."""

    service = "{name}"

    def request(self, message: OutboundMessage, config: Mapping[str, Any]) -> Request:
        key = key_of(config, "apiKey", "a valid API key")
        base = str(config.get("baseUrl") or "https://api.example.com").rstrip("/")
        body = {{"to": message.recipient, "text": text_of(message), "reference": message.id}}
        return Request(f"{{base}}/messages", headers={{"Authorization": f"Bearer {{key}}"}}, json=body)

    def message_id(self, answer: Answer) -> str | None:
        found = answer.fields.get("id")
        return str(found) if found else None

    def problem(self, answer: Answer) -> str:
        return str(answer.fields.get("message") or "")


SENDER = {cls}Sender()
'''
HANDLER = '''"""Reads {name}'s inbound webhooks: ``verify`` checks the request, ``interpret`` says what it means."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import Any

import orjson


def verify(headers: Mapping[str, str], body: bytes, config: Mapping[str, Any]) -> bool:
    """The request carries the signature {name} documents (an HMAC-SHA256 of the body, as an example)."""
    secret = str(config.get("signingSecret") or "").encode()
    wanted = hmac.new(secret, body, hashlib.sha256).hexdigest()
    return bool(secret) and hmac.compare_digest(headers.get("X-Signature", ""), wanted)


def interpret(headers: Mapping[str, str], body: bytes) -> list[dict[str, Any]]:
    """The alert actions the event means (create, acknowledge, resolve or ignore), with their fields."""
    event = orjson.loads(body)
    return [{{"action": "create", "dedupKey": str(event.get("id") or ""), "title": str(event.get("title") or "")}}]
'''
CONTRACT = '''"""{name}'s case of the provider contract: its documented answers for each way a send can end."""

from __future__ import annotations

from pathlib import Path

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import HttpCase, fixtures, plain

BOOK = fixtures(Path(__file__).parent)
API_KEY = "{id}-test-key-0123456789"
MESSAGE = OutboundMessage(id="msg_01TEST{upper}", channel="{channel_value}", recipient={{}}, text="Hello")


def config(base: str) -> dict[str, object]:
    return {{"apiKey": API_KEY, "baseUrl": base}}


CASE = HttpCase(
    provider="{id}",
    config=config,
    message=MESSAGE,
    success=BOOK.reply("send__accepted"),
    rate_limited=plain(429, {{"Retry-After": "7"}}),
    rate_limit_wait=7.0,
    rate_limited_bare=plain(429),
    permanent=plain(401),
)
'''
HANDLER_TEST = '''"""{name}'s inbound handler over its documented payloads."""

from __future__ import annotations

from pathlib import Path

import orjson

from interlink.providers.{id}.handler import interpret
from interlink.sdk.testing import fixtures

BOOK = fixtures(Path(__file__).parent)


def test_the_documented_event_creates_an_alert() -> None:
    event = BOOK.load("event__created")
    [action] = interpret({{}}, orjson.dumps(event))
    assert action["action"] == "create"
'''
FIXTURE = """{{
  "source": "TODO: the https:// page of {name}'s documentation this {what} was copied from",
  {fields}
}}
"""
RAW_FIXTURE = """{"id": "fill-in", "title": "fill in"}
"""
SOURCES = """# Where each raw payload here was copied from: <fixture> <https://page> [note] (they are sent as they are).
{fixture} TODO: the https:// page of {name}'s documentation this payload was copied from
"""


def scaffold(provider: str, direction: str, channel: str, src: Path, tests: Path) -> list[Path]:
    """Write the new provider's folder under ``src`` and its test folder under ``tests``; return what was written."""
    if not ID_PATTERN.match(provider):
        raise ValueError(f"{provider!r} is not a provider id: lowercase letters, digits and underscores")
    folder, test_folder = src / provider, tests / provider
    if folder.exists() or test_folder.exists():
        raise ValueError(f"{provider!r} exists already")
    name = provider.replace("_", " ").title()
    egress = direction == "egress"
    fields = dict(id=provider, name=name, channel=channel.upper(), channel_value=channel, upper=provider.upper())
    files = {
        folder / "__init__.py": f'"""{name}."""\n',
        folder / "manifest.py": MANIFEST.format(
            **fields,
            imports="Action, Channel, Direction, Manifest, Property, PropertyType" if egress
            else "Channel, Direction, Manifest, Property, PropertyType",
            direction="EGRESS" if egress else "INGRESS",
            description=f"{'Send through' if egress else 'Receive events from'} {name}.",
            properties=EGRESS_PROPERTIES if egress else INGRESS_PROPERTIES,
            actions="\n    actions=(Action.TEST_SEND,)," if egress else "",
        ),
        test_folder / "__init__.py": "",
    }  # fmt: skip
    if egress:
        files[folder / "sender.py"] = SENDER.format(**fields, cls=name.replace(" ", ""))
        files[test_folder / "contract.py"] = CONTRACT.format(**fields)
        files[test_folder / "fixtures" / "send__accepted.json"] = FIXTURE.format(
            name=name, what="answer", fields='"status": 200,\n  "body": {"id": "fill-in"}'
        )
    else:
        files[folder / "handler.py"] = HANDLER.format(**fields)
        files[test_folder / "test_handler.py"] = HANDLER_TEST.format(**fields)
        files[test_folder / "fixtures" / "event__created.json"] = RAW_FIXTURE
        files[test_folder / "fixtures" / SIDECAR] = SOURCES.format(fixture="event__created", name=name)
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return list(files)
