"""Grafana unified alerting webhooks: one alert per entry of ``alerts[]``; optional HMAC signature."""
