"""Standard Webhooks v1 signatures: HMAC-SHA256 over ``{id}.{timestamp}.{body}`` with ``whsec_`` secrets."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from functools import lru_cache

PREFIX = "whsec_"


def new_secret() -> str:
    """A fresh signing secret: 32 random bytes, shown as ``whsec_`` + base64."""
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


@lru_cache(maxsize=1024)  # every delivery signs with its integration's secret: decode each once
def secret_bytes(secret: str) -> bytes:
    """The key behind a ``whsec_`` secret (a bare base64 secret is accepted too); ValueError when malformed."""
    text = secret.strip().removeprefix(PREFIX)
    try:
        key = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except ValueError:
        raise ValueError("a signing secret must be whsec_ followed by base64") from None
    if not key:
        raise ValueError("a signing secret must not be empty")
    return key


def is_valid_secret(secret: str) -> bool:
    try:
        return 24 <= len(secret_bytes(secret)) <= 64
    except (ValueError, TypeError):
        return False


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """One ``v1,<base64>`` signature."""
    content = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.digest(secret_bytes(secret), content, "sha256")
    return "v1," + base64.b64encode(digest).decode()


@lru_cache(maxsize=1024)
def _keyed(secrets_text: str) -> tuple[hmac.HMAC, ...]:
    """An HMAC keyed with each of a space-separated list of secrets, made once per list and copied per signature.

    A copy starts from the already-hashed key, less than half the work of keying anew for every message.
    """
    return tuple(hmac.new(secret_bytes(s), digestmod=hashlib.sha256) for s in secrets_text.split())


def signature_header(secrets_text: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """Space-separated signatures, one per secret, so receivers keep working during a rotation."""
    content = f"{msg_id}.{timestamp}.".encode() + body
    signatures = []
    for keyed in _keyed(secrets_text):
        mac = keyed.copy()
        mac.update(content)
        signatures.append("v1," + base64.b64encode(mac.digest()).decode())
    return " ".join(signatures)


def verify(secrets_text: str, msg_id: str, timestamp: int, body: bytes, header: str) -> bool:
    """Constant-time check that ``header`` holds a signature made with one of the secrets."""
    offered = [part.strip() for part in header.split() if part.startswith("v1,")]
    wanted = [sign(s, msg_id, timestamp, body) for s in secrets_text.split() if s]
    return any(hmac.compare_digest(a, b) for a in offered for b in wanted)
