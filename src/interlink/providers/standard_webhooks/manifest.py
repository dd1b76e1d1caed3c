"""The catalog entry for senders that sign their webhooks per the Standard Webhooks specification."""

from interlink.sdk import Channel, Direction, Manifest, Property, PropertyType


def _expression(key: str, label: str, default: str) -> Property:
    return Property(key, PropertyType.STRING, label, description=f"JMESPath. Default: {default}", max_length=500)


MANIFEST = Manifest(
    id="standard_webhooks",
    name="Standard Webhooks sender",
    direction=Direction.INGRESS,
    channel=Channel.ALERTS,
    description="Receive webhooks from any sender that signs per Standard Webhooks (webhook-id, "
    "webhook-timestamp, webhook-signature; Svix and others). Every request must be signed with the secret "
    "(generated when not given). The event's type is the title and its data.id the third-party id; an event "
    "type ending in .resolved or .acknowledged resolves or acknowledges. JMESPath expressions can override.",
    properties=(
        Property(
            "signingSecret",
            PropertyType.WEBHOOK_SECRET,
            "Signing secret",
            description="The whsec_ secret the sender signs with; two separated by a space during a rotation.",
            secret=True,
        ),
        _expression("titleExpression", "Title", "type"),
        _expression("descriptionExpression", "Description", "data.description || data.message"),
        _expression("urgencyExpression", "Urgency", "data.urgency || data.severity"),
        _expression("thirdPartyIdExpression", "Third-party id", "data.id"),
        _expression("actionExpression", "Action", "type"),
        _expression("tagsExpression", "Tags", "[type]"),
        _expression("dedupKeysExpression", "Dedup keys", "(none)"),
    ),
    docs_url="https://www.standardwebhooks.com/",
)
