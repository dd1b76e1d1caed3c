"""The catalog entry for Telegram bots."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="telegram",
    name="Telegram",
    direction=Direction.EGRESS,
    channel=Channel.CHAT,
    description="Send messages to a Telegram chat, group or channel through a bot.",
    properties=(
        Property(
            "apiToken",
            PropertyType.STRING,
            "Bot token",
            description="The token BotFather gave you.",
            required=True,
            secret=True,
        ),
        Property(
            "chatId",
            PropertyType.STRING,
            "Chat ID",
            description="A numeric chat ID, or @channelusername for a public channel.",
            required=True,
        ),
        Property(
            "baseUrl",
            PropertyType.URL,
            "API base URL",
            description="Leave empty for https://api.telegram.org; "
            "set it to reach the Telegram Bot API through a proxy or a test server.",
        ),
    ),
    actions=(Action.TEST_SEND, Action.VERIFY),
    docs_url="https://core.telegram.org/bots/api#sendmessage",
    aliases={"novu": "telegram"},
)
