"""The console's HTTP kit: templates, the signed-in session, CSRF-checked forms and HTML error pages."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.datastructures import FormData
from starlette.responses import HTMLResponse, RedirectResponse, Response

from interlink.console.nav import NAV
from interlink.core.errors import FieldError, Forbidden, InterlinkError, Unauthorized, Unprocessable
from interlink.services import sessions
from interlink.services.caller import WRITE
from interlink.services.hub import Hub
from interlink.services.sessions import ConsoleSession

PREFIX = "/console"
SESSION_COOKIE = "interlink_console"
LOGIN_CSRF_COOKIE = "interlink_console_csrf"
HERE = Path(__file__).parent
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

templates = Environment(
    loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True), trim_blocks=True
)
templates.globals["nav"] = NAV


def hub_of(request: Request) -> Hub:
    hub: Hub = request.app.state.hub
    return hub


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render a template with the signed-in session (if any) and the current path in its context."""
    current: ConsoleSession | None = getattr(request.state, "console", None)
    html = templates.get_template(template).render(
        request=request,
        session=current,
        can_write=bool(current and WRITE in current.caller.scopes),
        csrf=current.csrf if current else "",
        path=request.url.path,
        **context,
    )
    return HTMLResponse(html, status_code=status, headers=HEADERS)


def redirect(location: str) -> RedirectResponse:
    """303 See Other: after a form post, the browser GETs the next page."""
    return RedirectResponse(location, status_code=303, headers=HEADERS)


async def signed_in(request: Request) -> ConsoleSession:
    """FastAPI dependency: the console session from its cookie, or 401 (which sends the browser to sign in)."""
    found = await sessions.resume(hub_of(request), request.cookies.get(SESSION_COOKIE))
    request.state.console = found
    return found


def _no_nul(form: FormData) -> None:
    for key, value in form.multi_items():
        if isinstance(value, str) and "\x00" in value:
            raise Unprocessable(
                "Text may not contain the NUL character", [FieldError(key, "contains the NUL character")]
            )
        if not isinstance(value, str):
            raise Unprocessable("Files cannot be uploaded here", [FieldError(key, "must be text")])


async def read_form(request: Request, expected_csrf: str) -> FormData:
    """The posted form, after checking its CSRF token against the session's (403 otherwise)."""
    form = await request.form(max_files=0, max_fields=500)
    given = form.get("csrf_token")
    if not isinstance(given, str) or not expected_csrf or not secrets.compare_digest(given, expected_csrf):
        raise Forbidden("This form has expired or did not come from the console; reload the page and try again")
    _no_nul(form)
    return form


async def write_form(request: Request, current: ConsoleSession) -> FormData:
    """A CSRF-checked form from a caller who may write (403 before reading anything else)."""
    current.caller.require(WRITE)
    return await read_form(request, current.csrf)


def field_errors(exc: InterlinkError) -> dict[str, str]:
    """Field path -> message, with ``properties.x`` and ``credentials.x`` both shown beside the field ``x``."""
    out: dict[str, str] = {}
    for error in exc.errors:
        path = error.path
        for prefix in ("properties.", "credentials."):
            if path.startswith(prefix):
                path = "prop." + path[len(prefix) :]
        out.setdefault(path, error.message)
    return out


def error_page(request: Request, exc: InterlinkError) -> Response:
    if isinstance(exc, Unauthorized):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.method != "GET":
            target = PREFIX
        return redirect(f"{PREFIX}/sign-in?next={quote(target, safe='')}")
    return page(request, "error.html", exc.status, error=exc)


class ConsoleRoute(APIRoute):
    """Routes whose service errors become HTML pages (or a redirect to sign in), never problem+json."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def run(request: Request) -> Response:
            try:
                return await handler(request)
            except InterlinkError as exc:
                return error_page(request, exc)

        return run
