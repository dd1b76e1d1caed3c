"""Alerts posted to Interlink by another system over a webhook."""
