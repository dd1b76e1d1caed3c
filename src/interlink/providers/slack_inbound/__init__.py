"""Slack, inbound: slash commands and app mentions open alerts; requests are checked with the signing secret."""
