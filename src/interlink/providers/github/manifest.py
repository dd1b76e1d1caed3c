"""The catalog entry for GitHub repository and organization webhooks."""

from interlink.sdk import Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="github",
    name="GitHub",
    direction=Direction.INGRESS,
    channel=Channel.ALERTS,
    description="Receive GitHub webhooks signed with X-Hub-Signature-256: a failed workflow run or a new "
    "Dependabot alert opens an alert; a successful run of the same workflow and branch, or a fixed or "
    "dismissed Dependabot alert, resolves it. Other events are logged and ignored.",
    properties=(
        Property(
            "signingSecret",
            PropertyType.STRING,
            "Webhook secret",
            description="The secret set on the GitHub webhook.",
            secret=True,
            required=True,
        ),
        Property(
            "previousSigningSecret",
            PropertyType.STRING,
            "Previous webhook secret",
            description="Also accepted while the webhook moves to a new secret; remove it when it has.",
            secret=True,
        ),
    ),
    docs_url="https://docs.github.com/webhooks/using-webhooks/validating-webhook-deliveries",
)
