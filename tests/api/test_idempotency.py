"""``Idempotency-Key`` on POST: replays, reuse with another body, keys in progress, scoping, concurrency."""

from __future__ import annotations

import asyncio

import orjson
import pytest

from interlink.api import views
from interlink.services import idempotency, integrations
from tests.api.helpers import URL, assert_problem, body_of, caller_of, create, ids
from tests.conftest import Tenant


def keyed(tenant: Tenant, key: str, headers: dict[str, str] | None = None) -> dict[str, str]:
    return {**(headers or tenant.headers), "Idempotency-Key": key}


async def test_a_repeated_request_replays_the_first_answer(client, tenant: Tenant) -> None:
    first = await client.post(URL, json=body_of(), headers=keyed(tenant, "create-1"))
    second = await client.post(URL, json=body_of(), headers=keyed(tenant, "create-1"))

    assert first.status_code == second.status_code == 201
    assert first.headers["idempotency-key"] == "create-1"
    assert "idempotency-replay" not in first.headers
    assert second.headers["idempotency-replay"] == "true"
    assert second.content == first.content
    assert await ids(client, tenant.headers) == [first.json()["id"]]


async def test_json_key_order_does_not_make_another_body(client, tenant: Tenant) -> None:
    body = body_of()
    reordered = dict(reversed(list(body.items())))

    first = await client.post(URL, json=body, headers=keyed(tenant, "order"))
    second = await client.post(URL, json=reordered, headers=keyed(tenant, "order"))

    assert second.status_code == 201
    assert second.headers["idempotency-replay"] == "true"
    assert second.json() == first.json()


async def test_the_same_key_with_another_body_is_422(client, tenant: Tenant) -> None:
    first = await client.post(URL, json=body_of(), headers=keyed(tenant, "reused"))

    response = await client.post(URL, json=body_of(name="Different"), headers=keyed(tenant, "reused"))

    assert_problem(response, 422, "Idempotency-Key")
    assert await ids(client, tenant.headers) == [first.json()["id"]]


async def test_the_same_key_on_another_path_is_422(client, tenant: Tenant) -> None:
    record = await create(client, tenant)
    await client.post(URL, json=body_of(name="Other"), headers=keyed(tenant, "shared"))

    response = await client.post(f"{URL}/{record['id']}/set-primary", headers=keyed(tenant, "shared"))

    assert_problem(response, 422, "Idempotency-Key")


async def test_a_key_in_progress_is_409_with_retry_after(client, tenant: Tenant, hub) -> None:
    body = body_of()
    caller = await caller_of(hub, tenant.rw)
    claim = await idempotency.begin(hub, caller, "busy", idempotency.fingerprint("POST", URL, orjson.dumps(body)))
    assert isinstance(claim, idempotency.Claim)

    response = await client.post(URL, json=body, headers=keyed(tenant, "busy"))

    assert_problem(response, 409)
    assert response.headers["retry-after"] == "1"
    assert await ids(client, tenant.headers) == []

    await idempotency.release(hub, claim)
    after_release = await client.post(URL, json=body, headers=keyed(tenant, "busy"))
    assert after_release.status_code == 201
    assert "idempotency-replay" not in after_release.headers


async def test_keys_are_scoped_to_the_environment(client, tenant: Tenant) -> None:
    other = tenant.key(tenant.other_rw)

    dev = await client.post(URL, json=body_of(), headers=keyed(tenant, "per-env"))
    prod = await client.post(URL, json=body_of(), headers=keyed(tenant, "per-env", other))

    assert dev.status_code == prod.status_code == 201
    assert "idempotency-replay" not in prod.headers
    assert prod.json()["id"] != dev.json()["id"]
    assert prod.json()["environmentId"] == tenant.other_env_id
    assert await ids(client, tenant.headers) == [dev.json()["id"]]
    assert await ids(client, other) == [prod.json()["id"]]


async def test_a_failed_request_releases_its_key(client, tenant: Tenant) -> None:
    bad = body_of(properties={"url": "not a url"})
    refused = await client.post(URL, json=bad, headers=keyed(tenant, "retry-me"))
    assert_problem(refused, 422, "properties.url")

    again = await client.post(URL, json=bad, headers=keyed(tenant, "retry-me"))
    assert_problem(again, 422, "properties.url")
    assert "idempotency-replay" not in again.headers

    fixed = await client.post(URL, json=body_of(), headers=keyed(tenant, "retry-me"))
    assert fixed.status_code == 201, fixed.text
    assert "idempotency-replay" not in fixed.headers
    assert await ids(client, tenant.headers) == [fixed.json()["id"]]


async def test_a_conflict_releases_its_key(client, tenant: Tenant) -> None:
    taken = await create(client, tenant, identifier="taken")
    clash = await client.post(URL, json=body_of(identifier="taken"), headers=keyed(tenant, "clash"))
    assert_problem(clash, 409, "identifier")

    await client.delete(f"{URL}/{taken['id']}", headers=tenant.headers)
    retried = await client.post(URL, json=body_of(identifier="taken"), headers=keyed(tenant, "clash"))

    assert retried.status_code == 201, retried.text


async def test_an_over_long_key_is_422(client, tenant: Tenant) -> None:
    response = await client.post(URL, json=body_of(), headers=keyed(tenant, "k" * 256))

    assert_problem(response, 422, "Idempotency-Key")
    assert await ids(client, tenant.headers) == []


async def test_the_longest_key_is_accepted(client, tenant: Tenant) -> None:
    response = await client.post(URL, json=body_of(), headers=keyed(tenant, "k" * 255))

    assert response.status_code == 201, response.text


async def test_an_empty_key_is_422(client, tenant: Tenant) -> None:
    response = await client.post(URL, json=body_of(), headers=keyed(tenant, ""))

    assert_problem(response, 422, "Idempotency-Key")
    assert await ids(client, tenant.headers) == []


async def test_concurrent_requests_with_one_key_create_one_record(client, tenant: Tenant) -> None:
    body = body_of()

    answers = await asyncio.gather(*(client.post(URL, json=body, headers=keyed(tenant, "race")) for _ in range(5)))

    created = await ids(client, tenant.headers)
    assert len(created) == 1
    originals = [a for a in answers if a.status_code == 201 and "idempotency-replay" not in a.headers]
    assert len(originals) == 1
    for answer in answers:
        if answer.status_code == 201:
            assert answer.json()["id"] == created[0]
        else:
            assert_problem(answer, 409)
            assert answer.headers["retry-after"] == "1"


async def test_set_primary_replays_under_its_key(client, tenant: Tenant) -> None:
    first = await create(client, tenant, "sendgrid")
    second = await create(client, tenant, "smtp")

    moved = await client.post(f"{URL}/{second['id']}/set-primary", headers=keyed(tenant, "primary"))
    await client.post(f"{URL}/{first['id']}/set-primary", headers=tenant.headers)
    replayed = await client.post(f"{URL}/{second['id']}/set-primary", headers=keyed(tenant, "primary"))

    assert moved.status_code == replayed.status_code == 200
    assert replayed.headers["idempotency-replay"] == "true"
    assert replayed.content == moved.content
    current = (await client.get(f"{URL}/{first['id']}", headers=tenant.headers)).json()
    assert current["primary"] is True


async def test_a_read_only_key_cannot_use_up_an_idempotency_key(client, tenant: Tenant) -> None:
    refused = await client.post(URL, json=body_of(), headers=keyed(tenant, "scoped", tenant.key(tenant.read_only)))
    assert_problem(refused, 403)

    created = await client.post(URL, json=body_of(), headers=keyed(tenant, "scoped"))

    assert created.status_code == 201
    assert "idempotency-replay" not in created.headers


async def test_work_that_loses_the_race_for_its_key_rolls_back_and_replays(client, tenant: Tenant, hub) -> None:
    body = body_of()
    caller = await caller_of(hub, tenant.rw)
    print_ = idempotency.fingerprint("POST", URL, orjson.dumps(body))
    first = await idempotency.prepare(hub, caller, "both", print_)
    second = await idempotency.prepare(hub, caller, "both", print_)
    assert isinstance(first, idempotency.Claim) and isinstance(second, idempotency.Claim)

    won = await integrations.create(
        hub, caller, integrations.IntegrationDraft(**body), first.finisher(201, views.integration)
    )
    with pytest.raises(idempotency.Raced):
        await integrations.create(
            hub, caller, integrations.IntegrationDraft(**body), second.finisher(201, views.integration)
        )

    assert await ids(client, tenant.headers) == [won.id]
    replay = await client.post(URL, json=body, headers=keyed(tenant, "both"))
    assert replay.status_code == 201 and replay.headers["idempotency-replay"] == "true"
    assert replay.json()["id"] == won.id
