"""Mobile and web push through Firebase Cloud Messaging (HTTP v1)."""
