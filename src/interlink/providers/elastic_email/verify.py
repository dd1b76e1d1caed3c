"""Elastic Email's cheapest authenticated read: ``GET /v4/domains`` (access level ViewSettings).

A key limited to sending is refused there with 403 though it is valid, so a 403 cannot tell: ``unknown``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interlink.providers.elastic_email.sender import SENDER, endpoint
from interlink.sdk import Answer, Transport
from interlink.sdk.checks import CheckResult, by_status, http_check


def read(status: int, headers: Mapping[str, str], text: str) -> CheckResult:
    if status == 200:
        return CheckResult.ok("Elastic Email accepted the API key", status)
    said = SENDER.problem(Answer(status, headers, text))
    if status == 403:
        words = f"Elastic Email answered HTTP 403: {said}".rstrip(": ")
        return CheckResult.unknown(f"{words} (the key may lack ViewSettings, which sending does not need)", status)
    return by_status(status, said, "Elastic Email")


class ElasticEmailVerifier:
    async def verify(self, config: Mapping[str, Any], transport: Transport) -> CheckResult:
        url = endpoint(config).removesuffix("/emails/transactional") + "/domains"
        headers = {"X-ElasticEmail-ApiKey": str(config.get("apiKey") or ""), "Accept": "application/json"}
        return await http_check(transport, "GET", url, read, "Elastic Email", headers=headers)


VERIFIER = ElasticEmailVerifier()
