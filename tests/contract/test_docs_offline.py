"""``/docs`` needs nothing from the network: every asset it loads is served by Interlink itself."""

from __future__ import annotations

import re


async def test_swagger_ui_loads_only_local_assets(client) -> None:
    page = await client.get("/docs")
    assert page.status_code == 200
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page.text) + re.findall(r"url: *'([^']+)'", page.text)
    assert assets and all(a.startswith("/") for a in assets), assets
    for asset in assets:
        got = await client.get(asset)
        assert got.status_code == 200, asset
    assert len((await client.get("/docs/static/swagger-ui-bundle.js")).content) > 500_000


async def test_redoc_loads_only_local_assets(client) -> None:
    page = await client.get("/redoc")
    assert page.status_code == 200 and "cdn" not in page.text.lower() and "googleapis" not in page.text
