"""Sign in with an API key, sign out; the session cookie is secure, http-only, same-site and holds no key."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from interlink.console import web
from interlink.core.errors import Unauthorized
from interlink.services import sessions
from interlink.services.sessions import ConsoleSession

router = APIRouter(prefix=web.PREFIX, route_class=web.ConsoleRoute, include_in_schema=False)
Session = Annotated[ConsoleSession, Depends(web.signed_in)]


def _set_cookie(response: Response, name: str, value: str, max_age: int) -> None:
    """Secure, http-only, same-site (strict) and scoped to the console's paths."""
    response.set_cookie(name, value, max_age=max_age, httponly=True, secure=True, samesite="strict", path=web.PREFIX)


def _next(target: str | None) -> str:
    """Only a path inside the console, so the sign-in form cannot send a browser elsewhere."""
    if target and target.startswith(web.PREFIX + "/") and not target.startswith("//") and "\\" not in target:
        return target
    return f"{web.PREFIX}/integrations"


def _form(request: Request, status: int = 200, error: str | None = None) -> Response:
    token = request.cookies.get(web.LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(24)
    response = web.page(
        request, "sign_in.html", status, login_csrf=token, error=error, next=_next(request.query_params.get("next"))
    )
    _set_cookie(response, web.LOGIN_CSRF_COOKIE, token, 3600)
    return response


@router.get("")
async def home() -> Response:
    return web.redirect(f"{web.PREFIX}/integrations")


@router.get("/sign-in")
async def sign_in_form(request: Request) -> Response:
    return _form(request)


@router.post("/sign-in")
async def sign_in(request: Request) -> Response:
    form = await web.read_form(request, request.cookies.get(web.LOGIN_CSRF_COOKIE, ""))
    key = form.get("api_key")
    try:
        found, token = await sessions.sign_in(web.hub_of(request), key if isinstance(key, str) else "")
    except Unauthorized as exc:
        return _form(request, 401, exc.detail)
    target = form.get("next")
    response = web.redirect(_next(target if isinstance(target, str) else None))
    max_age = int((found.expires - found.expires.now(found.expires.tzinfo)).total_seconds())
    _set_cookie(response, web.SESSION_COOKIE, token, max_age)
    response.delete_cookie(web.LOGIN_CSRF_COOKIE, path=web.PREFIX, secure=True, httponly=True, samesite="strict")
    return response


@router.post("/sign-out")
async def sign_out(request: Request, current: Session) -> Response:
    await web.read_form(request, current.csrf)
    await sessions.sign_out(web.hub_of(request), request.cookies.get(web.SESSION_COOKIE, ""))
    response = web.redirect(f"{web.PREFIX}/sign-in")
    response.delete_cookie(web.SESSION_COOKIE, path=web.PREFIX, secure=True, httponly=True, samesite="strict")
    return response
