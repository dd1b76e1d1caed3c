"""Notifications shown in an in-app inbox."""
