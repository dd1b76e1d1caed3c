"""WhatsApp's cheapest authenticated read: the sending number itself, ``GET /{phone-number-id}``.

An expired or revoked token (error 190, or HTTP 401) fails; a token Meta accepts that cannot read the number
(a wrong ID, or a token with no management permission) cannot tell whether sending works, so it is unknown.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from interlink.providers.whatsapp_business.sender import PUBLIC_BASE
from interlink.sdk import CannotSend, Transport, key_of
from interlink.sdk.checks import CheckResult, by_status, http_check, json_of
from interlink.sdk.http import one_line

INVALID_TOKEN = 190
CANNOT_READ = frozenset({10, 100, 200})  # permission denied, object not visible, permissions error


def read(status: int, _headers: Mapping[str, str], text: str) -> CheckResult:
    body = json_of(text)
    if status == 200:
        number = one_line(body.get("display_phone_number")) or "the phone number"
        name = one_line(body.get("verified_name"))
        return CheckResult.ok(f"WhatsApp accepted the token for {number}" + (f" ({name})" if name else ""), status)
    given = body.get("error")
    error: dict[str, Any] = given if isinstance(given, dict) else {}
    code = error.get("code")
    said = f"error {code}: {one_line(error.get('message'))}" if code is not None else ""
    if code == INVALID_TOKEN or status == 401:
        return CheckResult.failing(f"WhatsApp answered HTTP {status}: {said}".rstrip(": "), status)
    if code in CANNOT_READ:
        return CheckResult.unknown(f"Meta accepted the token but would not show the phone number: {said}", status)
    return by_status(status, said, "WhatsApp")


class WhatsAppBusinessVerifier:
    async def verify(self, config: Mapping[str, Any], transport: Transport) -> CheckResult:
        try:
            token = key_of(config, "apiToken", "an access token and a phone number ID", "phoneNumberIdentification")
        except CannotSend as exc:
            return CheckResult.failing(exc.detail)
        number_id = str(config["phoneNumberIdentification"]).strip()
        if not number_id.isdigit():
            return CheckResult.failing("the phone number ID must be the numeric ID Meta shows, not the phone number")
        base = str(config.get("baseUrl") or PUBLIC_BASE).rstrip("/")
        url = f"{base}/{quote(number_id)}?fields=display_phone_number,verified_name"
        headers = {"Authorization": f"Bearer {token}"}
        return await http_check(transport, "GET", url, read, "WhatsApp", headers=headers)


VERIFIER = WhatsAppBusinessVerifier()
