"""Input rules for account users, teams and routers: pure checks that name the failing field.

Ids are only checked for shape here; whether they exist in the caller's environment is checked by
``services.oncall`` inside its transaction.
"""

from __future__ import annotations

import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from interlink.catalog.values import normalize_email
from interlink.core import conditions as condition_rules
from interlink.core.errors import FieldError, Unprocessable, invalid
from interlink.core.ids import is_id
from interlink.sdk.manifest import URGENCIES
from interlink.services.messages import normalize_recipient

USER, TEAM, ROUTER = "usr", "team", "rtr"
CONTACT_TYPES = ("email", "sms", "phone", "push", "chat", "webhook")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ACTIONS = ("route", "forward", "set_urgency", "drop")
MAX_CONTACTS, MAX_MEMBERS, MAX_LAYERS, MAX_RULES, MAX_ACTIONS, MAX_WINDOWS = 20, 200, 20, 50, 20, 50
MAX_DELAY_MINUTES, MAX_REPEAT = 1440, 9
_CLOCK = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$")


def name(value: Any, path: str = "name") -> str:
    if not isinstance(value, str) or not value.strip() or len(value.strip()) > 200:
        raise invalid(path, "must be 1 to 200 characters")
    return value.strip()


def email(value: Any, path: str = "email") -> str:
    normal = normalize_email(value) if isinstance(value, str) else None
    if normal is None:
        raise invalid(path, "must be an email address")
    return normal


def id_list(value: Any, prefix: str, path: str, limit: int = MAX_MEMBERS) -> list[str]:
    """A list of distinct ids of one kind, in the order given."""
    if not isinstance(value, list) or len(value) > limit:
        raise invalid(path, f"must be a list of at most {limit} ids")
    for i, item in enumerate(value):
        if not isinstance(item, str) or not is_id(item, prefix):
            raise invalid(f"{path}[{i}]", f"is not a {prefix}_ id")
    return list(dict.fromkeys(value))


def contact_methods(value: Any, path: str = "contactMethods") -> list[dict[str, Any]]:
    """``[{type, to, integrationId?}]``: ``to`` is what a message on that channel is addressed to.

    A chat target given as text names a Slack channel or a Telegram chat; an object is passed as it is.
    """
    if not isinstance(value, list) or len(value) > MAX_CONTACTS:
        raise invalid(path, f"must be a list of at most {MAX_CONTACTS} contact methods")
    out: list[dict[str, Any]] = []
    for i, item in enumerate(value):
        at = f"{path}[{i}]"
        if not isinstance(item, dict):
            raise invalid(at, "must be an object")
        unknown = set(item) - {"type", "to", "integrationId"}
        if unknown:
            raise invalid(f"{at}.{sorted(unknown)[0]}", "is not a contact method field")
        kind = item.get("type")
        if kind not in CONTACT_TYPES:
            raise invalid(f"{at}.type", f"must be one of {', '.join(CONTACT_TYPES)}")
        if kind == "chat" and not isinstance(item.get("to"), dict | str):
            raise invalid(f"{at}.to", "must name the chat target (a channel or chat id)")
        to = item.get("to")
        if kind == "chat" and isinstance(to, str):
            to = {"channel": to, "chatId": to}  # a channel (Slack) or chat id (Telegram), as senders read them
        recipient = normalize_recipient(kind, to, f"{at}.to")
        method: dict[str, Any] = {"type": kind, "to": recipient}
        pinned = item.get("integrationId")
        if pinned is not None:
            if not isinstance(pinned, str) or not is_id(pinned, "int"):
                raise invalid(f"{at}.integrationId", "is not an integration id")
            method["integrationId"] = pinned
        out.append(method)
    return out


def layers(value: Any, members: list[str], path: str = "layers") -> list[dict[str, Any]]:
    """``[{userIds, delayMinutes, repeat}]``: who is paged, how long to wait for an acknowledgement, how often."""
    if not isinstance(value, list) or len(value) > MAX_LAYERS:
        raise invalid(path, f"must be a list of at most {MAX_LAYERS} layers")
    out: list[dict[str, Any]] = []
    for i, layer in enumerate(value):
        at = f"{path}[{i}]"
        if not isinstance(layer, dict):
            raise invalid(at, "must be an object")
        unknown = set(layer) - {"userIds", "delayMinutes", "repeat"}
        if unknown:
            raise invalid(f"{at}.{sorted(unknown)[0]}", "is not a layer field")
        users = id_list(layer.get("userIds"), USER, f"{at}.userIds")
        if not users:
            raise invalid(f"{at}.userIds", "must name at least one team member")
        for j, user in enumerate(users):
            if user not in members:
                raise invalid(f"{at}.userIds[{j}]", "is not a member of the team")
        delay, repeat = layer.get("delayMinutes", 5), layer.get("repeat", 0)
        if isinstance(delay, bool) or not isinstance(delay, int) or not 1 <= delay <= MAX_DELAY_MINUTES:
            raise invalid(f"{at}.delayMinutes", f"must be a whole number of minutes from 1 to {MAX_DELAY_MINUTES}")
        if isinstance(repeat, bool) or not isinstance(repeat, int) or not 0 <= repeat <= MAX_REPEAT:
            raise invalid(f"{at}.repeat", f"must be a whole number from 0 to {MAX_REPEAT}")
        out.append({"userIds": users, "delayMinutes": delay, "repeat": repeat})
    return out


def _schedule(value: Any, path: str) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) - {"timeZone", "windows"}:
        raise invalid(path, "must be an object with timeZone and windows")
    zone = value.get("timeZone", "UTC")
    try:
        ZoneInfo(zone) if isinstance(zone, str) and zone else None
    except (ZoneInfoNotFoundError, ValueError, OSError):
        zone = None
    if not isinstance(zone, str) or not zone:
        raise invalid(f"{path}.timeZone", "must be an IANA time zone such as Europe/Berlin")
    windows = value.get("windows")
    if not isinstance(windows, list) or not 1 <= len(windows) <= MAX_WINDOWS:
        raise invalid(f"{path}.windows", f"must be a list of 1 to {MAX_WINDOWS} windows")
    out = []
    for i, window in enumerate(windows):
        at = f"{path}.windows[{i}]"
        if not isinstance(window, dict) or set(window) - {"days", "start", "end"}:
            raise invalid(at, "must be an object with days, start and end")
        days = window.get("days", list(DAYS))
        if not isinstance(days, list) or not days or not all(d in DAYS for d in days):
            raise invalid(f"{at}.days", f"must be a list of {', '.join(DAYS)}")
        for key, default in (("start", "00:00"), ("end", "24:00")):
            clock = window.get(key, default)
            if not isinstance(clock, str) or not _CLOCK.match(clock):
                raise invalid(f"{at}.{key}", "must be a time of day as HH:MM (end may be 24:00)")
        start, end = window.get("start", "00:00"), window.get("end", "24:00")
        if start == end:
            raise invalid(f"{at}.end", "must differ from start (a window past midnight ends before it starts)")
        out.append({"days": list(dict.fromkeys(days)), "start": start, "end": end})
    return {"timeZone": zone, "windows": out}


def _action(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise invalid(path, "must be an object")
    kind = value.get("type")
    if kind not in ACTIONS:
        raise invalid(f"{path}.type", f"must be one of {', '.join(ACTIONS)}")
    allowed = {
        "route": {"type", "teamId", "accountUserId"},
        "forward": {"type", "integrationId"},
        "set_urgency": {"type", "urgency"},
        "drop": {"type"},
    }[kind]
    unknown = set(value) - allowed
    if unknown:
        raise invalid(f"{path}.{sorted(unknown)[0]}", f"is not a field of a {kind} action")
    if kind == "route":
        team, user = value.get("teamId"), value.get("accountUserId")
        if (team is None) == (user is None):
            raise invalid(f"{path}.teamId", "a route action names exactly one of teamId and accountUserId")
        if team is not None and not (isinstance(team, str) and is_id(team, TEAM)):
            raise invalid(f"{path}.teamId", "is not a team_ id")
        if user is not None and not (isinstance(user, str) and is_id(user, USER)):
            raise invalid(f"{path}.accountUserId", "is not a usr_ id")
    if kind == "forward" and not (isinstance(value.get("integrationId"), str) and is_id(value["integrationId"], "int")):
        raise invalid(f"{path}.integrationId", "is not an integration id")
    if kind == "set_urgency" and value.get("urgency") not in URGENCIES:
        raise invalid(f"{path}.urgency", f"must be one of {', '.join(URGENCIES)}")
    return dict(value)


def rules(value: Any, path: str = "rules") -> list[dict[str, Any]]:
    """``[{name?, conditions, schedule?, actions}]`` in the order they are tried."""
    if not isinstance(value, list) or len(value) > MAX_RULES:
        raise invalid(path, f"must be a list of at most {MAX_RULES} rules")
    out = []
    for i, rule in enumerate(value):
        at = f"{path}[{i}]"
        if not isinstance(rule, dict):
            raise invalid(at, "must be an object")
        unknown = set(rule) - {"name", "conditions", "schedule", "actions"}
        if unknown:
            raise invalid(f"{at}.{sorted(unknown)[0]}", "is not a rule field")
        label = rule.get("name")
        if label is not None and (not isinstance(label, str) or len(label) > 200):
            raise invalid(f"{at}.name", "must be at most 200 characters")
        found = condition_rules.validate(rule.get("conditions", []), f"{at}.conditions")
        if found:
            raise Unprocessable("The rule's conditions are invalid", found)
        actions = rule.get("actions")
        if not isinstance(actions, list) or not 1 <= len(actions) <= MAX_ACTIONS:
            raise invalid(f"{at}.actions", f"must be a list of 1 to {MAX_ACTIONS} actions")
        out.append(
            {
                "name": label,
                "conditions": rule.get("conditions", []),
                "schedule": _schedule(rule.get("schedule"), f"{at}.schedule"),
                "actions": [_action(a, f"{at}.actions[{j}]") for j, a in enumerate(actions)],
            }
        )
    return out


def referenced(rule_list: list[dict[str, Any]]) -> dict[str, list[tuple[str, str]]]:
    """Every id the rules name, by kind, with the field path that names it."""
    found: dict[str, list[tuple[str, str]]] = {USER: [], TEAM: [], "int": []}
    for i, rule in enumerate(rule_list):
        for j, action in enumerate(rule["actions"]):
            at = f"rules[{i}].actions[{j}]"
            if action.get("teamId"):
                found[TEAM].append((action["teamId"], f"{at}.teamId"))
            if action.get("accountUserId"):
                found[USER].append((action["accountUserId"], f"{at}.accountUserId"))
            if action.get("integrationId"):
                found["int"].append((action["integrationId"], f"{at}.integrationId"))
    return found


def missing(path_ids: list[tuple[str, str]], existing: set[str], what: str) -> list[FieldError]:
    return [FieldError(path, f"{what} {value} does not exist") for value, path in path_ids if value not in existing]
