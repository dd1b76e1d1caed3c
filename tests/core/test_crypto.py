"""Envelope encryption: sealing, binding to an owner, master key text forms and the key file."""

from __future__ import annotations

import base64
import os
import stat
from pathlib import Path

import pytest

from interlink.core.crypto import (
    CryptoError,
    MasterKey,
    key_id_of,
    load_or_create_master_key,
    new_data_key,
    open_sealed,
    seal,
    write_key_file,
)

KEY = bytes(range(32))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_seal_and_open() -> None:
    token = seal(KEY, "dk_1", b"hello", b"int_1")
    version, key_id, body = token.split(".")
    assert (version, key_id) == ("v1", "dk_1")
    assert key_id_of(token) == "dk_1"
    assert b"hello" not in base64.urlsafe_b64decode(body + "==")
    assert open_sealed(KEY, token, b"int_1") == b"hello"
    assert seal(KEY, "dk_1", b"hello", b"int_1") != token, "every seal takes a fresh nonce"
    assert open_sealed(KEY, seal(KEY, "dk_1", b"", b"x"), b"x") == b""


def test_wrong_aad_or_key_fails() -> None:
    token = seal(KEY, "dk_1", b"secret", b"int_A")
    with pytest.raises(CryptoError):
        open_sealed(KEY, token, b"int_B")
    with pytest.raises(CryptoError):
        open_sealed(new_data_key(), token, b"int_A")


@pytest.mark.parametrize("position", [0, 5, 20, -1])
def test_tampered_ciphertext_fails(position: int) -> None:
    token = seal(KEY, "dk_1", b"secret value", b"int_A")
    prefix, body = token.rsplit(".", 1)
    raw = bytearray(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    raw[position] ^= 0x01
    tampered = f"{prefix}.{base64.urlsafe_b64encode(bytes(raw)).decode().rstrip('=')}"
    with pytest.raises(CryptoError):
        open_sealed(KEY, tampered, b"int_A")


@pytest.mark.parametrize(
    "token",
    ["", "garbage", "v1.dk_1", "v2.dk_1.AAAA", "v1..AAAA", "v1.dk_1.AAAA", "v1.dk_1.!!!!", "v1.dk_1.a.b"],
)
def test_malformed_ciphertext_is_a_crypto_error(token: str) -> None:
    with pytest.raises(CryptoError):
        open_sealed(KEY, token, b"int_A")


def test_truncated_ciphertext_fails() -> None:
    token = seal(KEY, "dk_1", b"secret value", b"int_A")
    with pytest.raises(CryptoError):
        open_sealed(KEY, token[:-4], b"int_A")


def test_master_key_wraps_data_keys_for_one_owner() -> None:
    master, other = MasterKey.generate(), MasterKey.generate()
    data_key = new_data_key()
    wrapped = master.wrap(data_key, "env_A")
    assert key_id_of(wrapped) == master.key_id
    assert master.unwrap(wrapped, "env_A") == data_key
    with pytest.raises(CryptoError):
        master.unwrap(wrapped, "env_B")
    with pytest.raises(CryptoError):
        other.unwrap(wrapped, "env_A")
    assert master.key_id.startswith("mk") and master.key_id != other.key_id
    assert master.encode() not in master.key_id and master.material.hex()[:12] not in master.key_id


def test_master_key_parse_text_forms() -> None:
    material = os.urandom(32)
    for text in (
        material.hex(),
        material.hex().upper(),
        base64.b64encode(material).decode(),
        base64.urlsafe_b64encode(material).decode().rstrip("="),
        f"  {base64.b64encode(material).decode()}\n",
        MasterKey(material).encode(),
    ):
        assert MasterKey.parse(text).material == material, text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not a key at all!",
        os.urandom(16).hex(),
        os.urandom(31).hex(),
        "zz" * 32,
        base64.b64encode(os.urandom(16)).decode(),
        base64.b64encode(os.urandom(33)).decode(),
        base64.b64encode(os.urandom(32)).decode()[:-4] + "!@#$",
    ],
)
def test_master_key_parse_refuses_bad_text(text: str) -> None:
    with pytest.raises(CryptoError):
        MasterKey.parse(text)


def test_key_file_is_created_once_with_mode_0600(tmp_path: Path) -> None:
    key_file = tmp_path / "data" / "master.key"
    old_umask = os.umask(0)
    try:
        created, fresh = load_or_create_master_key(key_file, None)
    finally:
        os.umask(old_umask)
    assert fresh is True
    assert mode(key_file) == 0o600
    again, fresh_again = load_or_create_master_key(key_file, None)
    assert fresh_again is False
    assert again == created
    assert [p.name for p in key_file.parent.iterdir()] == ["master.key"]


def test_override_wins_and_writes_no_file(tmp_path: Path) -> None:
    key = MasterKey.generate()
    loaded, fresh = load_or_create_master_key(tmp_path / "master.key", key.encode())
    assert (loaded, fresh) == (key, False)
    assert not (tmp_path / "master.key").exists()
    with pytest.raises(CryptoError):
        load_or_create_master_key(tmp_path / "master.key", "too-short")


def test_write_key_file_replaces_a_looser_file_with_0600(tmp_path: Path) -> None:
    key_file = tmp_path / "master.key"
    key_file.write_text("old\n")
    key_file.chmod(0o644)
    new_key = MasterKey.generate()
    write_key_file(key_file, new_key)
    assert mode(key_file) == 0o600
    assert MasterKey.parse(key_file.read_text()) == new_key
    assert [p.name for p in tmp_path.iterdir()] == ["master.key"]
