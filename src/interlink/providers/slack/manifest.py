"""The catalog entry for Slack: an incoming-webhook URL, or a bot token and a channel."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="slack",
    name="Slack",
    direction=Direction.EGRESS,
    channel=Channel.CHAT,
    description="Post messages to a Slack channel through an incoming webhook or a bot (chat.postMessage).",
    properties=(
        Property("mode", PropertyType.ENUM, "Connect with", choices=("WEBHOOK", "BOT"), default="WEBHOOK"),
        Property(
            "webhookUrl",
            PropertyType.URL,
            "Incoming webhook URL",
            description="https://hooks.slack.com/services/...",
            secret=True,
            required_when=("mode", ("WEBHOOK",)),
        ),
        Property(
            "apiToken",
            PropertyType.STRING,
            "Bot token",
            description="Starts with xoxb-.",
            secret=True,
            required_when=("mode", ("BOT",)),
        ),
        Property(
            "channel",
            PropertyType.STRING,
            "Channel",
            description="A channel ID such as C0123456789.",
            required_when=("mode", ("BOT",)),
        ),
        Property(
            "baseUrl",
            PropertyType.URL,
            "API base URL",
            description="Leave empty for https://slack.com/api; "
            "set it to reach the Slack Web API through a proxy or a test server. Used in BOT mode.",
        ),
    ),
    actions=(Action.TEST_SEND, Action.VERIFY),
    docs_url="https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks",
    aliases={"novu": "slack"},
)
