"""The catalog entry for MQTT: broker, topics, credentials and the JMESPath expressions that pick points."""

from interlink.sdk import Action, Channel, Direction, Manifest, Property, PropertyType

MANIFEST = Manifest(
    id="mqtt",
    name="MQTT",
    direction=Direction.INGRESS,
    channel=Channel.TELEMATICS,
    description="Subscribe to topics on an MQTT broker and turn each JSON payload into telemetry.",
    properties=(
        Property("host", PropertyType.STRING, "Broker host", required=True),
        Property("port", PropertyType.INTEGER, "Broker port", default=1883),
        Property(
            "topics", PropertyType.STRING, "Topics", required=True, description="Comma-separated; + and # allowed."
        ),
        Property("tls", PropertyType.BOOLEAN, "Use TLS", default=False),
        Property(
            "caCertificate",
            PropertyType.TEXT,
            "CA certificate (PEM)",
            description="Trust this CA instead of the system's.",
        ),
        Property("username", PropertyType.STRING, "Username", secret=True),
        Property("password", PropertyType.STRING, "Password", secret=True),
        Property("qos", PropertyType.ENUM, "QoS", choices=("0", "1"), default="1"),
        Property("externalIdPath", PropertyType.STRING, "External id", description="JMESPath; the topic when empty."),
        Property(
            "timePath", PropertyType.STRING, "Time", description="JMESPath to epoch seconds or ISO 8601; else now."
        ),
        Property("valuePath", PropertyType.STRING, "Value", description="JMESPath to the number."),
        Property("metric", PropertyType.STRING, "Metric name", description="The metric valuePath's number is."),
        Property(
            "values", PropertyType.JSON, "Metrics", description='Several metrics per payload: {"power": "ENERGY.Power"}'
        ),
        Property("unit", PropertyType.STRING, "Unit name"),
    ),
    actions=(Action.PREVIEW,),
)
