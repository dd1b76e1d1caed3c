"""The shipped provider manifests, and the registry and value validation that run over them."""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import sys
import uuid
from pathlib import Path

import pytest

import interlink.providers
from interlink.catalog import DuplicateProvider, Registry, default_registry
from interlink.catalog.values import missing_required, validate_values, with_defaults
from interlink.sdk import Action, Availability, Channel, Direction, PropertyType, ResourceKind

FOLDERS = {i.name for i in pkgutil.iter_modules(interlink.providers.__path__) if i.ispkg and not i.name.startswith("_")}

CREDENTIAL_KEYS = {
    "apiKey", "secretKey", "token", "apiToken", "password", "privateKey",
    "vapidPrivateKey", "serviceAccount", "signingSecret", "webhookUrl", "routingKey",
}  # fmt: skip
NEVER_SECRET = {"from", "senderName", "region", "host", "port", "domain", "accountSid", "vapidPublicKey"}
RECIPIENT_LIST = {
    Channel.EMAIL: PropertyType.EMAIL_LIST,
    Channel.SMS: PropertyType.PHONE_LIST,
    Channel.PHONE: PropertyType.PHONE_LIST,
}


def manifest(type_id: str):
    found = default_registry().get(type_id)
    assert found is not None, type_id
    return found


def paths(errors) -> set[str]:
    return {e.path for e in errors}


# (1) and (2): what the registry holds, and that each manifest is sound and sits in its own folder


def test_default_registry_holds_exactly_the_provider_folders():
    assert {m.id for m in default_registry()} == FOLDERS
    assert len(default_registry()) == len(FOLDERS) >= 1


def test_every_provider_folder_holds_a_sound_manifest_named_after_it():
    for folder in FOLDERS:
        module = importlib.import_module(f"interlink.providers.{folder}.manifest")
        assert module.MANIFEST.id == folder
        assert module.MANIFEST.problems() == [], folder
        assert module.MANIFEST.name and module.MANIFEST.description, folder


def test_a_type_claims_test_send_exactly_when_it_has_a_sender():
    registry = default_registry()
    for m in registry:
        can_send = registry.sender(m.id) is not None
        assert (Action.TEST_SEND in m.actions) == can_send, m.id


def test_a_type_claims_verify_exactly_when_it_has_a_credential_check():
    for m in default_registry():
        found = importlib.util.find_spec(f"interlink.providers.{m.id}.verify") is not None
        checks = found and hasattr(importlib.import_module(f"interlink.providers.{m.id}.verify"), "VERIFIER")
        assert (Action.VERIFY in m.actions) == checks, m.id


# (3) recipient lists (seed 000: "Email, SMS, and phone integrations take recipient lists")


def test_email_sms_and_phone_types_take_a_recipient_list():
    checked = 0
    for m in default_registry().by_direction(Direction.EGRESS):
        if m.channel not in RECIPIENT_LIST:
            continue
        prop = m.prop("recipients")
        assert prop is not None, m.id
        assert prop.type is RECIPIENT_LIST[m.channel], m.id
        assert not prop.required and not prop.secret, m.id
        checked += 1
    assert checked == 19  # eleven email, seven SMS, one phone


# (4) secrets


def test_credentials_are_secret_and_addresses_are_not():
    for m in default_registry():
        for prop in m.properties:
            if prop.key in CREDENTIAL_KEYS:
                assert prop.secret, f"{m.id}.{prop.key} must be secret"
            if prop.key in NEVER_SECRET:
                assert not prop.secret, f"{m.id}.{prop.key} must not be secret"


# other systems' names, fixed fields and resource mappings


@pytest.mark.parametrize(
    ("dialect", "alias", "type_id"),
    [
        ("novu", "nodemailer", "smtp"),
        ("novu", "novu", "in_app"),
        ("novu", "fcm", "fcm"),
        ("campaign", "SENDGRID", "sendgrid"),
        ("campaign", "ELASTIC_EMAIL", "elastic_email"),
        ("campaign", "TWILIO", "twilio"),
        ("campaign", "NEXMO", "nexmo"),
        ("campaign", "WEB_PUSH", "web_push"),
        ("campaign", "FIREBASE_FCM", "fcm"),
    ],
)
def test_aliases_find_the_provider_other_systems_name(dialect, alias, type_id):
    found = default_registry().by_alias(dialect, alias)
    assert found is not None and found.id == type_id


def test_fields_fixed_after_create():
    for type_id, key in [("fcm", "projectId"), ("apns", "bundleId"), ("utility_data", "accountNumber")]:
        prop = manifest(type_id).prop(key)
        assert prop is not None and not prop.editable, f"{type_id}.{key}"


def test_ingress_types_map_to_places_and_things():
    utility = manifest("utility_data")
    assert (utility.direction, utility.channel, utility.availability) == (
        Direction.INGRESS, Channel.UTILITY, Availability.CUSTOM,
    )  # fmt: skip
    assert utility.prop("meter").maps_to is ResourceKind.THING

    inbound = manifest("inbound_webhook")
    assert (inbound.direction, inbound.channel, inbound.availability) == (
        Direction.INGRESS, Channel.ALERTS, Availability.STANDARD,
    )  # fmt: skip
    place = inbound.prop("place")
    assert place.maps_to is ResourceKind.PLACE and not place.required
    assert missing_required(inbound, {}) == []


# (5) discovery refuses clashing ids


def make_package(root: Path, folders: dict[str, str]) -> str:
    """Write a providers-like package under root: one folder per entry, its manifest declaring the id."""
    name = f"fake_providers_{uuid.uuid4().hex}"
    package = root / name
    package.mkdir()
    (package / "__init__.py").write_text("")
    for folder, declared in folders.items():
        (package / folder).mkdir()
        (package / folder / "__init__.py").write_text("")
        (package / folder / "manifest.py").write_text(
            "from interlink.sdk import Channel, Direction, Manifest\n\n"
            f"MANIFEST = Manifest(id={declared!r}, name='Fake', direction=Direction.EGRESS, "
            "channel=Channel.CHAT)\n"
        )
    return name


@pytest.fixture
def fake_root(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    before = set(sys.modules)
    yield tmp_path
    for name in set(sys.modules) - before:
        if name.startswith("fake_providers_"):
            del sys.modules[name]


def test_discover_reads_a_well_formed_package(fake_root):
    package = importlib.import_module(make_package(fake_root, {"alpha": "alpha", "beta": "beta"}))
    assert [m.id for m in Registry.discover(package)] == ["alpha", "beta"]


def test_discover_refuses_the_same_id_from_two_packages(fake_root):
    first = importlib.import_module(make_package(fake_root, {"alpha": "alpha"}))
    second = importlib.import_module(make_package(fake_root, {"alpha": "alpha"}))
    with pytest.raises(DuplicateProvider, match="declared twice"):
        Registry.discover(first, second)


def test_discover_refuses_two_folders_declaring_the_same_id(fake_root):
    package = importlib.import_module(make_package(fake_root, {"alpha": "alpha", "beta": "alpha"}))
    with pytest.raises(DuplicateProvider):
        Registry.discover(package)


def test_discover_refuses_an_id_that_differs_from_its_folder(fake_root):
    package = importlib.import_module(make_package(fake_root, {"gamma": "delta"}))
    with pytest.raises(DuplicateProvider, match=r"'gamma'.*'delta'"):
        Registry.discover(package)


# (6) values against real manifests


def test_a_bad_sender_email_names_the_field():
    _, errors = validate_values(manifest("sendgrid"), {"apiKey": "SG.x", "from": "not-an-email"})
    assert paths(errors) == {"properties.from"}


def test_a_bad_recipient_phone_names_the_field_and_entry():
    _, errors = validate_values(manifest("twilio"), {"recipients": ["+14155552671", "555"]})
    assert paths(errors) == {"properties.recipients"}
    assert "entry 1" in errors[0].message


def test_basic_auth_webhook_without_username_is_incomplete():
    webhook = manifest("webhook")
    values, errors = validate_values(webhook, {"url": "https://example.com/hook", "authType": "BASIC"})
    assert errors == []
    assert paths(missing_required(webhook, values)) == {"properties.username", "properties.password"}


def test_campaign_field_names_are_not_properties():
    _, errors = validate_values(manifest("sendgrid"), {"senderEmail": "a@example.com"})
    assert paths(errors) == {"properties.senderEmail"}


def test_good_values_normalize():
    twilio = manifest("twilio")
    clean, errors = validate_values(
        twilio,
        {
            "accountSid": "AC0123",
            "token": "secret",
            "from": "+1 415 555 2671",
            "recipients": ["+1 415 555 2671", "+14155552671"],
        },
    )
    assert errors == []
    assert clean["from"] == "+14155552671"
    assert clean["recipients"] == ["+14155552671"]
    assert missing_required(twilio, clean) == []

    clean, errors = validate_values(manifest("sendgrid"), {"from": "Alerts@Example.com"})
    assert errors == [] and clean["from"] == "Alerts@example.com"


def test_smtp_defaults_and_requirements():
    smtp = manifest("smtp")
    values = with_defaults(smtp, {"host": "smtp.example.com", "from": "alerts@example.com"})
    assert values["port"] == 587 and values["secure"] == "STARTTLS"
    assert missing_required(smtp, values) == []
    assert paths(missing_required(smtp, {})) == {"properties.host", "properties.from"}
    _, errors = validate_values(smtp, {"secure": "SSL", "port": "587"})
    assert paths(errors) == {"properties.secure", "properties.port"}


def test_slack_requires_what_its_mode_needs():
    slack = manifest("slack")
    assert paths(missing_required(slack, with_defaults(slack, {}))) == {"properties.webhookUrl"}
    assert paths(missing_required(slack, {"mode": "BOT"})) == {"properties.apiToken", "properties.channel"}
