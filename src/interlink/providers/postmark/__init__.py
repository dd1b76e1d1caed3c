"""Email through the Postmark Email API."""
