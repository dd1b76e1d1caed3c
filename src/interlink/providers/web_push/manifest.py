"""The catalog entry for Web Push (RFC 8030 with VAPID, RFC 8292)."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="web_push",
    name="Web Push",
    direction=Direction.EGRESS,
    channel=Channel.PUSH,
    description="Send encrypted push notifications to browsers subscribed with your VAPID key pair.",
    properties=(
        Property(
            "vapidPublicKey",
            PropertyType.STRING,
            "VAPID public key",
            description="Base64url, uncompressed P-256 point; browsers subscribe with it.",
            required=True,
        ),
        Property(
            "vapidPrivateKey",
            PropertyType.STRING,
            "VAPID private key",
            description="Base64url, the raw 32-byte P-256 private key.",
            required=True,
            secret=True,
        ),
        Property(
            "subject",
            PropertyType.STRING,
            "Contact",
            description="A mailto: or https: URL push services can reach you at (recommended by RFC 8292).",
        ),
        Property(
            "ttl",
            PropertyType.INTEGER,
            "Time to live",
            description="Seconds the push service keeps an undelivered notification (default one day).",
            default=86400,
        ),
        Property(
            "urgency",
            PropertyType.ENUM,
            "Urgency",
            description="RFC 8030 Urgency: lets a device on battery defer low-urgency notifications.",
            choices=("very-low", "low", "normal", "high"),
        ),
    ),
    actions=(Action.TEST_SEND,),
    docs_url="https://datatracker.ietf.org/doc/html/rfc8292",
    aliases={"campaign": "WEB_PUSH"},
)
