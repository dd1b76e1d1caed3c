"""Slack messages through an incoming webhook or a bot token."""
