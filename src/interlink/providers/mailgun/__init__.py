"""Email through the Mailgun Messages API."""
