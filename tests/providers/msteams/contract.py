"""Teams' case of the provider contract: a Workflows trigger URL, its documented answers."""

from __future__ import annotations

from pathlib import Path

from interlink.sdk import OutboundMessage
from interlink.sdk.testing import HttpCase, Recorded, fixtures, plain

BOOK = fixtures(Path(__file__).parent)
SIG = "1A2b3C4d5E6f7G8h9I0jKlMnOpQrStUvWxYz-_abcdE"
FLOW_PATH = "/workflows/4b1e7e7a0f2c4d5e9a8b7c6d5e4f3a2b/triggers/manual/paths/invoke"
FLOW_QUERY = f"api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig={SIG}"
MESSAGE = OutboundMessage(
    id="msg_01HZYTESTTEAMS00000000001",
    channel="chat",
    recipient={},
    text="Hello",
)


def config(base: str) -> dict[str, object]:
    return {"webhookUrl": f"{base}{FLOW_PATH}?{FLOW_QUERY}"}


def signed_as_given(request: Recorded) -> None:
    assert request.path == f"{FLOW_PATH}?{FLOW_QUERY}"


THROTTLED = '{"error": {"code": "WorkflowTriggeredRequestsThrottled", "message": "Rate limit reached"}}'
CASE = HttpCase(
    provider="msteams",
    config=config,
    message=MESSAGE,
    success=BOOK.reply("workflow_trigger"),
    rate_limited=plain(429, {"Retry-After": "20", "Content-Type": "application/json"}, THROTTLED),
    rate_limit_wait=20.0,
    rate_limited_bare=plain(429, {"Content-Type": "application/json"}, THROTTLED),
    permanent=BOOK.reply("workflow_trigger__unauthorized"),
    request_check=signed_as_given,
)
