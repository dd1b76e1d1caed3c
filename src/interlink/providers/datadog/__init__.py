"""Datadog monitor webhooks: a triggered monitor opens an alert, a recovered one resolves it."""
