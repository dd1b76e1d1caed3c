"""The catalog entry for weather: hourly observations per mapped Place, pulled on a schedule and backfilled."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType, schedule_properties

MANIFEST = Manifest(
    id="weather",
    name="Weather (Open-Meteo)",
    direction=Direction.INGRESS,
    channel=Channel.WEATHER,
    description=(
        "Hourly temperature, humidity, wind, irradiance and precipitation for every mapped Place with coordinates, "
        "from Open-Meteo or a compatible server."
    ),
    properties=(
        Property(
            "baseUrl",
            PropertyType.URL,
            "Forecast API base URL",
            description="Serves /v1/forecast.",
            default="https://api.open-meteo.com",
        ),
        Property(
            "archiveUrl",
            PropertyType.URL,
            "Archive API base URL",
            description="Serves /v1/archive, used for backfills.",
            default="https://archive-api.open-meteo.com",
        ),
        Property("apiKey", PropertyType.STRING, "API key", description="For the commercial API only.", secret=True),
        *schedule_properties(3600),
    ),
    actions=(Action.BACKFILL,),
    docs_url="https://open-meteo.com/en/docs",
)
