"""The one scrubber the engine applies to every send: secret values, their encoded forms and URL token shapes."""

from __future__ import annotations

from interlink.sdk import Channel, Direction, Manifest, Property, SendResult
from interlink.sdk.scrubbing import Scrubber, mask_urls

MANIFEST = Manifest(
    "example",
    "Example",
    Direction.EGRESS,
    Channel.CHAT,
    properties=(Property("token", secret=True), Property("webhookUrl", secret=True), Property("name")),
)


def test_every_secret_value_and_its_url_forms_are_removed() -> None:
    config = {
        "token": "tok/en+value",
        "webhookUrl": "https://hooks.example.com/services/T0001/B0001/abcdefghijklmnopqrstuvwx",
        "name": "visible name",
    }
    scrub = Scrubber.of(MANIFEST, config)
    text = "got tok/en+value, tok%2Fen%2Bvalue and /services/T0001/B0001/abcdefghijklmnopqrstuvwx for visible name"
    assert scrub.text(text) == "got ***, *** and *** for visible name"


def test_a_result_is_scrubbed_everywhere_it_can_show_text() -> None:
    scrub = Scrubber.of(MANIFEST, {"token": "s3cr3t-token"})
    result = SendResult.failed("bad s3cr3t-token", 401, response_excerpt='{"token":"s3cr3t-token"}')
    cleaned = scrub.result(result)
    assert (cleaned.detail, cleaned.response_excerpt, cleaned.status_code) == ("bad ***", '{"token":"***"}', 401)


def test_token_shapes_in_urls_and_authorization_values_are_masked_without_knowing_the_secret() -> None:
    assert mask_urls("see https://user:pw@api.example.com/x?api_key=abc123&page=2") == (
        "see https://***@api.example.com/x?api_key=***&page=2"
    )
    assert mask_urls("https://api.example.com/bot123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage") == (
        "https://api.example.com/***/sendMessage"
    )
    assert Scrubber([]).text("Authorization: Bearer abcdefgh12345678") == "Authorization: Bearer ***"


def test_short_values_are_left_alone_and_plain_text_is_unchanged() -> None:
    scrub = Scrubber.of(MANIFEST, {"token": "abc"})
    assert scrub.text("abc is the alphabet; see https://example.com/docs/page") == (
        "abc is the alphabet; see https://example.com/docs/page"
    )


def test_a_secret_inside_base64_is_masked_whatever_surrounds_it() -> None:
    import base64

    scrub = Scrubber.of(MANIFEST, {"token": "pa55-Secret-word"})
    plain = base64.b64encode(b"\0mailer\0pa55-Secret-word").decode()
    basic = base64.b64encode(b"user:pa55-Secret-word").decode()
    other = base64.b64encode(b"nothing to hide here").decode()
    assert scrub.text(f"AUTH {plain} / {basic} / {other}") == f"AUTH *** / *** / {other}"
