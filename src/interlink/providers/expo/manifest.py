"""The catalog entry for Expo push notifications."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="expo",
    name="Expo Push",
    direction=Direction.EGRESS,
    channel=Channel.PUSH,
    description="Send push notifications to Expo apps (ExponentPushToken[…]) through Expo's push service.",
    properties=(
        Property(
            "apiKey",
            PropertyType.STRING,
            "Access token",
            description="Only when the project enforces enhanced push security.",
            secret=True,
        ),
        Property("baseUrl", PropertyType.URL, "API base URL", description="Leave empty for https://exp.host."),
    ),
    actions=(Action.TEST_SEND,),
    docs_url="https://docs.expo.dev/push-notifications/sending-notifications/",
    aliases={"novu": "expo"},
)
