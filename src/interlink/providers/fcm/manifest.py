"""The catalog entry for Firebase Cloud Messaging."""

from interlink.providers.fcm.credentials import service_account_problem
from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="fcm",
    name="Firebase Cloud Messaging",
    direction=Direction.EGRESS,
    channel=Channel.PUSH,
    description="Send push notifications to Android, iOS and web apps through the FCM HTTP v1 API.",
    properties=(
        Property(
            "serviceAccount",
            PropertyType.TEXT,
            "Service account key",
            description="The service account's JSON key file, pasted as text.",
            required=True,
            secret=True,
            max_length=16384,
            check=service_account_problem,
        ),
        Property(
            "projectId",
            PropertyType.STRING,
            "Project ID",
            description="Defaults to the project_id in the service account key.",
            editable=False,
        ),
        Property(
            "baseUrl",
            PropertyType.URL,
            "API base URL",
            description="Leave empty for https://fcm.googleapis.com; the token URI comes from the key file.",
        ),
    ),
    actions=(Action.TEST_SEND, Action.VERIFY),
    docs_url="https://firebase.google.com/docs/reference/fcm/rest/v1/projects.messages/send",
    aliases={"novu": "fcm", "campaign": "FIREBASE_FCM"},
)
