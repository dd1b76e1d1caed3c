"""Fixtures for the SMTP tests: one self-signed server certificate per run."""

from __future__ import annotations

import ssl

import pytest

from tests.providers.smtp.mailserver import self_signed


@pytest.fixture(scope="session")
def server_tls(tmp_path_factory: pytest.TempPathFactory) -> ssl.SSLContext:
    """A server TLS context whose certificate no client trusts unless told to skip verification."""
    return self_signed(tmp_path_factory.mktemp("smtp-tls"))
