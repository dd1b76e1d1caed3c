"""The one outbound address policy: which hosts and addresses Interlink may connect to, however a URL spells them.

It is applied twice: when a URL or host is saved (on the host exactly as the HTTP client will normalise it:
IDNA, full-width digits, ideographic dots) and on every address a connection is about to dial.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field

import yarl

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

LIFT = "set INTERLINK_ALLOW_PRIVATE_NETWORKS=true or list it in INTERLINK_OUTBOUND_ALLOW to allow it"
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
_NUMERIC = re.compile(r"^[0-9a-fx.]+$")  # what inet_aton may read as an IPv4 address (hex, octal, decimal)


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries (mapped, compatible, 6to4, Teredo client, NAT64), if any."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if any(ip in net for net in _NAT64) or int(ip) >> 32 == 0:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _internal(ip: Address) -> bool:
    if ip.is_multicast or ip.is_unspecified or ip.is_loopback or ip.is_link_local or ip.is_reserved:
        return True
    if isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT:
        return True
    return not ip.is_global


def is_internal(ip: Address) -> bool:
    """Loopback, private, link-local, CGNAT, multicast, unspecified or reserved, directly or embedded in IPv6."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None and _internal(embedded):
            return True
        if embedded is not None and (ip.ipv4_mapped or ip.sixtofour or any(ip in net for net in _NAT64)):
            return False  # a public IPv4 address reached through IPv6 (NAT64 is how IPv6-only hosts reach it)
    return _internal(ip)


def parse_address(text: str) -> Address | None:
    """An IP address however it is spelled (``[::1]``, ``fe80::1%eth0``, ``0x7f.1``, ``2130706433``), or None."""
    name = text.strip().removeprefix("[").removesuffix("]").split("%", 1)[0]
    try:
        return ipaddress.ip_address(name)
    except ValueError:
        pass
    if name and _NUMERIC.match(name.lower()):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(name))
        except OSError:
            return None
    return None


def _canonical_ipv4(name: str) -> bool:
    parts = name.split(".")
    return len(parts) == 4 and all(p.isascii() and p.isdigit() and str(int(p)) == p and int(p) < 256 for p in parts)


def dialled_host(url: str) -> tuple[str, str] | None:
    """(scheme, host) as the HTTP client will dial them, after IDNA and Unicode normalisation; None if unusable."""
    try:
        parsed = yarl.URL(url)
        host = parsed.raw_host
    except (ValueError, TypeError, UnicodeError):
        return None
    if not parsed.absolute or not host:
        return None
    return parsed.scheme.lower(), host.lower().rstrip(".")


@dataclass(frozen=True)
class OutboundPolicy:
    """Refuses internal addresses unless lifted for all (``allow_private``) or by an allow-list of hosts and CIDRs."""

    allow_private: bool = False
    networks: tuple[Network, ...] = ()
    hosts: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def build(cls, allow_private: bool, allow: Iterable[str] = ()) -> OutboundPolicy:
        """Entries are CIDRs or addresses (``10.0.0.0/8``), host names, or ``.example.com`` for a whole domain."""
        networks: list[Network] = []
        hosts: set[str] = set()
        for entry in (e.strip().lower() for e in allow):
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry.removeprefix("[").removesuffix("]"), strict=False))
            except ValueError:
                hosts.add(entry.rstrip("."))
        return cls(allow_private, tuple(networks), frozenset(hosts))

    def host_listed(self, host: str) -> bool:
        name = host.lower().rstrip(".")
        return name in self.hosts or any(h.startswith(".") and name.endswith(h) for h in self.hosts)

    def address_refusal(self, address: str | Address) -> str | None:
        """Why a connection to this address may not be made, or None."""
        ip = address if not isinstance(address, str) else parse_address(address)
        if ip is None:
            return "the address cannot be read"
        if self.allow_private or not is_internal(ip) or any(ip in net for net in self.networks):
            return None
        return f"{ip} is a private address; {LIFT}"

    def host_refusal(self, host: str) -> str | None:
        """Why a host (a name or a literal address) may not be used, or None. Names are checked again on resolve."""
        name = host.strip().removeprefix("[").removesuffix("]").rstrip(".").lower()
        if not name:
            return "no host given"
        if self.allow_private or self.host_listed(name):
            return None
        ip = parse_address(name)
        if ip is not None and ":" not in name and not _canonical_ipv4(name):
            return f"the URL cannot be called: {name} is a legacy spelling of {ip}; write four decimal numbers"
        if ip is not None:
            return self.address_refusal(ip)
        if name in _LOCAL_NAMES or name.endswith(".localhost"):
            return f"localhost is not allowed; {LIFT}"
        return None

    def url_refusal(self, url: str) -> str | None:
        """Why ``url`` may not be called, or None."""
        found = dialled_host(url) if isinstance(url, str) else None
        if found is None or found[0] not in {"http", "https"} or not found[1]:
            return "only http and https URLs can be called"
        return self.host_refusal(found[1])
