"""Email through the Elastic Email API."""
