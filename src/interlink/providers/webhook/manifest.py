"""The catalog entry for outbound webhooks: a signed JSON request with auth NONE, BASIC or DIGEST."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

_AUTH = ("BASIC", "DIGEST")

MANIFEST = Manifest(
    id="webhook",
    name="Webhook",
    direction=Direction.EGRESS,
    channel=Channel.WEBHOOK,
    description="POST a JSON payload to your own HTTP endpoint, signed per Standard Webhooks.",
    properties=(
        Property("url", PropertyType.URL, "Endpoint URL", required=True),
        Property("method", PropertyType.ENUM, "HTTP method", choices=("POST", "PUT", "PATCH"), default="POST"),
        Property(
            "headers",
            PropertyType.HEADERS,
            "Extra headers",
            description="Sent with every request. Write-only and stored encrypted: responses name the headers set.",
            secret=True,
        ),
        Property("authType", PropertyType.ENUM, "Authentication", choices=("NONE", *_AUTH), default="NONE"),
        Property("username", PropertyType.STRING, "Username", secret=True, required_when=("authType", _AUTH)),
        Property("password", PropertyType.STRING, "Password", secret=True, required_when=("authType", _AUTH)),
        Property(
            "signingSecret",
            PropertyType.WEBHOOK_SECRET,
            "Signing secret",
            description="A whsec_ secret used to sign each request.",
            secret=True,
        ),
        Property("timeoutSeconds", PropertyType.INTEGER, "Timeout in seconds", default=10),
    ),
    actions=(Action.TEST_SEND,),
)
