"""Faces render typed views that services return: no module of a face imports from ``interlink.store``."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
FACES = ("api", "dialects", "console", "cli", "http_kit")
STORE = "interlink.store"

# (module, imported name) -> why it is still allowed; empty now, and an entry must say why it cannot be a view.
ALLOWED: dict[tuple[str, str], str] = {}


def _dotted(path: Path) -> str:
    return ".".join(path.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__")


def _imported(module: str, node: ast.ImportFrom) -> str:
    """The absolute module a ``from`` import names, relative ones resolved against ``module``."""
    if not node.level:
        return node.module or ""
    base = module.split(".")[: -node.level]
    return ".".join([*base, *([node.module] if node.module else [])])


def _store_names(module: str, code: str) -> set[str]:
    """What ``module`` imports from the store, written ``package.module.Name`` (or the module itself)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.ImportFrom):
            source = _imported(module, node)
            names = {f"{source}.{alias.name}" for alias in node.names}
            found |= {n for n in names if n == STORE or n.startswith(STORE + ".")}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name == STORE or a.name.startswith(STORE + ".")}
    return found


def store_imports() -> set[tuple[str, str]]:
    """Every (module, name) pair by which a face imports from the store, at any depth (``TYPE_CHECKING`` too)."""
    found: set[tuple[str, str]] = set()
    for face in FACES:
        for path in sorted((SRC / "interlink" / face).rglob("*.py")):
            module = _dotted(path)
            found |= {(module, name) for name in _store_names(module, path.read_text())}
    return found


def test_faces_import_nothing_from_the_store() -> None:
    unexpected = sorted(store_imports() - set(ALLOWED))
    assert not unexpected, "a face imports storage types; return a view from the service instead: " + ", ".join(
        f"{module} imports {name}" for module, name in unexpected
    )


def test_every_allowed_import_is_still_there() -> None:
    stale = sorted(set(ALLOWED) - store_imports())
    assert not stale, f"these imports are gone; drop them from ALLOWED: {stale}"


def test_every_allowance_says_why() -> None:
    assert all(reason.strip() for reason in ALLOWED.values())


def test_the_walk_sees_each_form_of_import() -> None:
    """The check is not vacuous: absolute, package, plain and relative imports of the store are all caught."""
    samples = {
        "from interlink.store.tables import Place": {"interlink.store.tables.Place"},
        "from interlink import store, services": {"interlink.store"},
        "import interlink.store.alerts as a": {"interlink.store.alerts"},
        "from ...store import tables": {"interlink.store.tables"},
        "if TYPE_CHECKING:\n    from interlink.store.inbound import EventFilter": {
            "interlink.store.inbound.EventFilter"
        },
        "from interlink.services.inbox import InboxItemView": set(),
        "from interlink.storefront import x": set(),
    }
    for code, names in samples.items():
        assert _store_names("interlink.api.routes.x", code) == names, code
