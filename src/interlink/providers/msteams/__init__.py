"""Microsoft Teams messages through a Workflows webhook."""
