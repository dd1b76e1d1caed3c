"""The catalog entry for receiving SMS through Twilio (a Messaging webhook)."""

from interlink.sdk import Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="twilio_inbound",
    name="Twilio SMS (incoming)",
    direction=Direction.INGRESS,
    channel=Channel.ALERTS,
    description="Receive SMS sent to a Twilio number (set this integration's inboundUrl as the number's "
    "Messaging webhook): each message opens an alert. Requests must carry a valid X-Twilio-Signature. "
    "Sending SMS is the separate twilio type.",
    properties=(
        Property(
            "authToken",
            PropertyType.STRING,
            "Auth token",
            description="The Twilio account's auth token, which signs every webhook.",
            secret=True,
            required=True,
        ),
        Property(
            "previousAuthToken",
            PropertyType.STRING,
            "Previous auth token",
            description="Also accepted while the account moves to a new (secondary) auth token.",
            secret=True,
        ),
        Property(
            "publicBaseUrl",
            PropertyType.URL,
            "Public base URL",
            description="The scheme and host Twilio calls (e.g. https://alerts.example.com) when Interlink runs "
            "behind a proxy; Twilio signs the URL exactly as it called it.",
        ),
    ),
    docs_url="https://www.twilio.com/docs/usage/webhooks/webhooks-security",
)
