"""Persistence: the only layer that speaks SQL. Services call it with a session they own."""
