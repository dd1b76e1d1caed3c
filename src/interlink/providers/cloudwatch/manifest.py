"""The catalog entry for CloudWatch alarms delivered by an SNS HTTP(S) subscription."""

from interlink.sdk import Channel, Direction, Manifest

MANIFEST = Manifest(
    id="cloudwatch",
    name="AWS CloudWatch (SNS)",
    direction=Direction.INGRESS,
    channel=Channel.ALERTS,
    description="Subscribe this integration's inboundUrl to the SNS topic your CloudWatch alarms notify. The "
    "subscription is confirmed automatically; every message's SNS signature is checked against its signing "
    "certificate, fetched only from an sns.<region>.amazonaws.com host. ALARM opens an alert per alarm, OK "
    "resolves it.",
    docs_url="https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html",
)
