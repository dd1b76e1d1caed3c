"""The skeleton of every HTTP sender: a provider declares its request and how to read the answer, nothing else.

The skeleton owns what all of them share: the outbound URL policy, the timeout, a capped body read,
the mapping of transport failures (a typed refusal fails, anything else is retried) and the three-way result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar
from urllib.parse import urlencode

import aiohttp
import orjson
from yarl import URL

from interlink.sdk.http import MAX_BODY, one_line, transport_failure, usable_key
from interlink.sdk.outbound import OutboundRefused
from interlink.sdk.sending import OutboundMessage, Outcome, SendResult, Transport, parse_retry_after

MAX_EXCERPT = 500
MAX_DETAIL = 300


class CannotSend(Exception):
    """The message or the integration cannot be sent as it is; no retry can fix it, so the send fails over."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class Misconfigured(CannotSend):
    """The integration's settings lack something the provider needs."""

    def __init__(self, what: str) -> None:
        super().__init__(f"the integration is misconfigured: {what}")


@dataclass(frozen=True)
class Request:
    """What a sender wants sent: one of ``json``, ``form`` or ``data`` is the body."""

    url: str | URL
    method: str = "POST"
    headers: Mapping[str, str] = field(default_factory=dict)
    json: Any = None
    form: Mapping[str, str] | Sequence[tuple[str, str]] | None = None
    data: bytes | None = None
    timeout: float | None = None  # never above the transport's own
    options: Mapping[str, Any] = field(default_factory=dict)  # further aiohttp request options (e.g. middlewares)
    note: str = ""  # the sender's own label (e.g. which of its endpoints), read back from the answer

    def body(self) -> tuple[dict[str, str], Any]:
        """Headers and the payload aiohttp sends; JSON gets its content type unless the sender chose one."""
        headers = dict(self.headers)
        if self.json is not None:
            if not any(name.lower() == "content-type" for name in headers):
                headers["Content-Type"] = "application/json"
            return headers, orjson.dumps(self.json)
        if self.form is not None:
            if not any(name.lower() == "content-type" for name in headers):
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            pairs = list(self.form.items()) if isinstance(self.form, Mapping) else list(self.form)
            return headers, urlencode(pairs).encode()
        return headers, self.data


@dataclass(frozen=True)
class Answer:
    """A provider's answer: status, headers and the start of the body, read up to the sender's cap."""

    status: int
    headers: Mapping[str, str]
    text: str
    request: Request | None = None

    @cached_property
    def json(self) -> Any:
        """The body as JSON, or None when it is not JSON."""
        try:
            return orjson.loads(self.text) if self.text else None
        except orjson.JSONDecodeError:
            return None

    @property
    def fields(self) -> dict[str, Any]:
        """The body as a JSON object; empty when it is something else."""
        found = self.json
        return found if isinstance(found, dict) else {}

    @property
    def excerpt(self) -> str | None:
        return self.text[:MAX_EXCERPT] or None


def by_status(status: int) -> Outcome:
    """The usual reading of a status: 2xx delivered; 408, 425, 429 and 5xx retried; the rest failed."""
    if 200 <= status < 300:
        return Outcome.DELIVERED
    if status in (408, 425, 429) or status >= 500:
        return Outcome.RETRY
    return Outcome.FAILED


def seconds(value: object) -> float | None:
    """A non-negative number of seconds from a JSON value, or None."""
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return float(value)
    return None


def key_of(config: Mapping[str, Any], key: str, what: str, *needed: str) -> str:
    """A credential that can travel in a header as given, with the ``needed`` settings present.

    ``Misconfigured`` naming ``what`` otherwise.
    """
    value = str(config.get(key) or "")
    if not usable_key(value) or not all(str(config.get(other) or "").strip() for other in needed):
        raise Misconfigured(f"it needs {what}")
    return value


def recipient_of(message: OutboundMessage, key: str) -> str:
    """The recipient's ``key`` (``email``, ``phone``, …); ``CannotSend`` when the message names none."""
    value = message.recipient.get(key)
    if isinstance(value, bool) or not isinstance(value, str | int) or not str(value).strip():
        raise CannotSend(f"the message names no {key} recipient")
    return str(value).strip()


def text_of(message: OutboundMessage, joiner: str = "{subject}\n{text}", limit: int = 0) -> str:
    """The subject and text joined as the provider shows them (or whichever there is), cut to ``limit``.

    ``CannotSend`` when the message has neither.
    """
    subject, text = (message.subject or "").strip(), (message.text or "").strip()
    joined = joiner.format(subject=subject, text=text) if subject and text else subject or text
    if not joined:
        raise CannotSend("the message has no text to send")
    return joined if not limit or len(joined) <= limit else joined[: limit - 1] + "…"


def basic_auth(user: str, password: str) -> str:
    """An ``Authorization: Basic`` value; a user name with ``:`` cannot be sent."""
    if ":" in user:
        raise Misconfigured("the user name must not contain ':' for Basic auth")
    return aiohttp.encode_basic_auth(user, password)


class HttpSender:
    """Subclass and declare ``request``; override the reading hooks where the provider's answers need it.

    ``read`` turns an answer into a result from four hooks: ``outcome`` (status and any "200 but failed"
    shape), ``message_id`` (the success shape; ``id_field`` is enough for a JSON field), ``problem`` (the
    provider's words for a failure; ``problem_field`` likewise) and ``wait`` (its rate-limit signal).
    Details read ``HTTP <status>: <problem>``.
    """

    service: ClassVar[str] = ""  # the provider's name, in details of failures without an answer
    max_read: ClassVar[int] = MAX_BODY
    id_field: ClassVar[str] = ""  # the field of a JSON success answer that holds the provider's message id
    problem_field: ClassVar[str] = ""  # the field of a JSON error answer that holds the provider's words

    def request(self, message: OutboundMessage, config: Mapping[str, Any]) -> Request:
        """The request for this message; raise ``CannotSend`` when the message or settings cannot be sent."""
        raise NotImplementedError

    def outcome(self, answer: Answer) -> Outcome:
        return by_status(answer.status)

    def message_id(self, answer: Answer) -> str | None:
        """By default the ``id_field`` of a JSON answer."""
        found = answer.fields.get(self.id_field) if self.id_field else None
        return str(found) if found not in (None, "") else None

    def problem(self, answer: Answer) -> str:
        """By default the ``problem_field`` of a JSON answer, or the first words of a plain-text one."""
        if not self.problem_field:
            return ""
        return one_line(answer.fields.get(self.problem_field) if answer.json is not None else answer.text)[:200]

    def wait(self, answer: Answer) -> float | None:
        return parse_retry_after(answer.headers.get("Retry-After"))

    def read(self, answer: Answer) -> SendResult:
        outcome = self.outcome(answer)
        if outcome is Outcome.DELIVERED:
            return SendResult.delivered(
                answer.status, provider_message_id=self.message_id(answer), response_excerpt=answer.excerpt
            )
        problem = self.problem(answer)
        detail = (f"HTTP {answer.status}: {problem}" if problem else f"HTTP {answer.status}")[:MAX_DETAIL]
        if outcome is Outcome.RETRY:
            return SendResult.retry(detail, answer.status, self.wait(answer), response_excerpt=answer.excerpt)
        return SendResult.failed(detail, answer.status, response_excerpt=answer.excerpt)

    async def send(self, message: OutboundMessage, config: Mapping[str, Any], transport: Transport) -> SendResult:
        try:
            request = self.request(message, config)
        except CannotSend as exc:
            return SendResult.failed(exc.detail)
        refused = transport.check_url(str(request.url))
        if refused:
            return SendResult.failed(refused)
        limit = transport.timeout if request.timeout is None else min(request.timeout, transport.timeout)
        headers, payload = request.body()
        try:
            status, answered, text = await transport.exchange(
                request.method,
                request.url,
                headers,
                payload,
                timeout=limit,
                max_read=self.max_read,
                options=request.options,
            )
        except OutboundRefused as exc:
            return SendResult.failed(exc.reason)
        except (TimeoutError, OSError, aiohttp.ClientError) as exc:
            return transport_failure(exc, limit, self.service)
        return self.read(Answer(status, answered, text, request))
