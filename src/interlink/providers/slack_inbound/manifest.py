"""The catalog entry for receiving Slack requests (Events API and slash commands)."""

from interlink.sdk import Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="slack_inbound",
    name="Slack (incoming)",
    direction=Direction.INGRESS,
    channel=Channel.ALERTS,
    description="Receive Slack requests signed with the app's signing secret: a slash command (its text) or an "
    "app mention opens an alert; the Events API URL check is answered. Sending to Slack is the separate "
    "slack type.",
    properties=(
        Property(
            "signingSecret",
            PropertyType.STRING,
            "Signing secret",
            description="The Slack app's signing secret (Basic Information page).",
            secret=True,
            required=True,
        ),
        Property(
            "previousSigningSecret",
            PropertyType.STRING,
            "Previous signing secret",
            description="Also accepted while the app moves to a regenerated secret.",
            secret=True,
        ),
    ),
    docs_url="https://api.slack.com/authentication/verifying-requests-from-slack",
)
