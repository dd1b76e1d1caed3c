"""The typed refusal of the outbound URL policy, so senders never decide by matching an error's text."""

from __future__ import annotations


class OutboundRefused(OSError):
    """An address or URL the outbound policy does not allow; a sender fails permanently on it, never retries."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    def __str__(self) -> str:
        return self.reason
