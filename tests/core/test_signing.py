"""Standard Webhooks signatures: round trip, rotation, tampering, secret parsing, and the reference library."""

from __future__ import annotations

import base64
import time
from datetime import UTC, datetime

import pytest
from standardwebhooks import Webhook, WebhookVerificationError

from interlink.sdk.signing import is_valid_secret, new_secret, secret_bytes, sign, signature_header, verify

MSG_ID = "msg_01JTESTSIGNING000000000000"
BODY = b'{"type":"order.paid","data":{"order":42}}'


def test_a_signature_verifies_with_its_secret_and_not_with_another() -> None:
    secret, now = new_secret(), int(time.time())
    header = signature_header(secret, MSG_ID, now, BODY)
    assert header.startswith("v1,") and " " not in header
    assert verify(secret, MSG_ID, now, BODY, header)
    assert not verify(new_secret(), MSG_ID, now, BODY, header)


@pytest.mark.parametrize(
    ("msg_id", "offset", "body"),
    [("msg_other", 0, BODY), (MSG_ID, 1, BODY), (MSG_ID, 0, BODY + b" "), (MSG_ID, 0, BODY.replace(b"42", b"43"))],
)
def test_any_change_to_id_timestamp_or_body_breaks_the_signature(msg_id: str, offset: int, body: bytes) -> None:
    secret, now = new_secret(), int(time.time())
    header = signature_header(secret, MSG_ID, now, BODY)
    assert not verify(secret, msg_id, now + offset, body, header)


def test_a_tampered_or_foreign_signature_is_refused() -> None:
    secret, now = new_secret(), int(time.time())
    good = sign(secret, MSG_ID, now, BODY)
    digest = bytearray(base64.b64decode(good[3:]))
    digest[0] ^= 1
    assert not verify(secret, MSG_ID, now, BODY, "v1," + base64.b64encode(bytes(digest)).decode())
    assert not verify(secret, MSG_ID, now, BODY, "v1a," + good[3:])  # another scheme's label
    assert not verify(secret, MSG_ID, now, BODY, good[3:])  # no label at all
    assert not verify(secret, MSG_ID, now, BODY, "")


def test_a_rotation_signs_with_every_secret_and_either_verifies() -> None:
    old, new, now = new_secret(), new_secret(), int(time.time())
    header = signature_header(f"{old}  {new}", MSG_ID, now, BODY)
    parts = header.split(" ")
    assert parts == [sign(old, MSG_ID, now, BODY), sign(new, MSG_ID, now, BODY)]
    assert verify(old, MSG_ID, now, BODY, header)
    assert verify(new, MSG_ID, now, BODY, header)
    assert verify(f"{new} {new_secret()}", MSG_ID, now, BODY, header)
    assert not verify(new_secret(), MSG_ID, now, BODY, header)


def test_new_secrets_are_whsec_with_32_random_bytes() -> None:
    first, second = new_secret(), new_secret()
    assert first.startswith("whsec_") and first != second
    assert len(secret_bytes(first)) == 32
    assert is_valid_secret(first)


def test_secret_parsing_accepts_bare_base64_and_missing_padding() -> None:
    key = bytes(range(24))
    encoded = base64.b64encode(key).decode()
    assert secret_bytes("whsec_" + encoded) == key
    assert secret_bytes(encoded) == key
    assert secret_bytes("  whsec_" + encoded + "\n") == key
    key25 = bytes(range(25))
    unpadded = base64.b64encode(key25).decode().rstrip("=")
    assert secret_bytes("whsec_" + unpadded) == key25


@pytest.mark.parametrize("secret", ["whsec_", "", "whsec_not base64!", "whsec_***", "whsec_=abc"])
def test_a_malformed_secret_is_refused_without_echoing_it(secret: str) -> None:
    with pytest.raises(ValueError, match="signing secret") as refused:
        secret_bytes(secret)
    if secret.removeprefix("whsec_"):
        assert secret.removeprefix("whsec_") not in str(refused.value)
    assert not is_valid_secret(secret)


@pytest.mark.parametrize("size", [8, 23, 65, 100])
def test_keys_outside_24_to_64_bytes_are_not_valid_secrets(size: int) -> None:
    assert not is_valid_secret("whsec_" + base64.b64encode(bytes(size)).decode())


@pytest.mark.parametrize("size", [24, 32, 64])
def test_keys_of_24_to_64_bytes_are_valid_secrets(size: int) -> None:
    assert is_valid_secret("whsec_" + base64.b64encode(bytes(size)).decode())


def test_the_reference_library_verifies_our_signatures_and_we_verify_its() -> None:
    secret, now = new_secret(), int(time.time())
    headers = {
        "webhook-id": MSG_ID,
        "webhook-timestamp": str(now),
        "webhook-signature": signature_header(secret, MSG_ID, now, BODY),
    }
    assert Webhook(secret).verify(BODY, headers) == {"type": "order.paid", "data": {"order": 42}}
    with pytest.raises(WebhookVerificationError):
        Webhook(new_secret()).verify(BODY, headers)
    theirs = Webhook(secret).sign(MSG_ID, datetime.fromtimestamp(now, UTC), BODY.decode())
    assert theirs == sign(secret, MSG_ID, now, BODY)
    assert verify(secret, MSG_ID, now, BODY, theirs)
