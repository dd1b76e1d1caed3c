"""The catalog entry for WhatsApp Business (Cloud API)."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="whatsapp_business",
    name="WhatsApp Business",
    direction=Direction.EGRESS,
    channel=Channel.CHAT,
    description="Send WhatsApp messages from a business phone number through Meta's Cloud API.",
    properties=(
        Property(
            "apiToken",
            PropertyType.STRING,
            "Access token",
            description="A system-user access token with the whatsapp_business_messaging permission.",
            required=True,
            secret=True,
        ),
        Property(
            "phoneNumberIdentification",
            PropertyType.STRING,
            "Phone number ID",
            description="The ID of the sending business phone number (not the number itself).",
            required=True,
        ),
        Property(
            "to",
            PropertyType.PHONE,
            "Default recipient",
            description="The WhatsApp number (E.164) for messages that name no phone, such as test sends.",
        ),
        Property(
            "templateName",
            PropertyType.STRING,
            "Template name",
            description="Send this approved template instead of free text (needed outside the 24-hour "
            "customer-service window); a message's payload.templateParameters fill its body.",
        ),
        Property(
            "templateLanguage",
            PropertyType.STRING,
            "Template language",
            description="The template's language code.",
            default="en_US",
        ),
        Property(
            "baseUrl",
            PropertyType.URL,
            "API base URL",
            description="Leave empty for https://graph.facebook.com/v21.0; "
            "set it to reach the Graph API through a proxy or a test server.",
        ),
    ),
    actions=(Action.TEST_SEND, Action.VERIFY),
    docs_url="https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages",
    aliases={"novu": "whatsapp-business"},
)
