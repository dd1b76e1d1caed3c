"""Envelope encryption with AES-256-GCM: a master key wraps one data key per environment.

Every ciphertext names the key that made it (``v1.<key id>.<base64>``), so keys can be rotated
while old ciphertexts stay readable until they are re-encrypted.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_VERSION = "v1"
_NONCE = 12
_TAG = 16


class CryptoError(Exception):
    """A ciphertext could not be read: wrong key, tampered data or an unknown key id."""


def _b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _b64d(text: str) -> bytes:
    """Strict url-safe base64 (padding optional): a stray character is an error, never skipped."""
    return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)


def seal(key: bytes, key_id: str, plaintext: bytes, aad: bytes) -> str:
    """Encrypt ``plaintext`` under ``key``; ``aad`` binds the ciphertext to its owner."""
    nonce = os.urandom(_NONCE)
    body = AESGCM(key).encrypt(nonce, plaintext, aad)
    return f"{_VERSION}.{key_id}.{_b64e(nonce + body)}"


def _parts(token: str) -> list[str]:
    parts = token.split(".") if isinstance(token, str) else []
    if len(parts) != 3 or parts[0] != _VERSION or not parts[1]:
        raise CryptoError("not an Interlink ciphertext")
    return parts


def key_id_of(token: str) -> str:
    """Read which key made a ciphertext."""
    return _parts(token)[1]


def open_sealed(key: bytes, token: str, aad: bytes) -> bytes:
    """Decrypt a ciphertext made by :func:`seal` with the same ``aad``; any damage is a CryptoError."""
    try:
        raw = _b64d(_parts(token)[2])
    except ValueError as exc:
        raise CryptoError("ciphertext is not valid base64") from exc
    if len(raw) < _NONCE + _TAG:
        raise CryptoError("ciphertext is too short")
    try:
        return AESGCM(key).decrypt(raw[:_NONCE], raw[_NONCE:], aad)
    except InvalidTag as exc:
        raise CryptoError("ciphertext failed authentication") from exc


@dataclass(frozen=True)
class MasterKey:
    """The key that wraps data keys; its id is a short hash of the key, never the key itself."""

    material: bytes

    @property
    def key_id(self) -> str:
        return "mk" + hashlib.sha256(self.material).hexdigest()[:12]

    def wrap(self, data_key: bytes, owner: str) -> str:
        """Encrypt a data key for storage beside the records it protects."""
        return seal(self.material, self.key_id, data_key, owner.encode())

    def unwrap(self, wrapped: str, owner: str) -> bytes:
        """Recover a data key wrapped by this master key."""
        if key_id_of(wrapped) != self.key_id:
            raise CryptoError("data key is wrapped by another master key")
        return open_sealed(self.material, wrapped, owner.encode())

    def encode(self) -> str:
        """The text form written to the key file or ``INTERLINK_MASTER_KEY``."""
        return _b64e(self.material)

    @classmethod
    def generate(cls) -> MasterKey:
        return cls(secrets.token_bytes(32))

    @classmethod
    def parse(cls, text: str) -> MasterKey:
        """Read a master key given as base64 (url-safe or standard) or 64 hex digits."""
        text = text.strip()
        try:
            material = bytes.fromhex(text) if len(text) == 64 else _b64d(text.replace("+", "-").replace("/", "_"))
        except ValueError as exc:
            raise CryptoError("the master key is neither base64 nor hex") from exc
        if len(material) != 32:
            raise CryptoError("the master key must be 32 bytes")
        return cls(material)


def new_data_key() -> bytes:
    """A fresh random AES-256 key."""
    return AESGCM.generate_key(bit_length=256)


def load_or_create_master_key(key_file: Path, override: str | None) -> tuple[MasterKey, bool]:
    """Return the master key (from the override, else the key file, created 0600 on first use)."""
    if override:
        return MasterKey.parse(override), False
    if key_file.exists():
        return MasterKey.parse(key_file.read_text()), False
    key = MasterKey.generate()
    tmp = _write_private(key_file, key)
    try:
        os.link(tmp, key_file)  # fails if another process created the file first: then use theirs
    except FileExistsError:
        return MasterKey.parse(key_file.read_text()), False
    finally:
        tmp.unlink(missing_ok=True)
    return key, True


def write_key_file(key_file: Path, key: MasterKey) -> None:
    """Write a key file readable by its owner only, replacing any earlier one atomically."""
    os.replace(_write_private(key_file, key), key_file)


def _write_private(key_file: Path, key: MasterKey) -> Path:
    """Write ``key`` durably to a fresh mode-0600 file beside ``key_file`` and return its path."""
    key_file.parent.mkdir(parents=True, exist_ok=True)
    tmp = key_file.with_name(f".{key_file.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, (key.encode() + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    return tmp
