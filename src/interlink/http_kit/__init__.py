"""The HTTP kit every face shares: JSON responses, errors, auth, idempotency, the API contract, middleware."""
