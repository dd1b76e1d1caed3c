"""Primary rules: one primary among a channel's active, unconditional outbound integrations."""

from __future__ import annotations

import asyncio

from tests.api.helpers import URL, assert_problem, body_of, create, fetch, listing
from tests.conftest import Tenant

CONDITIONS = [{"value": "AND", "children": [{"field": "plan", "operator": "EQUAL", "value": "pro", "on": "payload"}]}]


async def primaries(client, tenant: Tenant, channel: str) -> dict[str, tuple[bool, int]]:
    """id -> (primary, priority) of every integration in a channel."""
    rows = (await listing(client, tenant.headers, channel=channel))["data"]
    return {row["id"]: (row["primary"], row["priority"]) for row in rows}


async def set_primary(client, tenant: Tenant, integration_id: str) -> dict:
    response = await client.post(f"{URL}/{integration_id}/set-primary", headers=tenant.headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_the_first_active_integration_of_a_channel_is_primary_and_the_second_is_not(client, tenant) -> None:
    first = await create(client, tenant, "sendgrid")
    second = await create(client, tenant, "smtp")

    assert first["primary"] is True
    assert second["primary"] is False
    assert await primaries(client, tenant, "email") == {first["id"]: (True, 2), second["id"]: (False, 1)}


async def test_each_channel_and_environment_has_its_own_primary(client, tenant: Tenant) -> None:
    mail = await create(client, tenant, "sendgrid")
    sms = await create(client, tenant, "twilio")
    prod_mail = await create(client, tenant, "sendgrid", headers=tenant.key(tenant.other_rw))

    assert mail["primary"] and sms["primary"] and prod_mail["primary"]


async def test_an_inactive_integration_is_not_primary_until_activated(client, tenant: Tenant) -> None:
    idle = await create(client, tenant, "sendgrid", active=False)
    assert idle["primary"] is False
    assert idle["priority"] == 0

    response = await client.put(f"{URL}/{idle['id']}", json={"active": True}, headers=tenant.headers)

    assert response.json()["primary"] is True


async def test_ingress_integrations_are_never_primary(client, tenant: Tenant) -> None:
    inbound = await create(client, tenant, "inbound_webhook")
    assert inbound["primary"] is False

    response = await client.post(f"{URL}/{inbound['id']}/set-primary", headers=tenant.headers)

    assert_problem(response, 422)
    assert await fetch(client, tenant, inbound["id"]) == inbound


async def test_set_primary_moves_the_primary(client, tenant: Tenant) -> None:
    first = await create(client, tenant, "sendgrid")
    second = await create(client, tenant, "smtp")
    third = await create(client, tenant, "sendgrid", name="Third")

    moved = await set_primary(client, tenant, third["id"])

    assert moved["primary"] is True
    state = await primaries(client, tenant, "email")
    assert [i for i, (primary, _) in state.items() if primary] == [third["id"]]
    assert state[third["id"]] == (True, 3)
    assert state[first["id"]] == (False, 2)
    assert state[second["id"]] == (False, 1)


async def test_set_primary_activates_the_target_and_clears_its_conditions(client, tenant: Tenant) -> None:
    current = await create(client, tenant, "sendgrid")
    idle = await create(client, tenant, "smtp", active=False, conditions=CONDITIONS)
    assert idle["conditions"] == CONDITIONS

    moved = await set_primary(client, tenant, idle["id"])

    assert (moved["active"], moved["primary"], moved["conditions"]) == (True, True, [])
    assert (await fetch(client, tenant, current["id"]))["primary"] is False
    assert await fetch(client, tenant, idle["id"]) == moved


async def test_set_primary_on_the_primary_changes_nothing(client, tenant: Tenant) -> None:
    only = await create(client, tenant, "sendgrid")

    again = await set_primary(client, tenant, only["id"])

    assert again == only


async def test_set_primary_refuses_to_activate_an_incomplete_integration(client, tenant: Tenant) -> None:
    """set-primary activates the target, so the target must have its required properties."""
    current = await create(client, tenant, "sendgrid")
    incomplete = await create(client, tenant, "sendgrid", name="Draft", active=False, credentials={})

    response = await client.post(f"{URL}/{incomplete['id']}/set-primary", headers=tenant.headers)

    assert_problem(response, 422, "properties.apiKey")
    assert (await fetch(client, tenant, current["id"]))["primary"] is True
    assert await fetch(client, tenant, incomplete["id"]) == incomplete


async def test_deleting_the_primary_promotes_the_next_active_unconditional_one(client, tenant: Tenant) -> None:
    primary = await create(client, tenant, "sendgrid")
    conditional = await create(client, tenant, "smtp", conditions=CONDITIONS)
    idle = await create(client, tenant, "sendgrid", name="Idle", active=False)
    plain = await create(client, tenant, "smtp", name="Plain")
    assert not conditional["primary"] and not idle["primary"] and not plain["primary"]

    assert (await client.delete(f"{URL}/{primary['id']}", headers=tenant.headers)).status_code == 200

    state = await primaries(client, tenant, "email")
    assert [i for i, (is_primary, _) in state.items() if is_primary] == [plain["id"]]
    assert state[idle["id"]] == (False, 0)


async def test_deactivating_the_primary_promotes_the_next_one(client, tenant: Tenant) -> None:
    primary = await create(client, tenant, "sendgrid")
    second = await create(client, tenant, "smtp")

    response = await client.put(f"{URL}/{primary['id']}", json={"active": False}, headers=tenant.headers)

    assert response.json()["primary"] is False
    assert response.json()["priority"] == 0
    assert (await fetch(client, tenant, second["id"]))["primary"] is True


async def test_the_promoted_one_follows_priority(client, tenant: Tenant) -> None:
    a = await create(client, tenant, "sendgrid", name="A")
    b = await create(client, tenant, "sendgrid", name="B")
    c = await create(client, tenant, "sendgrid", name="C")
    await set_primary(client, tenant, c["id"])  # order now C, A, B
    await set_primary(client, tenant, b["id"])  # order now B, C, A

    await client.delete(f"{URL}/{b['id']}", headers=tenant.headers)

    state = await primaries(client, tenant, "email")
    assert state == {a["id"]: (False, 1), c["id"]: (True, 2)}


async def test_no_primary_is_left_when_nothing_qualifies(client, tenant: Tenant) -> None:
    primary = await create(client, tenant, "sendgrid")
    conditional = await create(client, tenant, "smtp", conditions=CONDITIONS)

    await client.delete(f"{URL}/{primary['id']}", headers=tenant.headers)

    assert (await fetch(client, tenant, conditional["id"]))["primary"] is False


async def test_an_integration_created_with_conditions_is_not_primary(client, tenant: Tenant) -> None:
    conditional = await create(client, tenant, "sendgrid", conditions=CONDITIONS)
    plain = await create(client, tenant, "smtp")

    assert conditional["primary"] is False
    assert plain["primary"] is True


async def test_adding_conditions_to_the_primary_unsets_it(client, tenant: Tenant) -> None:
    primary = await create(client, tenant, "sendgrid")
    other = await create(client, tenant, "smtp")

    response = await client.put(f"{URL}/{primary['id']}", json={"conditions": CONDITIONS}, headers=tenant.headers)

    assert response.status_code == 200, response.text
    assert (response.json()["primary"], response.json()["conditions"]) == (False, CONDITIONS)
    assert (await fetch(client, tenant, other["id"]))["primary"] is True


async def test_clearing_conditions_lets_an_integration_become_primary(client, tenant: Tenant) -> None:
    conditional = await create(client, tenant, "sendgrid", conditions=CONDITIONS)

    response = await client.put(f"{URL}/{conditional['id']}", json={"conditions": []}, headers=tenant.headers)

    assert response.json()["primary"] is True


async def test_concurrent_creates_in_one_channel_leave_exactly_one_primary(client, tenant: Tenant) -> None:
    answers = await asyncio.gather(
        *(client.post(URL, json=body_of("sendgrid", name=f"Mail {i}"), headers=tenant.headers) for i in range(6))
    )

    assert [a.status_code for a in answers] == [201] * 6
    state = await primaries(client, tenant, "email")
    assert len(state) == 6
    assert sum(primary for primary, _ in state.values()) == 1
    assert sorted(priority for _, priority in state.values()) == [1, 2, 3, 4, 5, 6]


async def test_concurrent_set_primary_calls_leave_exactly_one_primary(client, tenant: Tenant) -> None:
    created = [await create(client, tenant, "sendgrid", name=f"Mail {i}") for i in range(5)]

    answers = await asyncio.gather(
        *(client.post(f"{URL}/{row['id']}/set-primary", headers=tenant.headers) for row in created)
    )

    assert [a.status_code for a in answers] == [200] * 5
    state = await primaries(client, tenant, "email")
    assert sum(primary for primary, _ in state.values()) == 1


async def test_a_create_goes_last_or_on_top_as_primary_and_the_answer_shows_its_rank(client, tenant: Tenant) -> None:
    first = await create(client, tenant, "sendgrid", name="Pro mail", conditions=CONDITIONS)
    second = await create(client, tenant, "smtp", name="Pro relay", conditions=CONDITIONS)
    response = await client.post(URL, json=body_of("sendgrid", name="Main"), headers=tenant.headers)
    main = response.json()
    last = await create(client, tenant, "smtp", name="Fallback")

    assert (first["primary"], first["priority"], second["priority"]) == (False, 1, 1)
    assert (main["primary"], main["priority"]) == (True, 3), "no primary yet: the new one goes on top"
    assert (last["primary"], last["priority"]) == (False, 1)
    assert await primaries(client, tenant, "email") == {
        main["id"]: (True, 4),
        first["id"]: (False, 3),
        second["id"]: (False, 2),
        last["id"]: (False, 1),
    }
