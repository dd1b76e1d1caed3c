"""``interlink backfill``: the real console script pulls a range from a local Open-Meteo and draws its progress."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from interlink.app import create_app
from interlink.core.settings import Settings
from interlink.services import keys, tenants
from interlink.services.hub import open_hub
from tests.cli import child_env, interlink_bin
from tests.providers.weather.fake import OpenMeteo


async def weather_integration(data_dir: Path, server_url: str) -> str:
    """An office with coordinates and a weather integration mapped to it, made over the API of that data dir."""
    settings = Settings(
        data_dir=data_dir,
        database_url=f"sqlite+aiosqlite:///{data_dir / 'interlink.db'}",
        allow_private_networks=True,
    )
    hub = await open_hub(settings)
    try:
        await tenants.ensure_default(hub, admin_key=False)
        env = await tenants.find_environment(hub, "development")
        key = await keys.create(hub, env, ["read", "write"], "cli-test")
        transport = httpx.ASGITransport(app=create_app(hub))
        async with httpx.AsyncClient(
            transport=transport, base_url="http://t", headers={"X-Api-Key": key.secret}
        ) as api:
            office = (
                await api.post("/v2/places", json={"name": "Office", "latitude": 52.52, "longitude": 13.41})
            ).json()
            body = {
                "name": "Weather",
                "type": "weather",
                "properties": {"archiveUrl": server_url, "baseUrl": server_url},
            }
            source = (await api.post("/v2/integrations", json=body)).json()
            mapping = {"integrationId": source["id"], "externalId": "office", "resourcePath": office["path"]}
            assert (await api.post("/v2/integrations/resource-mappings", json=mapping)).status_code == 201
        return str(source["id"])
    finally:
        await hub.close()


async def interlink(*args: str, data_dir: Path) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        interlink_bin(),
        *args,
        "--data-dir",
        str(data_dir),
        env=child_env(INTERLINK_ALLOW_PRIVATE_NETWORKS="true"),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, error = await asyncio.wait_for(process.communicate(), timeout=120)
    return process.returncode or 0, out.decode(), error.decode()


async def test_backfill_pulls_the_range_in_chunks_and_a_rerun_adds_nothing(tmp_path: Path) -> None:
    async with OpenMeteo() as server:
        integration = await weather_integration(tmp_path, server.url)
        for _ in range(2):
            code, out, error = await interlink(
                "backfill", integration, "--from", "2024-01-01", "--to", "2024-03-01", data_dir=tmp_path
            )
            assert code == 0, error
            assert out.strip() == f"backfill done: 2 chunks, {60 * 24 * 5 - 60} points written"
            assert "backfill act_" in error and "2/2" in error  # the progress bar, on stderr
    assert [r.query["start_date"] for r in server.requests] == ["2024-01-01", "2024-02-01"] * 2


async def test_bad_input_is_a_clear_error(tmp_path: Path) -> None:
    async with OpenMeteo() as server:
        integration = await weather_integration(tmp_path, server.url)
        for args, message in [
            (("backfill", integration, "--from", "yesterday", "--to", "2024-03-01"), "--from"),
            (("backfill", integration, "--from", "2024-03-01", "--to", "2024-01-01"), "must be after from"),
            (("backfill", "int_01J00000000000000000000000", "--from", "2024-01-01", "--to", "2024-02-01"), "not found"),
        ]:
            code, out, error = await interlink(*args, data_dir=tmp_path)
            assert code == 2, (out, error)
            assert message in error and "Traceback" not in error
    assert server.requests == []
