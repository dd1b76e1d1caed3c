"""What a page says on each channel: the alert, its urgency, and the signed acknowledge and resolve links."""

from __future__ import annotations

from html import escape
from typing import Any

from interlink.core.timeutil import iso
from interlink.services.alert_hooks import AlertView
from interlink.services.messages import MessageDraft
from interlink.store.paging_tables import AccountUser

EVENT_PAGED = "alert.paged"
EVENT_FORWARDED = "alert.forwarded"
_CHANNEL = {"email": "email", "sms": "sms", "phone": "phone", "push": "push", "chat": "chat", "webhook": "webhook"}


def alert_payload(alert: AlertView) -> dict[str, Any]:
    """The alert as a message's payload carries it (for webhooks and integration conditions)."""
    return {
        "id": alert.id,
        "title": alert.title,
        "description": alert.description,
        "urgency": alert.urgency,
        "status": alert.status,
        "integrationId": alert.integration_id,
        "thirdPartyId": alert.third_party_id,
        "tags": list(alert.tags),
        "createdAt": iso(alert.created_at),
    }


def _text(alert: AlertView, links: dict[str, str]) -> str:
    lines = [f"[{alert.urgency.upper()}] {alert.title}"]
    if alert.description:
        lines += ["", alert.description[:2000]]
    lines += ["", f"Acknowledge: {links['acknowledge']}", f"Resolve: {links['resolve']}"]
    return "\n".join(lines)


def _html(alert: AlertView, links: dict[str, str]) -> str:
    description = f"<p>{escape(alert.description[:2000])}</p>" if alert.description else ""
    return (
        f"<h2>[{escape(alert.urgency.upper())}] {escape(alert.title)}</h2>{description}"
        f'<p><a href="{escape(links["acknowledge"])}">Acknowledge</a> · '
        f'<a href="{escape(links["resolve"])}">Resolve</a></p>'
    )


def methods_of(user: AccountUser) -> list[dict[str, Any]]:
    """The user's contact methods; one who has none is reached at the account's email."""
    return list(user.contact_methods) or [{"type": "email", "to": {"email": user.email, "name": user.name}}]


def page_drafts(
    user: AccountUser, alert: AlertView, links: dict[str, str], escalation: dict[str, Any]
) -> list[MessageDraft]:
    """One message per contact method of the user."""
    payload = {
        "alert": alert_payload(alert),
        "links": links,
        "accountUser": {"id": user.id, "name": user.name, "email": user.email},
        "escalation": escalation,
    }
    drafts = []
    for method in methods_of(user):
        channel = _CHANNEL[method["type"]]
        to = dict(method.get("to") or {})
        if channel == "email":
            to.setdefault("name", user.name)
        drafts.append(
            MessageDraft(
                channel=channel,
                to=to,
                subject=f"[{alert.urgency.upper()}] {alert.title}"[:1000],
                text=_text(alert, links),
                html=_html(alert, links) if channel == "email" else None,
                integration_id=method.get("integrationId"),
                event_type=EVENT_PAGED,
                payload=payload,
                metadata={"alertId": alert.id, "accountUserId": user.id},
            )
        )
    return drafts


def forward_draft(channel: str, integration_id: str, alert: AlertView, links: dict[str, str]) -> MessageDraft:
    """The alert sent on to an outbound webhook or chat integration a router named."""
    return MessageDraft(
        channel=channel,
        to={},
        subject=f"[{alert.urgency.upper()}] {alert.title}"[:1000],
        text=_text(alert, links),
        integration_id=integration_id,
        event_type=EVENT_FORWARDED,
        payload={"alert": alert_payload(alert), "links": links},
        metadata={"alertId": alert.id},
    )
