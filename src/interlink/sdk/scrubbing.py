"""One place that keeps credentials out of what a send reports: details, excerpts and log lines.

The delivery engine builds a ``Scrubber`` from the manifest's secret fields and the integration's values and
passes every result through it, whatever the sender wrote; senders do not scrub by hand.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from interlink.sdk.manifest import Manifest
from interlink.sdk.sending import SendResult

MASK = "***"
MIN_SECRET = 4  # shorter values cannot be told apart from ordinary text
_URL = re.compile(r"[a-z][a-z0-9+.-]*://[^\s\"'<>]+", re.IGNORECASE)
_USERINFO = re.compile(r"(://)[^/@\s]+@")
_TOKEN_PARAM = re.compile(
    r"([?&;](?:[a-z0-9_-]*(?:token|key|secret|sig|signature|password|passwd|auth|code|credential)[a-z0-9_-]*)=)[^&#\s]+",
    re.IGNORECASE,
)
_TOKEN_SEGMENT = re.compile(r"/(?=[A-Za-z0-9_:.-]*[0-9])(?=[A-Za-z0-9_:.-]*[A-Za-z])[A-Za-z0-9_:.-]{20,}")
_URL_PIECE = re.compile(r"[/@:]")
_BASE64 = re.compile(r"[A-Za-z0-9+/_-]{12,}={0,2}")
_AUTHORIZATION = re.compile(r"\b(Basic|Bearer|Token|Digest|ApiKey|AUTH PLAIN|AUTH LOGIN)\s+[A-Za-z0-9+/=._~:-]{8,}")


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _strings(item)


def _forms(secret: str) -> Iterator[str]:
    """The secret and the ways a request may have carried it: URL-encoded, and the parts of a secret URL."""
    yield secret
    yield quote(secret, safe="")
    yield quote(secret)
    try:
        parts = urlsplit(secret)
    except ValueError:
        return
    if parts.scheme in ("http", "https") and parts.netloc:
        yield parts.path
        yield from (segment for segment in parts.path.split("/") if len(segment) >= 16)
        yield from (value for _, value in parse_qsl(parts.query))
        if parts.password:
            yield parts.password
    elif parts.scheme and parts.netloc:  # a service URL (an Apprise URL): its host and path may be tokens too
        for piece in _URL_PIECE.split(parts.netloc + parts.path):
            yield piece
            yield unquote(piece)
        yield from (value for _, value in parse_qsl(parts.query))


def mask_urls(text: str) -> str:
    """Blank the common token shapes in URLs: user info, token-like query values and long random path segments."""

    def one(match: re.Match[str]) -> str:
        url = _USERINFO.sub(r"\1" + MASK + "@", match.group(0))
        url = _TOKEN_PARAM.sub(r"\1" + MASK, url)
        return _TOKEN_SEGMENT.sub("/" + MASK, url)

    return _URL.sub(one, text)


class Scrubber:
    """Removes every given secret value (in the forms a request carries it) and URL token shapes from text."""

    def __init__(self, secrets: Iterable[str]) -> None:
        kept = [secret for secret in secrets if len(secret) >= MIN_SECRET]
        found = {form for secret in kept for form in _forms(secret)}
        self._values = sorted((v for v in found if len(v) >= MIN_SECRET), key=len, reverse=True)
        self._raw = [secret.encode() for secret in kept]

    def _encoded(self, match: re.Match[str]) -> str:
        """A base64 run that decodes to something holding a secret (Basic auth, SMTP AUTH PLAIN) is masked."""
        run = match.group(0)
        try:
            alphabet = b"-_" if "-" in run or "_" in run else None
            decoded = base64.b64decode(run + "=" * (-len(run) % 4), altchars=alphabet)
        except ValueError:
            return run
        return MASK if any(secret in decoded for secret in self._raw) else run

    @classmethod
    def of(cls, manifest: Manifest | None, config: Mapping[str, Any]) -> Scrubber:
        """A scrubber for the values of the manifest's secret fields in an integration's configuration."""
        keys = manifest.secret_keys if manifest is not None else frozenset()
        return cls(s for key in keys for s in _strings(config.get(key)))

    def text(self, text: str) -> str:
        if not text:  # most results of a delivered send carry no detail
            return text
        for value in self._values:
            text = text.replace(value, MASK)
        if self._raw:
            text = _BASE64.sub(self._encoded, text)
        return _AUTHORIZATION.sub(r"\1 " + MASK, mask_urls(text))

    def maybe(self, text: str | None) -> str | None:
        return None if text is None else self.text(text)

    def result(self, result: SendResult) -> SendResult:
        """The result with its detail, excerpt and provider id scrubbed; the very result when none of them changes."""
        detail = self.text(result.detail)
        excerpt = self.maybe(result.response_excerpt)
        provider_id = self.maybe(result.provider_message_id)
        if (detail, excerpt, provider_id) == (result.detail, result.response_excerpt, result.provider_message_id):
            return result  # immutable, so nothing is lost by not copying it
        return replace(result, detail=detail, response_excerpt=excerpt, provider_message_id=provider_id)
