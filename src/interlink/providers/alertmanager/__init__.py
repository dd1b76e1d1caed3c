"""Prometheus Alertmanager: one alert per entry of ``alerts[]``, opened when firing, resolved when resolved."""
