"""A type that needs an optional package says what this server lacks, in the words the catalog shows."""

from __future__ import annotations

from interlink.sdk import Channel, Direction, Manifest


def test_a_missing_package_names_the_extra_that_installs_it() -> None:
    needy = Manifest(
        "needy", "Needy", Direction.EGRESS, Channel.CHAT, requires=("interlink_no_such_package",), extra="needy"
    )
    assert needy.missing() == "interlink_no_such_package is not installed on this server: install interlink[needy]"


def test_an_installed_package_and_no_requirement_are_both_fine() -> None:
    assert Manifest("plain", "Plain", Direction.EGRESS, Channel.CHAT).missing() is None
    assert Manifest("json", "Json", Direction.EGRESS, Channel.CHAT, requires=("json",)).missing() is None
