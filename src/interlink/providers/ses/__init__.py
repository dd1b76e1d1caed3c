"""Email through Amazon Simple Email Service (SES v2)."""
