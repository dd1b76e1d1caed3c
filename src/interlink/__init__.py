"""Interlink: a self-hosted integrations hub."""
