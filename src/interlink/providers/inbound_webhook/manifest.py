"""The catalog entry for generic inbound webhooks: any JSON, mapped by JMESPath, Standard Webhooks signatures."""

from interlink.sdk import Channel, Direction, Manifest, Property, PropertyType, ResourceKind


def _expression(key: str, label: str, default: str, description: str) -> Property:
    return Property(key, PropertyType.STRING, label, description=f"{description} Default: {default}", max_length=500)


MANIFEST = Manifest(
    id="inbound_webhook",
    name="Inbound webhook",
    direction=Direction.INGRESS,
    channel=Channel.ALERTS,
    description="Receive any JSON another system POSTs to this integration's inboundUrl and turn it into alerts. "
    "JMESPath expressions pick the title, description, urgency, third-party id, action and tags; "
    "POST /v2/integrations/{id}/preview shows what a sample becomes. With a signing secret, requests "
    "must be signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).",
    properties=(
        Property(
            "signingSecret",
            PropertyType.STRING,
            "Signing secret",
            description="A whsec_ secret; when set, requests must be signed per Standard Webhooks. Two secrets "
            "separated by a space are both accepted during a rotation.",
            secret=True,
        ),
        Property(
            "place",
            PropertyType.RESOURCE,
            "Place",
            description="The Place these alerts are about.",
            maps_to=ResourceKind.PLACE,
        ),
        _expression("titleExpression", "Title", "title || summary || message || name", "JMESPath for the title."),
        _expression("descriptionExpression", "Description", "description || details", "JMESPath for the description."),
        _expression("urgencyExpression", "Urgency", "urgency || severity || priority", "JMESPath for the urgency."),
        _expression("thirdPartyIdExpression", "Third-party id", "id || alert_id || key", "JMESPath for the id."),
        _expression(
            "actionExpression",
            "Action",
            "action || status || state",
            "JMESPath for what to do: create/firing/open, acknowledge, resolve/resolved/ok, or ignore.",
        ),
        _expression("tagsExpression", "Tags", "tags", "JMESPath for a list of tags."),
        _expression("dedupKeysExpression", "Dedup keys", "(none)", "JMESPath for a list of dedup keys."),
    ),
    docs_url="https://www.standardwebhooks.com/",
)
