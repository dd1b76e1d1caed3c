"""Reading a Green Button (ESPI) Atom feed into points: usage points, reading types and interval blocks.

Relations exist only as links, so entries are matched by their self/related hrefs; namespaces are matched by
URI, since utilities spell the prefixes differently.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from interlink.sdk import Point

ATOM = "{http://www.w3.org/2005/Atom}"
ESPI = "{http://naesb.org/espi}"
CURRENCIES = {"840": "USD", "978": "EUR", "826": "GBP", "124": "CAD", "36": "AUD"}
# uom code: (metric stem, unit shown, factor to that unit)
UNITS = {
    "72": ("energy", "kWh", 0.001),
    "38": ("power", "kW", 0.001),
    "169": ("gas", "therm", 1.0),
    "42": ("volume", "m3", 1.0),
    "119": ("volume", "ft3", 1.0),
    "132": ("heat", "btu", 1.0),
    "73": ("reactive_energy", "kVArh", 0.001),
    "71": ("apparent_energy", "kVAh", 0.001),
}
FLOW = {"1": "_import", "19": "_export", "4": "_net"}


class FeedError(ValueError):
    """The answer is not an ESPI feed this reader understands; the message says where it broke."""


@dataclass(frozen=True)
class ReadingType:
    metric: str
    cost_metric: str
    unit: str | None
    factor: float
    interval: int
    currency: str | None


def _path(href: str | None) -> str:
    return urlsplit(href or "").path.rstrip("/")


def _after(path: str, marker: str) -> str | None:
    parts = path.split("/")
    return parts[parts.index(marker) + 1] if marker in parts and parts.index(marker) + 1 < len(parts) else None


def _int(element: Element | None, tag: str, default: int | None = None) -> int:
    found = element.find(ESPI + tag) if element is not None else None
    if found is None or not (found.text or "").strip():
        if default is None:
            raise FeedError(f"{tag} is missing")
        return default
    try:
        return int(found.text.strip())  # type: ignore[union-attr]
    except ValueError:
        raise FeedError(f"{tag} {found.text.strip()[:20]!r} is not a whole number") from None  # type: ignore[union-attr]


def _reading_type(content: Element) -> ReadingType:
    uom = str(_int(content, "uom", 0))
    stem, unit, factor = UNITS.get(uom, (f"reading_uom{uom}", None, 1.0))
    flow = str(_int(content, "flowDirection", 0))
    power = _int(content, "powerOfTenMultiplier", 0)
    currency = str(_int(content, "currency", 0))
    return ReadingType(
        stem + FLOW.get(flow, ""),
        "cost" + FLOW.get(flow, ""),
        unit,
        factor * 10.0**power,
        _int(content, "intervalLength", 0),
        CURRENCIES.get(currency, currency if currency != "0" else None),
    )


def parse_feed(body: bytes) -> list[Point]:
    """Every interval reading of the feed as points (value and cost); ``FeedError`` if the feed is malformed."""
    try:
        root = ElementTree.fromstring(body)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise FeedError(f"the answer is not well-formed XML ({type(exc).__name__})") from None
    if root.tag != ATOM + "feed":
        raise FeedError("the answer is not an Atom feed")
    types: dict[str, ReadingType] = {}
    reading_type_of: dict[str, str] = {}
    blocks: list[tuple[str, Element]] = []
    for entry in root.iter(ATOM + "entry"):
        links = entry.findall(ATOM + "link")
        self_path = next((_path(link.get("href")) for link in links if link.get("rel") == "self"), "")
        content = entry.find(ATOM + "content")
        payload = next(iter(content), None) if content is not None else None
        if payload is None:
            continue
        kind = payload.tag.removeprefix(ESPI)
        if kind == "ReadingType":
            types[self_path.rsplit("/ReadingType/", 1)[-1]] = _reading_type(payload)
        elif kind == "MeterReading":
            for link in links:
                related = _path(link.get("href"))
                if link.get("rel") == "related" and "/ReadingType/" in related:
                    reading_type_of[self_path] = related.rsplit("/ReadingType/", 1)[-1]
        elif kind == "IntervalBlock":
            blocks.append((self_path, payload))
    points: list[Point] = []
    for self_path, block in blocks:
        usage_point = _after(self_path, "UsagePoint")
        reading = self_path.split("/IntervalBlock", 1)[0]
        rtype = types.get(reading_type_of.get(reading, ""))
        if usage_point is None or rtype is None:
            raise FeedError(f"interval block {self_path or '?'} has no usage point or reading type in the feed")
        points.extend(_readings(block, usage_point, rtype))
    return points


def _readings(block: Element, usage_point: str, rtype: ReadingType) -> list[Point]:
    interval = block.find(ESPI + "interval")
    block_start = _int(interval, "start", 0)
    out: list[Point] = []
    for index, reading in enumerate(block.findall(ESPI + "IntervalReading")):
        period = reading.find(ESPI + "timePeriod")
        start = _int(period, "start") if period is not None else block_start + index * rtype.interval
        when = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=start)
        value = _int(reading, "value")
        out.append(Point(usage_point, rtype.metric, when, round(value * rtype.factor, 9), rtype.unit))
        if reading.find(ESPI + "cost") is not None:
            cost = _int(reading, "cost") / 100_000
            out.append(Point(usage_point, rtype.cost_metric, when, cost, rtype.currency))
    return out
