"""Telematics from an MQTT broker: topics with wildcards, JSON payloads mapped to points."""
