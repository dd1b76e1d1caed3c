"""The catalog entry for Discord channel webhooks."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="discord",
    name="Discord",
    direction=Direction.EGRESS,
    channel=Channel.CHAT,
    description="Post messages to a Discord channel through one of its webhooks.",
    properties=(
        Property(
            "webhookUrl",
            PropertyType.URL,
            "Webhook URL",
            description="https://discord.com/api/webhooks/{id}/{token}",
            required=True,
            secret=True,
        ),
    ),
    actions=(Action.TEST_SEND, Action.VERIFY),
    docs_url="https://discord.com/developers/docs/resources/webhook#execute-webhook",
    aliases={"novu": "discord"},
)
