"""The catalog entry for OneSignal push notifications."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="onesignal",
    name="OneSignal",
    direction=Direction.EGRESS,
    channel=Channel.PUSH,
    description="Send push notifications through OneSignal to a subscription or an external user id.",
    properties=(
        Property("applicationId", PropertyType.STRING, "App ID", required=True),
        Property("apiKey", PropertyType.STRING, "App REST API key", required=True, secret=True),
        Property("baseUrl", PropertyType.URL, "API base URL", description="Leave empty for https://api.onesignal.com."),
    ),
    actions=(Action.TEST_SEND, Action.VERIFY),
    docs_url="https://documentation.onesignal.com/reference/push-notification",
    aliases={"novu": "one-signal"},
)
