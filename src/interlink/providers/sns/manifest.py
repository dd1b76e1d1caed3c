"""The catalog entry for Amazon SNS SMS."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="sns",
    name="Amazon SNS",
    direction=Direction.EGRESS,
    channel=Channel.SMS,
    description="Send SMS through Amazon Simple Notification Service (SNS Publish to a phone number).",
    properties=(
        Property(
            "apiKey",
            PropertyType.STRING,
            "Access key ID",
            description="An IAM access key allowed to call sns:Publish.",
            required=True,
            secret=True,
        ),
        Property("secretKey", PropertyType.STRING, "Secret access key", required=True, secret=True),
        Property("region", PropertyType.STRING, "Region", description="e.g. us-east-1", required=True),
        Property("senderId", PropertyType.STRING, "Sender ID", description="Sent as AWS.SNS.SMS.SenderID."),
        Property(
            "smsType",
            PropertyType.ENUM,
            "SMS type",
            description="Sent as AWS.SNS.SMS.SMSType; the account's default when empty.",
            choices=("Transactional", "Promotional"),
        ),
        Property(
            "recipients", PropertyType.PHONE_LIST, "Recipients", description="Default phone numbers in E.164 form."
        ),
        Property(
            "baseUrl",
            PropertyType.URL,
            "API base URL",
            description="Leave empty for https://sns.<region>.amazonaws.com (requests are signed for it either way).",
        ),
    ),
    actions=(Action.TEST_SEND, Action.VERIFY),
    docs_url="https://docs.aws.amazon.com/sns/latest/api/API_Publish.html",
    aliases={"novu": "sns"},
)
