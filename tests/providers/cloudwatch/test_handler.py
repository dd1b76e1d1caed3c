"""CloudWatch through SNS: documented messages, the signing certificate's host, the signature, the confirmation."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import httpx
import orjson
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from interlink.providers.cloudwatch.handler import HANDLER
from interlink.sdk.inbound import ActionKind, AlertAction, InboundRequest
from interlink.services import inbound_fetch
from tests.conftest import Tenant
from tests.inbound.helpers import alerts_of, fixture, receiver, wait_event
from tests.providers.cloudwatch.sns import CERT_PEM, signed

CONFIRMATION = fixture("cloudwatch", "subscription_confirmation")
OK = fixture("cloudwatch", "notification__alarm_ok")
CONFIRMED_AT = datetime(2012, 4, 26, 20, 45, 30, tzinfo=UTC)
NOTIFIED_AT = datetime(2025, 12, 5, 19, 0, tzinfo=UTC)


def request(message: dict[str, object], with_cert: bool = True) -> InboundRequest:
    fetched = {str(message["SigningCertURL"]): CERT_PEM} if with_cert else {}
    headers = {"x-amz-sns-message-type": str(message["Type"]), "content-type": "text/plain; charset=UTF-8"}
    return InboundRequest("POST", headers, orjson.dumps(message), fetched=fetched)


def alarm(state: str) -> dict[str, object]:
    """The documented OK notification as it reads when the alarm fires (or in another state)."""
    inner = json.loads(str(OK["Message"]))
    inner["NewStateValue"], inner["OldStateValue"] = state, "OK"
    return {**OK, "Message": json.dumps(inner)}


def test_a_signed_subscription_confirmation_is_confirmed_by_visiting_its_url() -> None:
    message = signed(CONFIRMATION)
    assert HANDLER.verify(request(message), [], CONFIRMED_AT).ok
    assert HANDLER.fetches(request(message)) == [CONFIRMATION["SigningCertURL"]]
    assert HANDLER.interpret(request(message)) == [
        AlertAction(ActionKind.IGNORE, reason="subscription to arn:aws:sns:us-west-2:123456789012:MyTopic confirmed")
    ]
    assert HANDLER.visits(request(message)) == [CONFIRMATION["SubscribeURL"]]


def test_the_documented_ok_notification_resolves_its_alarm_and_alarm_opens_it() -> None:
    arn = "arn:aws:cloudwatch:us-west-2:[ACCOUNT_ID]:alarm:[ALARM_NAME]"
    assert HANDLER.interpret(request(signed(OK, "2"))) == [AlertAction(ActionKind.RESOLVE, third_party_id=arn)]
    assert HANDLER.visits(request(signed(OK))) == []
    assert HANDLER.interpret(request(signed(alarm("ALARM")))) == [
        AlertAction(
            ActionKind.CREATE,
            title='ALARM: "[ALARM_NAME]" in US West (Oregon)',
            description="Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was "
            "treated as [Breaching].",
            urgency="high",
            third_party_id=arn,
            tags=("cloudwatch", "US West (Oregon)", "AWS/Usage"),
            additional_data=({"label": "alarm", "value": arn},),
        )
    ]
    assert HANDLER.interpret(request(signed(alarm("INSUFFICIENT_DATA"))))[0].kind is ActionKind.IGNORE


def test_a_forged_signature_or_a_missing_certificate_opens_nothing() -> None:
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = signed(alarm("ALARM"), key=other_key)
    tampered = {**signed(alarm("ALARM")), "Subject": "ALARM: something else"}
    for message, with_cert in ((forged, True), (tampered, True), (signed(alarm("ALARM")), False)):
        with pytest.raises(ValueError, match="does not verify"):
            HANDLER.interpret(request(message, with_cert))


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"SigningCertURL": "https://sns.evil.example.com/cert.pem"}, "SigningCertURL is not an https .pem URL"),
        ({"SigningCertURL": "http://sns.us-west-2.amazonaws.com/x.pem"}, "SigningCertURL is not an https .pem URL"),
        ({"SigningCertURL": "https://sns.us-west-2.amazonaws.com.evil.io/x.pem"}, "SigningCertURL is not an"),
        ({"SubscribeURL": "https://127.0.0.1/?Action=ConfirmSubscription"}, "SubscribeURL is not an https URL"),
        ({"Signature": ""}, "the SNS message is not signed"),
        ({"SignatureVersion": "3"}, "the SNS message is not signed"),
        ({"Timestamp": "2012-04-26T18:00:00.000Z"}, "the SNS message is more than an hour old"),
        ({"Type": "Other"}, "an SNS message has a Type"),
    ],
)
def test_the_door_refuses_foreign_hosts_unsigned_and_stale_messages(change: dict[str, str], reason: str) -> None:
    verdict = HANDLER.verify(request({**signed(CONFIRMATION), **change}), [], CONFIRMED_AT)
    assert not verdict.ok and verdict.reason.startswith(reason)


async def test_a_signed_alarm_through_the_intake_opens_an_alert(
    client: httpx.AsyncClient, tenant: Tenant, worker: object
) -> None:
    cloudwatch = await receiver(client, tenant, "cloudwatch", "CloudWatch")
    message = signed({**alarm("ALARM"), "Timestamp": datetime.now(UTC).isoformat().replace("+00:00", "Z")})
    # The certificate as the queue would have fetched it from SNS (tests never leave 127.0.0.1).
    inbound_fetch._cache[str(message["SigningCertURL"])] = (float("inf"), CERT_PEM)
    accepted = await client.post(cloudwatch["inboundUrl"], content=orjson.dumps(message))
    assert accepted.status_code == 202
    assert (await wait_event(client, tenant, accepted.json()["id"]))["status"] == "processed"
    [opened] = await alerts_of(client, tenant, cloudwatch["id"])
    assert opened["thirdPartyId"] == "arn:aws:cloudwatch:us-west-2:[ACCOUNT_ID]:alarm:[ALARM_NAME]"

    forged = {**message, "Subject": "ALARM: forged"}
    refused = await client.post(cloudwatch["inboundUrl"], content=orjson.dumps(forged))
    failed = await wait_event(client, tenant, refused.json()["id"])
    assert failed["status"] == "failed"
    assert failed["result"] == {"error": "the SNS signature does not verify against the signing certificate"}
    stale = {**message, "Timestamp": (datetime.now(UTC) - timedelta(hours=2)).isoformat()}
    assert (await client.post(cloudwatch["inboundUrl"], content=orjson.dumps(stale))).status_code == 401
