"""The catalog entry for Telegram bots."""

from interlink.sdk import Channel, Direction, Manifest, Property, PropertyType

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
    ),
    docs_url="https://core.telegram.org/bots/api#sendmessage",
    aliases={"novu": "telegram"},
)
