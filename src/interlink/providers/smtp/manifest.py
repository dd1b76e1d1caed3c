"""The catalog entry for email sent through your own SMTP server."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="smtp",
    name="SMTP",
    direction=Direction.EGRESS,
    channel=Channel.EMAIL,
    description="Send email through any SMTP server, with STARTTLS or implicit TLS.",
    properties=(
        Property("host", PropertyType.STRING, "Host", description="e.g. smtp.example.com", required=True),
        Property("port", PropertyType.INTEGER, "Port", description="587 for STARTTLS, 465 for TLS.", default=587),
        Property(
            "secure",
            PropertyType.ENUM,
            "Encryption",
            choices=("NONE", "STARTTLS", "TLS"),
            description="STARTTLS upgrades a plain connection; TLS is implicit TLS from the start.",
            default="STARTTLS",
        ),
        Property(
            "tlsVerify",
            PropertyType.BOOLEAN,
            "Verify the certificate",
            description="Check the server's TLS certificate and name. Turn off only for a self-signed certificate "
            "on a server you control.",
            default=True,
        ),
        Property("user", PropertyType.STRING, "Username", description="Leave empty if the server needs no login."),
        Property("password", PropertyType.STRING, "Password", secret=True),
        Property("from", PropertyType.EMAIL, "From address", required=True),
        Property("senderName", PropertyType.STRING, "Sender name"),
        Property("recipients", PropertyType.EMAIL_LIST, "Recipients", description="Default email recipients."),
        Property(
            "timeoutSeconds",
            PropertyType.INTEGER,
            "Timeout in seconds",
            description="The whole exchange with the server must finish within this; empty uses the server default.",
        ),
    ),
    actions=(Action.TEST_SEND, Action.VERIFY),
    docs_url="https://datatracker.ietf.org/doc/html/rfc5321",
    aliases={"novu": "nodemailer"},
)
