"""The catalog entry for APNs with token-based (.p8 key) authentication."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="apns",
    name="Apple Push Notification service",
    direction=Direction.EGRESS,
    channel=Channel.PUSH,
    description="Send push notifications to Apple devices through APNs, signed with a .p8 auth key.",
    properties=(
        Property(
            "keyId",
            PropertyType.STRING,
            "Key ID",
            description="The 10-character ID of the auth key.",
            required=True,
            max_length=10,
        ),
        Property(
            "teamId",
            PropertyType.STRING,
            "Team ID",
            description="Your 10-character Apple team ID.",
            required=True,
            max_length=10,
        ),
        Property(
            "bundleId",
            PropertyType.STRING,
            "Bundle ID",
            description="The app's bundle ID (apns-topic).",
            required=True,
            editable=False,
        ),
        Property(
            "privateKey",
            PropertyType.TEXT,
            "Auth key (.p8)",
            description="The contents of the .p8 file, including the BEGIN/END lines.",
            required=True,
            secret=True,
        ),
        Property(
            "production",
            PropertyType.BOOLEAN,
            "Production",
            description="Off sends to the sandbox (development builds).",
            default=False,
        ),
        Property(
            "baseUrl",
            PropertyType.URL,
            "API base URL",
            description="Leave empty for Apple's production or sandbox host (chosen by Production).",
        ),
    ),
    actions=(Action.TEST_SEND,),
    docs_url="https://developer.apple.com/documentation/usernotifications/sending-notification-requests-to-apns",
    aliases={"novu": "apns"},
)
