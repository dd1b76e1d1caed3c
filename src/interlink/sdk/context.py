"""What senders take from Interlink's core (time stamps, trace headers), so a provider imports only the sdk."""

from __future__ import annotations

from interlink.core.timeutil import iso, utcnow
from interlink.core.tracing import traceparent

__all__ = ["iso", "traceparent", "utcnow"]
