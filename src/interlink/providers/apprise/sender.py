"""Sends through Apprise in a worker thread, under Interlink's timeout, outbound policy, retries and failover.

Apprise's own retries, throttling and redirects are turned off; it answers only sent or not, so every failure
it reports is retried (Interlink's retry policy and circuit breaker decide when to stop), with its log lines,
scrubbed by the engine, as the reason.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import socket
import threading
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from types import ModuleType
from typing import Any

from interlink.providers.apprise.library import INSTALL, LINES, THREAD_PREFIX, hosts, instantiate, load
from interlink.sdk import CannotSend, OutboundMessage, SendResult, Transport
from interlink.sdk.http import one_line

MAX_DETAIL = 300
GRACE = 1.0  # seconds beyond the socket timeouts for the thread to hand its answer back
THREADS = 16
_pool: ThreadPoolExecutor | None = None


def pool() -> ThreadPoolExecutor:
    """Apprise's own threads, so slow services never hold the loop's default executor (DNS lookups use it)."""
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=THREADS, thread_name_prefix=THREAD_PREFIX)
    return _pool


def content(message: OutboundMessage) -> tuple[str, str, str]:
    """Title, body and body format: the subject as title, the text (or else the HTML) as body."""
    title = one_line(message.subject or "")
    if message.text and message.text.strip():
        return title, message.text, "text"
    if message.html and message.html.strip():
        return title, message.html, "html"
    if title:
        return "", title, "text"
    raise CannotSend("the message has no text to send")


def said(lines: list[tuple[int, str]]) -> str:
    """Apprise's warnings and errors (or else its other lines) as one short line."""
    worst = [text for level, text in lines if level >= logging.WARNING] or [text for _, text in lines]
    return one_line("; ".join(worst))[:MAX_DETAIL]


def refusal(plugin: Any, transport: Transport) -> str | None:
    """Why a host the URL names may not be reached: checked as named and on every address it resolves to."""
    for host in hosts(plugin):
        refused = transport.check_host(host)
        if refused:
            return refused
        try:
            answers = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError):
            continue  # Apprise fails to resolve it too, and says so
        if all(transport.check_host(str(a[4][0])) for a in answers):
            return f"{host} resolves only to private addresses, which are not allowed"
    return None


def tame(plugin: Any, timeout: float) -> None:
    """Interlink's timeout on every socket; no retries, waits, throttling or redirects of Apprise's own."""
    plugin.socket_connect_timeout = timeout
    plugin.socket_read_timeout = timeout
    plugin.request_rate_per_sec = 0
    plugin.retry, plugin.wait, plugin.optional = 0, 0.0, False
    plugin.redirects = False


def deliver(
    apprise: ModuleType, url: str, message: OutboundMessage, transport: Transport, abandoned: threading.Event
) -> SendResult:
    """One notification, in a worker thread: build the notifier, check where it goes, send, read its lines.

    A send its caller gave up on (it waited for a free thread past the timeout) is not started: the retry sends it.
    """
    title, body, form = content(message)
    plugin, problem = instantiate(apprise, url)
    if plugin is None:
        return SendResult.failed(f"the Apprise URL cannot be used: {problem}")
    refused = refusal(plugin, transport)
    if refused:
        return SendResult.failed(refused)
    tame(plugin, transport.timeout)
    if abandoned.is_set():
        return SendResult.retry("abandoned before it was sent")
    with LINES.capture() as lines:
        try:
            sent = plugin.notify(body=body, title=title, body_format=apprise.NotifyFormat(form))
        except Exception as exc:  # a plugin's bug or an unexpected answer: later, maybe it is fixed
            return SendResult.retry(f"Apprise failed: {type(exc).__name__}: {one_line(exc)[:MAX_DETAIL]}")
    if sent:
        return SendResult.delivered(response_excerpt=said(lines) or None)
    return SendResult.retry(f"Apprise: {said(lines) or 'the service did not accept the notification'}")


class AppriseSender:
    """One notifier per message, sent in Apprise's thread pool; the engine's timeout bounds the wait."""

    async def send(self, message: OutboundMessage, config: Mapping[str, Any], transport: Transport) -> SendResult:
        apprise = load()
        if apprise is None:
            return SendResult.failed(f"Apprise is not installed on this server: {INSTALL}")
        url = config.get("url")
        if not isinstance(url, str) or not url.strip():
            return SendResult.failed("the integration has no Apprise URL")
        try:
            content(message)
        except CannotSend as exc:
            return SendResult.failed(exc.detail)
        abandoned = threading.Event()
        work = partial(contextvars.copy_context().run, deliver, apprise, url, message, transport, abandoned)
        limit = transport.timeout + GRACE
        try:
            async with asyncio.timeout(limit):
                return await asyncio.get_running_loop().run_in_executor(pool(), work)
        except TimeoutError:
            abandoned.set()
            return SendResult.retry(f"Apprise did not finish within {limit:g} s")


SENDER = AppriseSender()
