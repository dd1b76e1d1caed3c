"""The catalog entry for Prometheus Alertmanager's webhook receiver."""

from interlink.sdk import Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="alertmanager",
    name="Prometheus Alertmanager",
    direction=Direction.INGRESS,
    channel=Channel.ALERTS,
    description="Receive Alertmanager's webhook notifications: every firing alert opens (or repeats) an alert, "
    "every resolved one resolves it. Point a webhook_config at this integration's inboundUrl.",
    properties=(
        Property(
            "token",
            PropertyType.STRING,
            "Bearer token",
            description="When set, requests must carry it (http_config authorization credentials, or a basic-auth "
            "password).",
            secret=True,
        ),
        Property(
            "previousToken",
            PropertyType.STRING,
            "Previous bearer token",
            description="Also accepted while senders move to a new token; remove it when they have.",
            secret=True,
        ),
    ),
    docs_url="https://prometheus.io/docs/alerting/latest/configuration/#webhook_config",
)
