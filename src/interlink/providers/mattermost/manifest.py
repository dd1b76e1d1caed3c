"""The catalog entry for Mattermost incoming webhooks."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="mattermost",
    name="Mattermost",
    direction=Direction.EGRESS,
    channel=Channel.CHAT,
    description="Post messages to a Mattermost channel through an incoming webhook.",
    properties=(
        Property(
            "webhookUrl",
            PropertyType.URL,
            "Webhook URL",
            description="https://<server>/hooks/<key>; the key is a secret.",
            required=True,
            secret=True,
        ),
        Property("channel", PropertyType.STRING, "Channel", description="Overrides the webhook's channel, if allowed."),
        Property("username", PropertyType.STRING, "User name", description="Shown as the poster, if allowed."),
    ),
    actions=(Action.TEST_SEND,),
    docs_url="https://developers.mattermost.com/integrate/webhooks/incoming/",
    aliases={"novu": "mattermost"},
)
