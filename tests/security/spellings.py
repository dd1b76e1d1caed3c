# ruff: noqa: RUF001  (the look-alike characters are the attack)
"""Hypothesis strategies for the many ways a URL can spell a loopback or otherwise internal address."""

from __future__ import annotations

from hypothesis import strategies as st

FULL_WIDTH = str.maketrans("0123456789abcdefx", "０１２３４５６７８９ａｂｃｄｅｆｘ")
DOTS = (".", "。", "．", "｡")  # IDNA maps the ideographic and full-width dots to "."


def _octet(value: int, style: str) -> str:
    if style == "octal":
        return "0" + format(value, "o")
    if style == "hex":
        return hex(value)
    if style == "HEX":
        return "0X" + format(value, "X")
    if style == "wide":
        return str(value).translate(FULL_WIDTH)
    return str(value)


@st.composite
def ipv4_spellings(draw: st.DrawFn, octets: tuple[int, int, int, int]) -> str:
    """Dotted with mixed octet styles and dots, short forms (127.1), or one big number."""
    form = draw(st.sampled_from(["dotted", "dotted", "short", "integer"]))
    value = int.from_bytes(bytes(octets), "big")
    if form == "integer":
        style = draw(st.sampled_from(["decimal", "octal", "hex", "wide"]))
        return _octet(value, style)
    parts = list(octets) if form == "dotted" else [octets[0], value & 0xFFFFFF]
    styles = draw(st.lists(st.sampled_from(["decimal", "decimal", "octal", "hex", "HEX", "wide"]), min_size=4))
    dots = draw(st.lists(st.sampled_from(DOTS), min_size=4))
    out = _octet(parts[0], styles[0])
    for i, part in enumerate(parts[1:], 1):
        out += dots[i] + _octet(part, styles[i])
    return out


IPV6_LOOPBACKS = [
    "::1",
    "0:0:0:0:0:0:0:1",
    "0000::0001",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::FFFF:7F00:0001",
    "::127.0.0.1",
    "::7f00:1",
    "64:ff9b::7f00:1",
    "64:ff9b::127.0.0.1",
    "64:ff9b:1::7f00:1",
    "2002:7f00:1::",
    "::",
    "::ffff:0.0.0.0",
    "::ffff:a9fe:a9fe",
    "::ffff:100.64.0.1",
    "fe80::1",
    "ff02::1",
]
NAMES = ["localhost", "LOCALHOST", "Localhost.", "api.localhost", "ｌｏｃａｌｈｏｓｔ", "localhost.localdomain"]


@st.composite
def loopback_hosts(draw: st.DrawFn) -> str:
    """A host part that, dialled, would land on this machine (or another internal address)."""
    kind = draw(st.sampled_from(["v4", "v4", "v4", "v6", "name", "other"]))
    if kind == "v6":
        return "[" + draw(st.sampled_from(IPV6_LOOPBACKS)) + "]"
    if kind == "name":
        return draw(st.sampled_from(NAMES))
    if kind == "other":  # private, link-local, CGNAT, multicast, metadata
        octets = draw(
            st.sampled_from(
                [
                    (10, 0, 0, 1),
                    (192, 168, 1, 1),
                    (172, 16, 0, 1),
                    (169, 254, 169, 254),
                    (100, 64, 0, 1),
                    (224, 0, 0, 1),
                ]
            )
        )
        return draw(ipv4_spellings(octets))
    octets = draw(st.sampled_from([(127, 0, 0, 1), (127, 0, 0, 1), (0, 0, 0, 0), (127, 1, 2, 3)]))
    host = draw(ipv4_spellings(octets))
    return host + draw(st.sampled_from(["", "", "."]))


@st.composite
def loopback_urls(draw: st.DrawFn, port: int) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTP"]))
    userinfo = draw(st.sampled_from(["", "", "user:pass@", "a@"]))
    path = draw(st.sampled_from(["/", "/in", "/a?b=c", ""]))
    return f"{scheme}://{userinfo}{draw(loopback_hosts())}:{port}{path}"
