"""``/v2/alert-links/{token}``: the acknowledge and resolve links in pages; ``GET`` asks, ``POST`` acts.

They need no API key (the signed token is the permission) and answer small HTML pages, since a person
opens them from an email or a chat message. ``GET`` never changes anything, so link previews are harmless.
"""

from __future__ import annotations

from html import escape

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse

from interlink.core.errors import Conflict
from interlink.http_kit.auth import hub_of
from interlink.services import alert_links
from interlink.services.alert_links import LinkRefused

# Pages for a person following a link from a notification, not API operations: kept out of the OpenAPI document.
router = APIRouter(prefix=alert_links.PATH, tags=["alert links"], include_in_schema=False)
_VERB = {"acknowledge": "Acknowledge", "resolve": "Resolve"}


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    html = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title></head><body><main><h1>{escape(title)}</h1>{body}</main></body></html>"
    )
    headers = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}
    return HTMLResponse(html, status_code=status, headers=headers)


@router.get("/{token}", summary="Confirm an acknowledge or resolve link", response_class=HTMLResponse)
async def confirm(token: str, request: Request) -> HTMLResponse:
    try:
        link, alert = await alert_links.preview(hub_of(request), token)
    except LinkRefused as exc:
        return _page("Link not usable", f"<p>{escape(exc.detail)}.</p>", exc.status)
    verb = _VERB[link.action]
    body = (
        f"<p>{escape(alert.title)}</p><p>Urgency: {escape(alert.urgency)} · Status: {escape(alert.status)}</p>"
        f'<form method="post"><button type="submit">{verb} this alert</button></form>'
    )
    return _page(f"{verb} alert?", body)


@router.post("/{token}", summary="Acknowledge or resolve the alert a link names", response_class=HTMLResponse)
async def act(token: str, request: Request) -> HTMLResponse:
    try:
        _, alert = await alert_links.act(hub_of(request), token)
    except LinkRefused as exc:
        return _page("Link not usable", f"<p>{escape(exc.detail)}.</p>", exc.status)
    except Conflict as exc:
        return _page("Nothing to do", f"<p>{escape(exc.detail)}.</p>", 409)
    return _page(f"Alert {alert.status}", f"<p>{escape(alert.title)} is {escape(alert.status)}.</p>")
