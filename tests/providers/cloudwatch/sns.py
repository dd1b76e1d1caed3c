"""A signing key and certificate standing in for SNS's, and SNS messages signed with it."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

from interlink.providers.cloudwatch.handler import string_to_sign

KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sns.amazonaws.com")])
CERT_PEM = (
    x509.CertificateBuilder()
    .subject_name(_name)
    .issuer_name(_name)
    .public_key(KEY.public_key())
    .serial_number(x509.random_serial_number())
    .not_valid_before(datetime(2020, 1, 1, tzinfo=UTC))
    .not_valid_after(datetime(2040, 1, 1, tzinfo=UTC) + timedelta(days=1))
    .sign(KEY, hashes.SHA256())
    .public_bytes(serialization.Encoding.PEM)
)


def signed(message: dict[str, Any], version: str = "1", key: rsa.RSAPrivateKey = KEY) -> dict[str, Any]:
    """The message with SignatureVersion and a Signature made with ``key``."""
    out = {**message, "SignatureVersion": version}
    algorithm = hashes.SHA256() if version == "2" else hashes.SHA1()
    out["Signature"] = base64.b64encode(key.sign(string_to_sign(out), padding.PKCS1v15(), algorithm)).decode()
    return out
