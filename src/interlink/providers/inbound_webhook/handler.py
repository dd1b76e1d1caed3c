"""Generic JSON: JMESPath expressions pick an alert out of any payload; Standard Webhooks signatures if set."""

from __future__ import annotations

from datetime import datetime

from interlink.sdk.alert_mapping import map_payload, verify_standard_webhook
from interlink.sdk.inbound import AlertAction, BaseHandler, InboundRequest, Verdict

DEFAULTS = {
    "titleExpression": "title || summary || message || name",
    "descriptionExpression": "description || details",
    "urgencyExpression": "urgency || severity || priority",
    "thirdPartyIdExpression": "id || alert_id || key",
    "actionExpression": "action || status || state",
    "tagsExpression": "tags",
    "dedupKeysExpression": "",
}


class GenericWebhookHandler(BaseHandler):
    def verify(self, request: InboundRequest, secrets: list[str], now: datetime) -> Verdict:
        return verify_standard_webhook(request, secrets, now) if secrets else Verdict.accept()

    def interpret(self, request: InboundRequest) -> list[AlertAction]:
        payload = request.json()
        items = payload if isinstance(payload, list) else [payload]
        return [map_payload(item, request.options, DEFAULTS, "Inbound webhook alert") for item in items[:100]]


HANDLER = GenericWebhookHandler()
