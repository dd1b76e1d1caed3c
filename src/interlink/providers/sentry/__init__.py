"""Sentry integration-platform webhooks: issues and alerts open alerts; resolutions resolve them."""
