"""The ``interlink`` admin commands, run as the real console script on their own SQLite data directory."""

from __future__ import annotations

import asyncio
import re
import stat
import time
from pathlib import Path
from typing import Any

import pytest

from interlink.core.crypto import CryptoError, MasterKey
from interlink.core.settings import Settings
from interlink.sdk.signing import new_secret
from interlink.services import catalog, integrations, tenants
from interlink.services.caller import Caller
from interlink.services.hub import Hub, open_hub
from tests.cli import child_env, run, serving

KEY_ID = re.compile(r"key_[0-9A-HJKMNP-TV-Z]{26}")
WEBHOOK: dict[str, Any] = {
    "name": "Ops hook",
    "type": "webhook",
    "properties": {"url": "https://hooks.example.com/in", "authType": "BASIC"},
    "credentials": {"username": "ops", "password": "rotate-me-password", "signingSecret": new_secret()},
}


def settings_for(data_dir: Path, master_key: str | None = None) -> Settings:
    return Settings(
        data_dir=data_dir, database_url=f"sqlite+aiosqlite:///{data_dir / 'interlink.db'}", master_key=master_key
    )


async def default_caller(hub: Hub) -> Caller:
    boot = await tenants.ensure_default(hub, admin_key=False)
    dev = next(e for e in boot.environments if e.name == "development")
    return Caller(boot.organization.id, dev.id, "test", frozenset({"read", "write"}))


async def create_integration(data_dir: Path, master_key: str | None = None) -> str:
    hub = await open_hub(settings_for(data_dir, master_key))
    try:
        draft = integrations.IntegrationDraft(
            type="webhook",
            name="Ops hook",
            properties=dict(WEBHOOK["properties"]),
            credentials=dict(WEBHOOK["credentials"]),
        )
        return (await integrations.create(hub, await default_caller(hub), draft)).id
    finally:
        await hub.close()


async def credentials(data_dir: Path, integration_id: str, master_key: str | None = None) -> dict[str, Any]:
    hub = await open_hub(settings_for(data_dir, master_key))
    try:
        record = await integrations.get(hub, await default_caller(hub), integration_id)
        return await integrations.credentials_of(hub, record)
    finally:
        await hub.close()


async def cli(*args: str, data_dir: Path, env: dict[str, str] | None = None):
    return await asyncio.to_thread(run, *args, data_dir=data_dir, env=env)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def master_files(data_dir: Path) -> list[str]:
    """Key files, including any pending or temporary one a rotation might leave behind."""
    return sorted(p.name for p in data_dir.iterdir() if "master" in p.name)


def test_keys_create_prints_only_the_key_and_list_never_shows_it(tmp_path: Path) -> None:
    created = run(
        "keys", "create", "--env", "development", "--scopes", "read", "--name", "ci reader", data_dir=tmp_path
    )
    assert created.returncode == 0, created.stderr
    lines = created.stdout.splitlines()
    assert len(lines) == 1
    key = lines[0]
    assert key.startswith("il_") and len(key) > 40 and " " not in key
    assert key not in created.stderr

    listed = run("keys", "list", data_dir=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert key not in listed.stdout and key not in listed.stderr
    assert key[:10] in listed.stdout
    row = next(line for line in listed.stdout.splitlines() if "ci reader" in line)
    cells = [c.strip() for c in re.split(r"[│|]", row) if c.strip()]
    assert KEY_ID.fullmatch(cells[0])
    assert cells[1:5] == ["ci reader", f"{key[:10]}…", "development", "read"]
    assert len(KEY_ID.findall(listed.stdout)) == 1, "no unseen admin key should have been issued"

    second = run("keys", "create", "--env", "production", data_dir=tmp_path)
    assert second.returncode == 0, second.stderr
    listed = run("keys", "list", data_dir=tmp_path)
    prod_row = next(line for line in listed.stdout.splitlines() if second.stdout.strip()[:10] in line)
    assert "production" in prod_row and "read,write" in prod_row


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("keys", "create", "--env", "staging"), "No environment 'staging'"),
        (("keys", "create", "--env", "development", "--scopes", "admin"), "scopes"),
        (("keys", "revoke", "key_01J00000000000000000000000"), "No API key"),
        (("org", "enable-type", "no_such_type"), "no_such_type"),
        (("org", "enable-type", "webhook"), "'webhook' is a standard type"),
    ],
)
def test_bad_input_is_a_clear_error(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    result = run(*args, data_dir=tmp_path)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_revoked_key_fails_against_a_served_instance(tmp_path: Path) -> None:
    key = run("keys", "create", "--env", "development", "--scopes", "read,write", data_dir=tmp_path).stdout.strip()
    listed = run("keys", "list", data_dir=tmp_path).stdout
    key_id = KEY_ID.search(next(line for line in listed.splitlines() if key[:10] in line))
    assert key_id
    with serving(tmp_path) as served, served.client(key) as http:
        assert served.admin_key is None, "keys exist already, so serve prints none"
        assert http.get("/v2/integrations").status_code == 200
        revoked = run("keys", "revoke", key_id.group(), data_dir=tmp_path)
        assert revoked.returncode == 0, revoked.stderr
        assert revoked.stdout.strip() == f"revoked {key_id.group()}"
        done = time.monotonic()
        refused = http.get("/v2/integrations")
        while refused.status_code == 200 and time.monotonic() - done < 3:  # another process: within a second
            time.sleep(0.05)
            refused = http.get("/v2/integrations")
        assert refused.status_code == 401
        assert time.monotonic() - done < 2, "a revocation holds on every process within a second (and a request)"
        assert refused.headers["content-type"] == "application/problem+json"
        assert http.post("/v2/places", json={"name": "x"}).status_code == 401
    listed = run("keys", "list", data_dir=tmp_path).stdout
    row = next(line for line in listed.splitlines() if key_id.group() in line)
    assert re.search(r"\d{4}-\d\d-\d\dT", row.rsplit("│", 2)[-2]), "the revoked column shows when"


async def test_org_enable_type(tmp_path: Path) -> None:
    enabled = await cli("org", "enable-type", "utility_data", data_dir=tmp_path)
    assert enabled.returncode == 0, enabled.stderr
    assert re.fullmatch(r"enabled utility_data for org_[0-9A-Z]{26}\n", enabled.stdout)
    again = await cli("org", "enable-type", "utility_data", data_dir=tmp_path)
    assert again.returncode == 0, again.stderr

    hub = await open_hub(settings_for(tmp_path))
    try:
        caller = await default_caller(hub)
        assert enabled.stdout.split()[-1] == caller.organization_id
        assert (await catalog.entry(hub, caller, "utility_data")).available is True
    finally:
        await hub.close()


async def test_secrets_rotate_rewrites_the_key_file(tmp_path: Path) -> None:
    integration_id = await create_integration(tmp_path)
    key_file = tmp_path / "master.key"
    old_key = key_file.read_text()

    rotated = await cli("secrets", "rotate", data_dir=tmp_path)
    assert rotated.returncode == 0, rotated.stderr
    assert rotated.stdout == ""
    assert "Re-encrypted 1 credential set(s)" in rotated.stderr
    new_key = key_file.read_text()
    assert new_key != old_key
    assert new_key.strip() not in rotated.stderr
    assert mode(key_file) == 0o600
    assert master_files(tmp_path) == ["master.key"]

    assert await credentials(tmp_path, integration_id) == WEBHOOK["credentials"]
    with pytest.raises(CryptoError):
        await credentials(tmp_path, integration_id, master_key=old_key.strip())

    twice = await cli("secrets", "rotate", data_dir=tmp_path)
    assert twice.returncode == 0, twice.stderr
    assert await credentials(tmp_path, integration_id) == WEBHOOK["credentials"]


async def test_secrets_rotate_with_the_key_in_the_environment_prints_the_new_key(tmp_path: Path) -> None:
    old_key = MasterKey.generate().encode()
    integration_id = await create_integration(tmp_path, master_key=old_key)
    assert not (tmp_path / "master.key").exists()

    rotated = await cli("secrets", "rotate", data_dir=tmp_path, env=child_env(INTERLINK_MASTER_KEY=old_key))
    assert rotated.returncode == 0, rotated.stderr
    new_key = rotated.stdout.strip()
    assert rotated.stdout.count("\n") == 1
    assert MasterKey.parse(new_key) != MasterKey.parse(old_key)
    assert "INTERLINK_MASTER_KEY" in rotated.stderr
    assert not (tmp_path / "master.key").exists()

    assert await credentials(tmp_path, integration_id, master_key=new_key) == WEBHOOK["credentials"]
    with pytest.raises(CryptoError):
        await credentials(tmp_path, integration_id, master_key=old_key)

    wrong = await cli("secrets", "rotate", data_dir=tmp_path, env=child_env(INTERLINK_MASTER_KEY=old_key))
    assert wrong.returncode == 2
    assert "Traceback" not in wrong.stderr
    assert wrong.stdout == ""
    assert await credentials(tmp_path, integration_id, master_key=new_key) == WEBHOOK["credentials"]


def _rotate_while_serving(data_dir: Path) -> str:
    with serving(data_dir) as served, served.client(served.admin_key) as http:
        created = http.post("/v2/integrations", json=WEBHOOK)
        assert created.status_code == 201, created.text
        integration_id = created.json()["id"]

        rotated = run("secrets", "rotate", data_dir=data_dir)
        assert rotated.returncode == 0, rotated.stderr

        # An update that merges credentials must open the ones sealed under the new key.
        updated = http.put(f"/v2/integrations/{integration_id}", json={"credentials": {"username": "ops2"}})
        assert updated.status_code == 200, updated.text
        another = http.post("/v2/integrations", json={**WEBHOOK, "name": "After rotation"})
        assert another.status_code == 201, another.text
        served.stop()
    return integration_id


async def test_rotate_while_serving_keeps_the_server_working(tmp_path: Path) -> None:
    integration_id = await asyncio.to_thread(_rotate_while_serving, tmp_path)
    expected = {**WEBHOOK["credentials"], "username": "ops2"}
    assert await credentials(tmp_path, integration_id) == expected


async def test_a_failed_rotation_leaves_the_key_file_alone(tmp_path: Path) -> None:
    integration_id = await create_integration(tmp_path)
    key_file = tmp_path / "master.key"
    original = key_file.read_text()
    stranger = MasterKey.generate().encode() + "\n"
    key_file.write_text(stranger)  # not the key this data was sealed with

    failed = await cli("secrets", "rotate", data_dir=tmp_path)
    assert failed.returncode == 2, (failed.stdout, failed.stderr)
    assert "Traceback" not in failed.stderr
    assert "master key" in failed.stderr
    assert key_file.read_text() == stranger
    assert master_files(tmp_path) == ["master.key"]

    key_file.write_text(original)
    assert await credentials(tmp_path, integration_id) == WEBHOOK["credentials"]
