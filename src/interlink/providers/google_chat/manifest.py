"""The catalog entry for Google Chat incoming webhooks."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="google_chat",
    name="Google Chat",
    direction=Direction.EGRESS,
    channel=Channel.CHAT,
    description="Post messages to a Google Chat space through an incoming webhook.",
    properties=(
        Property(
            "webhookUrl",
            PropertyType.URL,
            "Webhook URL",
            description="https://chat.googleapis.com/v1/spaces/…/messages?key=…&token=…; a secret.",
            required=True,
            secret=True,
        ),
    ),
    actions=(Action.TEST_SEND,),
    docs_url="https://developers.google.com/workspace/chat/quickstart/webhooks",
)
