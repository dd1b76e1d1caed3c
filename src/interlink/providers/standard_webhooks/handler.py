"""Standard Webhooks: every request signed; ``{type, timestamp, data}`` mapped by JMESPath."""

from __future__ import annotations

from datetime import datetime

from interlink.sdk.alert_mapping import map_payload, verify_standard_webhook
from interlink.sdk.inbound import AlertAction, BaseHandler, InboundRequest, Verdict

DEFAULTS = {
    "titleExpression": "type",
    "descriptionExpression": "data.description || data.message",
    "urgencyExpression": "data.urgency || data.severity",
    "thirdPartyIdExpression": "data.id",
    "actionExpression": "type",
    "tagsExpression": "[type]",
    "dedupKeysExpression": "",
}


class StandardWebhooksHandler(BaseHandler):
    def verify(self, request: InboundRequest, secrets: list[str], now: datetime) -> Verdict:
        if not secrets:
            return Verdict.refuse("the integration has no signing secret")
        return verify_standard_webhook(request, secrets, now)

    def interpret(self, request: InboundRequest) -> list[AlertAction]:
        payload = request.json()
        if not isinstance(payload, dict):
            raise ValueError("a Standard Webhooks body is a JSON object")
        return [map_payload(payload, request.options, DEFAULTS, "Webhook event")]


HANDLER = StandardWebhooksHandler()
