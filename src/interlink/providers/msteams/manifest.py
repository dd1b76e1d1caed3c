"""The catalog entry for Microsoft Teams, posting Adaptive Cards to a Workflows webhook."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="msteams",
    name="Microsoft Teams",
    direction=Direction.EGRESS,
    channel=Channel.CHAT,
    description="Post messages to a Teams channel through a Workflows "
    '"Post to a channel when a webhook request is received" flow.',
    properties=(
        Property(
            "webhookUrl",
            PropertyType.URL,
            "Workflow webhook URL",
            description="The signed URL the Workflows trigger shows; it carries its own signature.",
            required=True,
            secret=True,
        ),
    ),
    actions=(Action.TEST_SEND,),
    docs_url="https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/"
    "add-incoming-webhook",
    aliases={"novu": "msteams"},
)
