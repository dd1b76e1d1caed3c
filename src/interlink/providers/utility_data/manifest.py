"""The catalog entry for utility data: Green Button (ESPI) interval readings of each mapped meter."""

from interlink.sdk import (
    Action,
    Availability,
    Channel,
    Direction,
    Manifest,
    Property,
    PropertyType,
    ResourceKind,
    schedule_properties,
)

MANIFEST = Manifest(
    id="utility_data",
    name="Utility data",
    direction=Direction.INGRESS,
    channel=Channel.UTILITY,
    description=(
        "Pull Green Button (ESPI) interval data from your utility: each usage point mapped to a meter, "
        "readings with their units and multipliers applied."
    ),
    availability=Availability.CUSTOM,
    properties=(
        Property(
            "utilityName", PropertyType.STRING, "Utility", description="The utility company's name.", required=True
        ),
        Property("accountNumber", PropertyType.STRING, "Account number", required=True, editable=False),
        Property(
            "apiToken",
            PropertyType.STRING,
            "Access token",
            description="The OAuth2 bearer access token the utility issued for this subscription.",
            required=True,
            secret=True,
        ),
        Property(
            "resourceUri",
            PropertyType.URL,
            "Subscription resource URI",
            description="The token's resourceURI, e.g. https://…/espi/1_1/resource/Batch/Subscription/5.",
        ),
        Property(
            "tokenUrl",
            PropertyType.URL,
            "Token endpoint",
            description="Where an expired access token is refreshed (OAuth2 refresh_token grant).",
        ),
        Property("clientId", PropertyType.STRING, "Client id", description="This application's id at the utility."),
        Property("clientSecret", PropertyType.STRING, "Client secret", secret=True),
        Property("refreshToken", PropertyType.STRING, "Refresh token", secret=True),
        Property(
            "meter",
            PropertyType.RESOURCE,
            "Meter",
            description="The Thing this account's data belongs to.",
            maps_to=ResourceKind.THING,
        ),
        *schedule_properties(3600),
    ),
    actions=(Action.BACKFILL,),
    docs_url="https://www.greenbuttonalliance.org/",
)
