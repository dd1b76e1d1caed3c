"""Evaluating routers: the first rule whose conditions and time-of-week windows match decides.

Pure functions over plain values, so the decision is easy to test and to record in an alert's timeline.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from interlink.core import conditions
from interlink.services.oncall_rules import DAYS


@dataclass
class Decision:
    """Where an alert goes: teams and users to page, integrations to forward to, its urgency, or dropped."""

    urgency: str
    team_ids: list[str] = field(default_factory=list)
    user_ids: list[str] = field(default_factory=list)
    forward_ids: list[str] = field(default_factory=list)
    dropped_by: str | None = None
    trail: list[dict[str, Any]] = field(default_factory=list)

    def add(self, kind: str, value: str) -> None:
        target = {"team": self.team_ids, "user": self.user_ids, "forward": self.forward_ids}[kind]
        if value not in target:
            target.append(value)


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def in_window(schedule: Mapping[str, Any] | None, at: datetime) -> bool:
    """Whether ``at`` falls in one of the schedule's weekly windows, read in its time zone.

    A window whose end is before its start runs past midnight into the next day.
    """
    if not schedule:
        return True
    local = at.astimezone(ZoneInfo(schedule.get("timeZone") or "UTC"))
    day, minute = DAYS[local.weekday()], local.hour * 60 + local.minute
    yesterday = DAYS[(local.weekday() - 1) % 7]
    for window in schedule.get("windows", []):
        start, end = _minutes(window["start"]), _minutes(window["end"])
        if start < end:
            if day in window["days"] and start <= minute < end:
                return True
        elif (day in window["days"] and minute >= start) or (yesterday in window["days"] and minute < end):
            return True
    return False


def evaluate(routers: Sequence[Any], context: Mapping[str, Any], at: datetime, decision: Decision) -> Decision:
    """Apply each enabled router in turn; within one, the first matching rule's actions run in order."""
    for router in routers:
        if not router.enabled:
            decision.trail.append({"routerId": router.id, "outcome": "disabled"})
            continue
        rule_index = next(
            (
                i
                for i, rule in enumerate(router.rules)
                if conditions.matches(rule.get("conditions") or [], context) and in_window(rule.get("schedule"), at)
            ),
            None,
        )
        if rule_index is None:
            decision.trail.append({"routerId": router.id, "outcome": "no rule matched"})
            continue
        actions = router.rules[rule_index]["actions"]
        decision.trail.append({"routerId": router.id, "rule": rule_index, "actions": actions})
        for action in actions:
            kind = action["type"]
            if kind == "set_urgency":
                decision.urgency = action["urgency"]
            elif kind == "route" and action.get("teamId"):
                decision.add("team", action["teamId"])
            elif kind == "route":
                decision.add("user", action["accountUserId"])
            elif kind == "forward":
                decision.add("forward", action["integrationId"])
            elif kind == "drop":
                decision.dropped_by = router.id
                return decision
    return decision


def context_of(alert: Any) -> dict[str, Any]:
    """What router conditions see (``on: payload``): the alert's fields, camelCase as the API shows them."""
    payload = {
        "title": alert.title,
        "description": alert.description,
        "urgency": alert.urgency,
        "tags": list(alert.tags),
        "thirdPartyId": alert.third_party_id,
        "integrationId": alert.integration_id,
        "additionalData": {d.get("label"): d.get("value") for d in alert.additional_data if isinstance(d, dict)},
    }
    return {"payload": payload, "subscriber": {}, "tenant": {}}
