"""The catalog entry for JSON polling: URL, authentication and the JMESPath expressions that pick points."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType, schedule_properties

_HEADER = ("HEADER",)
_BASIC = ("BASIC",)
_BEARER = ("BEARER",)

MANIFEST = Manifest(
    id="http_poll",
    name="JSON API polling",
    direction=Direction.INGRESS,
    channel=Channel.TELEMETRY,
    description="Poll any JSON API and turn its records into telemetry with JMESPath expressions.",
    properties=(
        Property("url", PropertyType.URL, "URL", required=True, description="GET on every tick."),
        Property(
            "authType",
            PropertyType.ENUM,
            "Authentication",
            choices=("NONE", "HEADER", "BASIC", "BEARER"),
            default="NONE",
        ),
        Property("headerName", PropertyType.STRING, "Header name", required_when=("authType", _HEADER)),
        Property("headerValue", PropertyType.STRING, "Header value", secret=True, required_when=("authType", _HEADER)),
        Property("username", PropertyType.STRING, "Username", secret=True, required_when=("authType", _BASIC)),
        Property("password", PropertyType.STRING, "Password", secret=True, required_when=("authType", _BASIC)),
        Property("token", PropertyType.STRING, "Bearer token", secret=True, required_when=("authType", _BEARER)),
        Property(
            "itemsPath", PropertyType.STRING, "Records", description="JMESPath to the list of records, e.g. data."
        ),
        Property(
            "externalIdPath", PropertyType.STRING, "External id", required=True, description="JMESPath, e.g. sensor.id"
        ),
        Property(
            "timePath", PropertyType.STRING, "Time", description="JMESPath to epoch seconds or ISO 8601; else now."
        ),
        Property("valuePath", PropertyType.STRING, "Value", description="JMESPath to the number."),
        Property("metricPath", PropertyType.STRING, "Metric", description="JMESPath to the metric name."),
        Property("metric", PropertyType.STRING, "Metric name", description="Used when no metric expression is set."),
        Property(
            "values", PropertyType.JSON, "Metrics", description='Several metrics per record: {"temperature": "temp.c"}'
        ),
        Property("unitPath", PropertyType.STRING, "Unit", description="JMESPath to the unit."),
        Property("unit", PropertyType.STRING, "Unit name", description="Used when no unit expression is set."),
        *schedule_properties(300),
    ),
    actions=(Action.PREVIEW,),
)
