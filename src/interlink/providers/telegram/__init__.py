"""Telegram messages through the Bot API."""
