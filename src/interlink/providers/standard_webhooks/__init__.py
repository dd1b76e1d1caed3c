"""Any sender that signs per Standard Webhooks: its event type and data become alerts."""
