"""The console's navigation: each area adds one entry here, and its pages extend ``base.html``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    label: str
    href: str


NAV: list[NavItem] = [
    NavItem("Integrations", "/console/integrations"),
    NavItem("Messages", "/console/messages"),
    NavItem("Places & Things", "/console/places"),
]
