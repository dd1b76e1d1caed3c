"""Checks over every provider the registry finds: manifests, fixtures' public sources and the faces' aliases.

``interlink dev check`` prints them; the test suite asserts there are none. Nothing here holds a list of ids.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path

import orjson

from interlink.catalog.registry import Registry
from interlink.sdk import Action, Direction
from interlink.sdk.testing.sources import SIDECAR, source_of, strays

FACES = ("novu", "campaign", "pagertree")  # the compatible APIs that name types their own way


def manifest_problems(registry: Registry) -> Iterator[str]:
    """Each manifest's own problems, and a type that can send must offer test-send (and only then)."""
    for manifest in registry:
        for problem in manifest.problems():
            yield f"{manifest.id}: {problem}"
        if not manifest.description:
            yield f"{manifest.id}: the manifest has no description"
        sends = registry.sender(manifest.id) is not None
        if manifest.direction is Direction.EGRESS and sends != (Action.TEST_SEND in manifest.actions):
            yield f"{manifest.id}: offers test-send exactly when it has a sender"


def alias_problems(registry: Registry, renames: Mapping[str, Mapping[str, Mapping[str, str]]]) -> Iterator[str]:
    """Aliases name a known face, are unique per face, and each face's key renames point at real types and keys.

    ``renames`` is, per face, type id to {the face's name: the property key it stands for}.
    """
    for face in FACES:
        named = Counter(m.aliases[face] for m in registry if face in m.aliases)
        yield from (f"{face}: {alias!r} names more than one type" for alias, count in named.items() if count > 1)
    for manifest in registry:
        for face in manifest.aliases:
            if face not in FACES:
                yield f"{manifest.id}: alias for unknown face {face!r} (known: {', '.join(FACES)})"
    for face, by_type in renames.items():
        for type_id, mapping in by_type.items():
            found = registry.get(type_id)
            if found is None:
                yield f"{face}: renames keys of {type_id!r}, which is not a registered type"
                continue
            for outside, key in mapping.items():
                if found.prop(key) is None:
                    yield f"{face}: {type_id}'s {outside!r} points at {key!r}, which {type_id} does not have"


def fixture_problems(tests_root: Path) -> Iterator[str]:
    """Every fixture under ``tests/providers/<id>/fixtures`` names the public page it was copied from.

    Its own ``source`` key does, or (for a raw payload) its line in the folder's ``SOURCES.txt``; a sidecar
    line must name a fixture that is there.
    """
    for path in sorted(tests_root.glob("*/fixtures/*.json")):
        where = f"{path.parent.parent.name}/{path.name}"
        try:
            orjson.loads(path.read_bytes())
        except orjson.JSONDecodeError:
            yield f"{where}: not valid JSON"
            continue
        if not source_of(path).startswith("https://"):
            yield f"{where}: needs the https:// page it was copied from (its 'source', or a line in {SIDECAR})"
    for folder in sorted(p.parent for p in tests_root.glob(f"*/fixtures/{SIDECAR}")):
        for name in strays(folder):
            yield f"{folder.parent.name}/{SIDECAR}: names {name!r}, which is not a fixture here"


def contract_problems(registry: Registry, tests_root: Path) -> Iterator[str]:
    """Every sender has a contract case, and every provider test folder belongs to a registered provider."""
    for manifest in registry.by_direction(Direction.EGRESS):
        if registry.sender(manifest.id) is not None and not (tests_root / manifest.id / "contract.py").is_file():
            yield f"{manifest.id}: has a sender but no tests/providers/{manifest.id}/contract.py"
    for folder in sorted(p for p in tests_root.iterdir() if p.is_dir() and not p.name.startswith("_")):
        if folder.name not in registry:
            yield f"tests/providers/{folder.name}: no registered provider has this id"


def face_renames() -> dict[str, dict[str, dict[str, str]]]:
    """What each face renames, per type: Novu's credential names and the campaign platform's field names."""
    from interlink.dialects.campaign.fields import FIELD_MAPS
    from interlink.dialects.novu.credentials import KEYMAPS

    novu = {type_id: dict(keymap.renames) for type_id, keymap in KEYMAPS.items()}
    return {"novu": novu, "campaign": {type_id: dict(m) for type_id, m in FIELD_MAPS.items()}}


def all_problems(registry: Registry, tests_root: Path | None) -> list[str]:
    found = [*manifest_problems(registry), *alias_problems(registry, face_renames())]
    if tests_root is not None and tests_root.is_dir():
        found += [*fixture_problems(tests_root), *contract_problems(registry, tests_root)]
    return found
