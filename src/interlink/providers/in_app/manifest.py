"""The catalog entry for the in-app inbox; it needs no credentials."""

from interlink.sdk import Action, Channel, Direction, Manifest

MANIFEST = Manifest(
    id="in_app",
    name="In-app inbox",
    direction=Direction.EGRESS,
    channel=Channel.IN_APP,
    description="Keep notifications in an inbox your own app reads; no third party is involved.",
    aliases={"novu": "novu"},
    actions=(Action.TEST_SEND,),
)
