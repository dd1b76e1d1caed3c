"""Apprise, loaded only when used (it is an optional extra), with its log lines kept for the send that made them.

Apprise says only "sent" or "not sent"; why is in its log lines. They are captured per thread (sends run
side by side) and never reach Interlink's own logs, where the URL's tokens could show: the engine scrubs
them into the send's detail instead.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

INSTALL = "install interlink[apprise]"
LOCAL = frozenset({"dbus", "glib", "gnome", "kde", "qt", "macosx", "windows", "syslog", "blink1"})
"""Schemes that notify the machine Interlink runs on (its desktop, its syslog, a USB light), not a service."""
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]{0,19}$")


class _Lines(logging.Handler):
    """Keeps Apprise's lines for the thread that is capturing, so concurrent sends never read each other's."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self._local = threading.local()

    def emit(self, record: logging.LogRecord) -> None:
        lines: list[tuple[int, str]] | None = getattr(self._local, "lines", None)
        if lines is None:
            return
        try:
            lines.append((record.levelno, record.getMessage()))
        except Exception:  # a malformed line is dropped, never printed with its arguments
            return

    @contextmanager
    def capture(self) -> Iterator[list[tuple[int, str]]]:
        previous = getattr(self._local, "lines", None)
        found: list[tuple[int, str]] = []
        self._local.lines = found
        try:
            yield found
        finally:
            self._local.lines = previous


LINES = _Lines()
THREAD_PREFIX = "interlink-apprise"


class _NotFromSends(logging.Filter):
    """Drops the HTTP library's lines written in a send's thread: they spell the URL, tokens and all."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.threadName or "").startswith(THREAD_PREFIX)


def _quiet_http_library() -> None:
    """Apprise posts with requests, whose urllib3 logs each request line at DEBUG; not for a send's requests."""
    for name in [n for n in logging.Logger.manager.loggerDict if n == "urllib3" or n.startswith("urllib3.")]:
        logger = logging.getLogger(name)
        if not any(isinstance(f, _NotFromSends) for f in logger.filters):
            logger.addFilter(_NotFromSends())


_setup = threading.Lock()
_quiet = False


def load() -> ModuleType | None:
    """The apprise package with its logger kept to itself, or None when the extra is not installed."""
    global _quiet
    try:
        import apprise
    except ImportError:
        return None
    with _setup:
        if not _quiet:
            logger = logging.getLogger("apprise")
            logger.propagate = False  # its lines may hold the URL's tokens: they go to the send's detail, scrubbed
            logger.addHandler(LINES)
            if logger.level == logging.NOTSET or logger.level > logging.INFO:
                logger.setLevel(logging.INFO)
            _quiet_http_library()
            _quiet = True
    return apprise


def asset(apprise: ModuleType) -> Any:
    """Apprise's settings for one send: nothing kept on disk, no redirects followed, no retries of its own."""
    made = apprise.AppriseAsset(storage_mode="memory")
    made.http_redirects = False
    made.default_service_retry = 0
    return made


def scheme_of(url: str) -> str | None:
    """The URL's scheme, lowercased, when it looks like one."""
    head, sep, _ = url.partition("://")
    return head.lower() if sep and _SCHEME.match(head.lower()) else None


def instantiate(apprise: ModuleType, url: str) -> tuple[Any, str | None]:
    """Apprise's notifier for the URL, or None and why not (never repeating the URL, which is a secret)."""
    scheme = scheme_of(url.strip())
    if scheme is None:
        return None, "must be an Apprise URL, such as ntfy://ntfy.example.com/alerts"
    if scheme not in apprise.manager_plugins.NotificationManager():
        return None, f"Apprise does not know the scheme {scheme}://"
    if scheme in LOCAL:
        return None, f"{scheme}:// notifies the server Interlink runs on, not a service"
    with LINES.capture():
        plugin = apprise.Apprise.instantiate(url, asset=asset(apprise), suppress_exceptions=True)
    if plugin is None:
        return None, f"Apprise cannot use this {scheme}:// URL (a token is missing or malformed, or the service is off)"
    return plugin, None


def hosts(plugin: Any) -> tuple[str, ...]:
    """The hosts the notifier connects to that its URL names (a self-hosted server), not a fixed service's."""
    if "host" not in getattr(type(plugin), "template_tokens", {}):
        return ()  # its URL's first part is a token, not a host (slack://, tgram://, discord://)
    named = [getattr(plugin, "host", None), getattr(plugin, "smtp_host", None)]
    return tuple(dict.fromkeys(dialled_name(h) for h in named if isinstance(h, str) and h))


def dialled_name(host: str) -> str:
    """The host as the connection will spell it: IDNA, so full-width digits and ideographic dots read as ASCII."""
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def problem(value: object) -> str | None:
    """Why a value is not a URL Apprise can send to, or None; the manifest's check at save."""
    if not isinstance(value, str):
        return "must be an Apprise URL"
    apprise = load()
    if apprise is None:
        return f"Apprise is not installed on this server: {INSTALL}"
    return instantiate(apprise, value)[1]


def dialled(value: object) -> tuple[str, ...]:
    """The hosts a URL makes Interlink connect to, for the outbound policy at save."""
    apprise = load()
    if apprise is None or not isinstance(value, str):
        return ()
    plugin, _ = instantiate(apprise, value)
    return hosts(plugin) if plugin is not None else ()
