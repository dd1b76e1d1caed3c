"""Slack: ``auth.test`` for a bot token; an incoming webhook has no read, so its check is unknown."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interlink.providers.slack.sender import PUBLIC_BASE
from interlink.sdk import Transport
from interlink.sdk.checks import CheckResult, by_status, http_check, json_of


def read(status: int, _headers: Mapping[str, str], text: str) -> CheckResult:
    body = json_of(text)
    if status != 200:
        return by_status(status, str(body.get("error") or ""), "Slack")
    if body.get("ok") is True:
        return CheckResult.ok(f"signed in to {body.get('team') or 'the workspace'} as {body.get('user') or 'the bot'}")
    return CheckResult.failing(f"Slack: {body.get('error') or 'not ok'}", status)


class SlackVerifier:
    async def verify(self, config: Mapping[str, Any], transport: Transport) -> CheckResult:
        if config.get("mode") != "BOT":
            return CheckResult.unknown("an incoming webhook can only be checked by sending (use test-send)")
        url = str(config.get("baseUrl") or PUBLIC_BASE).rstrip("/") + "/auth.test"
        headers = {"Authorization": f"Bearer {config.get('apiToken') or ''}"}
        return await http_check(transport, "POST", url, read, "Slack", headers=headers)


VERIFIER = SlackVerifier()
