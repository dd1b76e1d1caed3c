"""The catalog entry for utility data; configuration only, nothing is pulled in yet."""

from interlink.sdk import Availability, Channel, Direction, Manifest, Property, PropertyType, ResourceKind

MANIFEST = Manifest(
    id="utility_data",
    name="Utility data",
    direction=Direction.INGRESS,
    channel=Channel.UTILITY,
    description="Link a utility account to one of your meters. Configuration only for now: no data is pulled in yet.",
    availability=Availability.CUSTOM,
    properties=(
        Property(
            "utilityName", PropertyType.STRING, "Utility", description="The utility company's name.", required=True
        ),
        Property("accountNumber", PropertyType.STRING, "Account number", required=True, editable=False),
        Property(
            "apiToken",
            PropertyType.STRING,
            "API token",
            description="A token for the utility's data API.",
            required=True,
            secret=True,
        ),
        Property(
            "meter",
            PropertyType.RESOURCE,
            "Meter",
            description="The Thing this account's data belongs to.",
            maps_to=ResourceKind.THING,
        ),
    ),
)
