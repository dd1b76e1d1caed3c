"""``interlink serve`` as a user runs it: first start, the README flow on a real port, stop and restart."""

from __future__ import annotations

import stat
from pathlib import Path

from tests.cli import serving

HOOK = {
    "name": "Ops hook",
    "type": "webhook",
    "properties": {"url": "https://hooks.example.com/in", "authType": "BASIC"},
    "credentials": {"username": "ops", "password": "readme-s3cr3t"},
}


def test_first_start_readme_flow_and_restart(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with serving(data_dir) as served:
        key = served.admin_key
        assert key and key.startswith("il_"), served.stdout
        printed = "".join(served.stdout)
        assert "development" in printed and "production" in printed
        assert f"Data directory: {data_dir}" in printed

        with served.client(key) as http:
            created = http.post("/v2/integrations", json=HOOK)
            assert created.status_code == 201, created.text
            hook = created.json()
            assert hook["credentials"] == {"password": "set", "signingSecret": "set", "username": "set"}
            assert created.headers["x-trace-id"]
            kept = http.post("/v2/integrations", json={**HOOK, "name": "Kept hook"})
            assert kept.status_code == 201, kept.text

            listed = http.get("/v2/integrations")
            assert listed.status_code == 200
            assert {r["id"] for r in listed.json()["data"]} == {hook["id"], kept.json()["id"]}

            renamed = http.put(f"/v2/integrations/{hook['id']}", json={"name": "Renamed hook"})
            assert renamed.status_code == 200
            assert renamed.json()["name"] == "Renamed hook"

            deleted = http.delete(f"/v2/integrations/{hook['id']}")
            assert deleted.status_code == 200
            assert deleted.json()["deleted"] is True
            assert http.get(f"/v2/integrations/{hook['id']}").status_code == 404

            for header in ({"Authorization": f"ApiKey {key}"}, {"Authorization": f"Bearer {key}"}):
                assert http.get("/v2/integrations", headers={"X-Api-Key": "", **header}).status_code == 200

        with served.client() as anonymous:
            assert anonymous.get("/v2/integrations").status_code == 401
            spec = anonymous.get("/openapi.json")
            assert spec.status_code == 200
            assert "/v2/integrations" in spec.json()["paths"]
            docs = anonymous.get("/docs")
            assert docs.status_code == 200
            assert "text/html" in docs.headers["content-type"]
            assert anonymous.get("/healthz").json() == {"status": "ok"}
        served.stop()
        first_logs = "".join(served.stdout + served.stderr)

    assert stat.S_IMODE((data_dir / "master.key").stat().st_mode) == 0o600
    assert "readme-s3cr3t" not in first_logs
    assert first_logs.count(key) == 1, "the admin key is printed once and logged nowhere"

    with serving(data_dir) as again:
        assert again.admin_key is None
        assert not any("il_" in line for line in again.stdout + again.stderr)
        assert any("Serving on" in line for line in again.stdout)
        with again.client(key) as http:
            listed = http.get("/v2/integrations")
            assert listed.status_code == 200, listed.text
            assert [r["id"] for r in listed.json()["data"]] == [kept.json()["id"]]
            assert http.get(f"/v2/integrations/{hook['id']}").status_code == 404
            audit = http.get("/v2/audit-events", params={"targetId": hook["id"]}).json()["data"]
            assert [e["action"] for e in audit] == ["integration.deleted", "integration.updated", "integration.created"]
        again.stop()
    assert stat.S_IMODE((data_dir / "master.key").stat().st_mode) == 0o600
