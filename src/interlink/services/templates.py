"""Renders message templates with Jinja2's sandbox; a missing variable is the caller's error, not ours."""

from __future__ import annotations

from typing import Any

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from interlink.core.errors import invalid

_plain = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
_html = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)


def render(source: str, data: dict[str, Any], *, html: bool, path: str) -> str:
    """Render one template; errors name the template field (``template.subject``)."""
    env = _html if html else _plain
    try:
        return env.from_string(source).render(**data)
    except TemplateError as exc:
        raise invalid(path, f"could not be rendered: {exc.message or type(exc).__name__}") from exc
