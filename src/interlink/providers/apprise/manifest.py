"""The catalog entry for any service an Apprise URL reaches (needs the optional extra ``interlink[apprise]``)."""

from interlink.providers.apprise.library import dialled, problem
from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="apprise",
    name="Apprise",
    direction=Direction.EGRESS,
    channel=Channel.CHAT,
    description="Send to any of the services Apprise reaches (Matrix, ntfy, Gotify, Rocket.Chat and many more) "
    "with one Apprise URL; needs the optional extra interlink[apprise].",
    properties=(
        Property(
            "url",
            PropertyType.STRING,
            "Apprise URL",
            description="The service's Apprise URL, e.g. ntfy://ntfy.example.com/alerts; it holds the service's "
            "tokens, so it is kept as a secret.",
            required=True,
            secret=True,
            check=problem,
            dials=dialled,
        ),
    ),
    actions=(Action.TEST_SEND,),
    docs_url="https://github.com/caronc/apprise/wiki",
    requires=("apprise",),
    extra="apprise",
)
