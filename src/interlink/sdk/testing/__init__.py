"""The provider contract's harness: local fakes, fixture books and the scenarios every provider must pass.

Used by ``tests/providers/test_contract.py`` over the registry, and by a provider's own tests.
"""

from interlink.sdk.testing.egress import (
    ALL,
    EXPECTED,
    EgressCase,
    Fake,
    HttpCase,
    OpenTransport,
    Scenario,
    check,
    secret_values,
)
from interlink.sdk.testing.fake_api import FakeApi, Recorded, closed_port, hang
from interlink.sdk.testing.fixtures import FixtureBook, Reply, fixtures, plain

__all__ = [
    "ALL",
    "EXPECTED",
    "EgressCase",
    "Fake",
    "FakeApi",
    "FixtureBook",
    "HttpCase",
    "OpenTransport",
    "Recorded",
    "Reply",
    "Scenario",
    "check",
    "closed_port",
    "fixtures",
    "hang",
    "plain",
    "secret_values",
]
