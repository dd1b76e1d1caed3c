"""Utility account data (usage and billing) pulled in for a meter."""
