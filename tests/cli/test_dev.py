"""``interlink dev``: a new provider folder that runs on the skeleton at once, and the checker over the registry."""

from __future__ import annotations

import asyncio
import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

from interlink.catalog.checks import alias_problems, all_problems, fixture_problems
from interlink.catalog.registry import Registry, default_registry
from interlink.cli.main import app
from interlink.queue.transport import HttpTransport
from interlink.sdk import Channel, Direction, Manifest, Property
from interlink.sdk.testing import Scenario, check, fixtures

RUNNER = CliRunner()
TESTS = Path(__file__).parents[1] / "providers"


def load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"scaffolded_{path.parent.name}_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def new(tmp_path: Path, *args: str) -> str:
    for part in ("src/interlink/providers", "tests/providers"):
        (tmp_path / part).mkdir(parents=True, exist_ok=True)
    ran = RUNNER.invoke(app, ["dev", "new-provider", *args, "--root", str(tmp_path)])
    assert ran.exit_code == 0, ran.output
    return ran.output


async def test_a_new_egress_provider_is_sound_lint_clean_and_passes_the_contract(tmp_path: Path) -> None:
    output = new(tmp_path, "acme_chat", "--direction", "egress")
    src, tests = tmp_path / "src/interlink/providers/acme_chat", tmp_path / "tests/providers/acme_chat"
    assert "wrote src/interlink/providers/acme_chat/sender.py" in output
    lint = [sys.executable, "-m", "ruff", "check", "--quiet", str(tmp_path)]
    linted = await asyncio.to_thread(subprocess.run, lint, capture_output=True)
    assert linted.returncode == 0, linted.stdout.decode()
    manifest: Manifest = load(src / "manifest.py").MANIFEST
    assert (manifest.id, manifest.direction, manifest.problems()) == ("acme_chat", Direction.EGRESS, [])
    case, sender = load(tests / "contract.py").CASE, load(src / "sender.py").SENDER

    def transport(allow_private: bool, timeout: float) -> HttpTransport:
        return HttpTransport(allow_private=allow_private, timeout=timeout)

    for scenario in (Scenario.SUCCESS, Scenario.PERMANENT, Scenario.PRIVATE, Scenario.SECRET_ECHO):
        await check(case, scenario, sender, manifest, transport)
    assert [p.split(":")[0] for p in fixture_problems(tmp_path / "tests/providers")] == [
        "acme_chat/send__accepted.json"
    ], "the fixture waits for its public source"


def test_a_new_ingress_provider_gets_a_handler_and_a_test_with_one_fixture(tmp_path: Path) -> None:
    new(tmp_path, "acme_alerts", "--direction", "ingress")
    src, tests = tmp_path / "src/interlink/providers/acme_alerts", tmp_path / "tests/providers/acme_alerts"
    manifest: Manifest = load(src / "manifest.py").MANIFEST
    assert (manifest.direction, manifest.channel, manifest.problems()) == (Direction.INGRESS, Channel.ALERTS, [])
    handler = load(src / "handler.py")
    assert handler.interpret({}, b'{"id": "e1", "title": "Disk full"}')[0]["action"] == "create"
    assert handler.verify({}, b"{}", {"signingSecret": ""}) is False
    assert sorted(p.name for p in (tests / "fixtures").iterdir()) == ["SOURCES.txt", "event__created.json"]
    assert (tests / "test_handler.py").is_file()
    assert [p.split(":")[0] for p in fixture_problems(tmp_path / "tests/providers")] == [
        "acme_alerts/event__created.json"
    ], "the raw payload waits for its public source in the sidecar"


def test_a_raw_payload_is_sourced_by_its_sidecar_line_and_a_stray_line_is_a_problem(tmp_path: Path) -> None:
    folder = tmp_path / "acme" / "fixtures"
    folder.mkdir(parents=True)
    (folder / "push.json").write_bytes(b'{"ref": "main"}')
    (folder / "ping.json").write_bytes(b'{"zen": "Keep it logically awesome."}')
    (folder / "own.json").write_bytes(b'{"source": "https://example.org/own", "status": 200}')
    (folder / "SOURCES.txt").write_text(
        "# comments and blank lines are skipped\n\n"
        "push https://example.org/push assembled from the documented fields\n"
        "renamed https://example.org/renamed\n"
    )
    assert fixtures(folder).source("push") == "https://example.org/push assembled from the documented fields"
    assert fixtures(folder).source("own") == "https://example.org/own"
    assert fixtures(folder).source("ping") == ""
    assert list(fixture_problems(tmp_path)) == [
        "acme/ping.json: needs the https:// page it was copied from (its 'source', or a line in SOURCES.txt)",
        "acme/SOURCES.txt: names 'renamed', which is not a fixture here",
    ]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["Bad-Id", "--direction", "egress"], "is not a provider id"),
        (["sendgrid", "--direction", "egress"], "registered already"),
        (["acme", "--direction", "egress", "--channel", "fax"], "channel must be one of"),
    ],
)
def test_a_bad_id_or_channel_is_refused_and_nothing_is_written(tmp_path: Path, args: list[str], said: str) -> None:
    ran = RUNNER.invoke(app, ["dev", "new-provider", *args, "--root", str(tmp_path)])
    assert ran.exit_code == 2 and said in ran.output
    assert not (tmp_path / "src").exists() or not any((tmp_path / "src").rglob("*.py"))


def test_check_prints_the_catalog_and_finds_no_problem_in_the_shipped_providers() -> None:
    ran = RUNNER.invoke(app, ["dev", "check"], env={"COLUMNS": "200"})
    assert ran.exit_code == 0, ran.output
    for manifest in default_registry():
        assert manifest.id in ran.output
    assert f"{len(default_registry())} providers, no problems." in ran.output


def test_the_checks_find_what_they_look_for(tmp_path: Path) -> None:
    odd = Manifest("odd", "Odd", Direction.EGRESS, Channel.CHAT, "d", properties=(Property("token"),),
                   aliases={"novu": "sendgrid", "zapier": "x"})  # fmt: skip
    registry = Registry([*default_registry(), odd])
    found = list(alias_problems(registry, {"campaign": {"odd": {"apiKey": "missing"}, "gone": {}}}))
    assert "novu: 'sendgrid' names more than one type" in found
    assert any("unknown face 'zapier'" in p for p in found)
    assert "campaign: odd's 'apiKey' points at 'missing', which odd does not have" in found
    assert "campaign: renames keys of 'gone', which is not a registered type" in found
    assert all_problems(default_registry(), TESTS) == []
