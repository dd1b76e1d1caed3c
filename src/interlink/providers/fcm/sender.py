"""Firebase Cloud Messaging HTTP v1: ``messages:send`` with an OAuth2 token from the service account."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import quote

import orjson

from interlink.providers.fcm import oauth
from interlink.sdk import (
    Answer,
    CannotSend,
    HttpSender,
    Misconfigured,
    OutboundMessage,
    Outcome,
    Request,
    SendResult,
    Transport,
    recipient_of,
)

PUBLIC_BASE = "https://fcm.googleapis.com"
GONE = {"UNREGISTERED"}
TOKEN = "_accessToken"  # handed from ``send`` to ``request``; never part of a saved configuration


def endpoint(config: Mapping[str, Any], project: str) -> str:
    base = str(config.get("baseUrl") or PUBLIC_BASE).rstrip("/")
    return f"{base}/v1/projects/{quote(project, safe='')}/messages:send"


def body_of(message: OutboundMessage, token: str) -> dict[str, Any]:
    """One message to one registration token; ``data`` values must be strings, so others are sent as JSON."""
    notification = {k: v for k, v in (("title", message.subject), ("body", message.text)) if v}
    data = {"messageId": message.id}
    for key, value in (message.metadata or {}).items():
        data[str(key)] = value if isinstance(value, str) else orjson.dumps(value).decode()
    return {"message": {"token": token, "notification": notification, "data": data}}


def account_of(config: Mapping[str, Any]) -> oauth.ServiceAccount:
    try:
        return oauth.parse(str(config.get("serviceAccount") or ""))
    except ValueError as exc:
        raise Misconfigured(str(exc)) from None


def error_code(answer: Answer) -> tuple[str, str]:
    """The FCM ``errorCode`` (from ``details``, else the RPC ``status``) and message of a google.rpc.Status body."""
    error = answer.fields.get("error")
    if not isinstance(error, dict):
        return "", ""
    code = str(error.get("status") or "")
    for detail in error.get("details") or []:
        if isinstance(detail, dict) and detail.get("errorCode"):
            code = str(detail["errorCode"])
    return code, str(error.get("message") or "")


class FcmSender(HttpSender):
    """Sends to one registration token per message; the access token is shared by every send of the account."""

    service = "FCM"

    def __init__(self) -> None:
        self.tokens = oauth.TokenCache()

    def request(self, message: OutboundMessage, config: Mapping[str, Any]) -> Request:
        device = recipient_of(message, "token")
        account = account_of(config)
        project = str(config.get("projectId") or account.project_id)
        if not project:
            raise Misconfigured("no project id (set projectId)")
        headers = {"Authorization": f"Bearer {config[TOKEN]}", "Content-Type": "application/json; UTF-8"}
        return Request(endpoint(config, project), headers=headers, json=body_of(message, device))

    def message_id(self, answer: Answer) -> str | None:
        name = answer.fields.get("name")
        return str(name) if name else None

    def problem(self, answer: Answer) -> str:
        code, said = error_code(answer)
        return f"{code}: {said}" if code and said else code or said

    def read(self, answer: Answer) -> SendResult:
        result = super().read(answer)
        if error_code(answer)[0] in GONE:
            return replace(result, gone=True)
        return result

    async def send(self, message: OutboundMessage, config: Mapping[str, Any], transport: Transport) -> SendResult:
        try:
            recipient_of(message, "token")
            account = account_of(config)
        except CannotSend as exc:
            return SendResult.failed(exc.detail)
        token = await self.tokens.token(account, transport)
        if isinstance(token, SendResult):
            return token
        result = await super().send(message, {**config, TOKEN: token}, transport)
        if result.status_code == 401:  # the token was revoked or expired early: fetch a new one next time
            self.tokens.forget(account)
            return replace(result, outcome=Outcome.RETRY)
        return result


SENDER = FcmSender()
