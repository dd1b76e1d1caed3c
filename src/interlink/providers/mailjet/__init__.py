"""Email through Mailjet's Send API v3.1."""
