"""The catalog entry for Grafana's webhook contact point (unified alerting)."""

from interlink.sdk import Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="grafana",
    name="Grafana",
    direction=Direction.INGRESS,
    channel=Channel.ALERTS,
    description="Receive Grafana alerting's webhook contact point: each firing alert opens (or repeats) an alert "
    "by its fingerprint, each resolved one resolves it. With a secret, requests must carry Grafana's HMAC "
    "signature (and, when a timestamp header is configured, a recent timestamp).",
    properties=(
        Property(
            "signingSecret",
            PropertyType.STRING,
            "HMAC secret",
            description="The secret of the contact point's HMAC signature settings.",
            secret=True,
        ),
        Property(
            "previousSigningSecret",
            PropertyType.STRING,
            "Previous HMAC secret",
            description="Also accepted while Grafana moves to a new secret.",
            secret=True,
        ),
        Property(
            "signatureHeader",
            PropertyType.STRING,
            "Signature header",
            default="X-Grafana-Alerting-Signature",
            max_length=100,
        ),
        Property(
            "timestampHeader",
            PropertyType.STRING,
            "Timestamp header",
            description="Set when the contact point names one; the timestamp is then signed and must be recent.",
            max_length=100,
        ),
    ),
    docs_url="https://grafana.com/docs/grafana/latest/alerting/configure-notifications/manage-contact-points/integrations/webhook-notifier/",
)
