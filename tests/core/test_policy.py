"""The retry policy (schedule, jitter within ±20 %, Retry-After within bounds, exhaustion) and the breaker."""

from __future__ import annotations

import random

import pytest

from interlink.queue.breaker import CircuitBreaker, Guards
from interlink.queue.policy import DEFAULT_SCHEDULE, RetryPolicy


def test_the_default_schedule_is_the_documented_one() -> None:
    assert DEFAULT_SCHEDULE == (5, 300, 1800, 7200, 18000, 36000, 36000)
    assert RetryPolicy().max_attempts == 8  # the immediate try plus seven retries


def test_each_delay_stays_within_twenty_percent_of_its_step() -> None:
    policy, rng = RetryPolicy(), random.Random(7)
    for step, scheduled in enumerate(DEFAULT_SCHEDULE):
        delays = [policy.delay(step, rng=rng) for _ in range(500)]
        assert all(d is not None and 0.8 * scheduled <= d <= 1.2 * scheduled for d in delays), step
        # Jitter spreads the delays: not all alike, and both sides of the step are used.
        assert min(delays) < 0.9 * scheduled < 1.1 * scheduled < max(delays)  # type: ignore[type-var]


def test_without_jitter_the_schedule_is_exact() -> None:
    policy = RetryPolicy((1, 2, 3), jitter=0)
    assert [policy.delay(i) for i in range(3)] == [1, 2, 3]


def test_no_delay_is_left_once_the_schedule_is_used_up() -> None:
    policy = RetryPolicy((0.2, 0.4, 0.8))
    assert policy.max_attempts == 4
    assert policy.delay(2) is not None
    assert policy.delay(3) is None
    assert policy.delay(10) is None
    assert policy.delay(3, retry_after=1) is None  # a Retry-After does not add tries


@pytest.mark.parametrize(
    ("retry_after", "expected"),
    [
        (30, 30.0),  # honoured as asked (the step is 60 s, the bound 120 s)
        (0, 1.0),  # never sooner than one second
        (0.2, 1.0),
        (500, 120.0),  # never more than twice the scheduled step
        (120, 120.0),
    ],
)
def test_retry_after_is_honoured_within_bounds(retry_after: float, expected: float) -> None:
    assert RetryPolicy((60, 600)).delay(0, retry_after) == expected


def test_retry_after_is_not_jittered_and_its_bound_follows_the_step() -> None:
    policy = RetryPolicy((5, 300))
    assert {policy.delay(0, 4) for _ in range(20)} == {4.0}
    assert policy.delay(0, 3600) == 10.0
    assert policy.delay(1, 3600) == 600.0
    assert RetryPolicy((0.2,)).delay(0, 5) == 1.0  # a tiny step still allows one second


def test_parse_reads_seconds_and_falls_back_to_the_default() -> None:
    assert RetryPolicy.parse("0.2, 0.4,0.8").schedule == (0.2, 0.4, 0.8)
    assert RetryPolicy.parse("5,").schedule == (5.0,)
    assert RetryPolicy.parse("").schedule == DEFAULT_SCHEDULE
    assert RetryPolicy.parse(None).schedule == DEFAULT_SCHEDULE


@pytest.mark.parametrize("text", ["soon", "5,-1", "1,,x", "nan", "inf"])
def test_parse_refuses_a_schedule_that_is_not_seconds(text: str) -> None:
    with pytest.raises(ValueError, match="retry schedule"):
        RetryPolicy.parse(text)


# The circuit breaker that decides when an integration is skipped (queue/breaker.py), driven by explicit clocks.


def test_the_breaker_opens_after_the_threshold_of_consecutive_failures() -> None:
    breaker = CircuitBreaker(threshold=3, cooldown=10)
    for _ in range(2):
        breaker.record(False, now=0)
    assert breaker.allows(now=0) and breaker.state == "closed"
    breaker.record(True, now=0)  # a success resets the count
    for _ in range(2):
        breaker.record(False, now=0)
    assert breaker.allows(now=0)
    breaker.record(False, now=100)
    assert not breaker.allows(now=105)
    assert breaker.remaining(now=105) == 5


def test_after_the_cooldown_one_probe_goes_through_and_its_result_decides() -> None:
    breaker = CircuitBreaker(threshold=1, cooldown=10)
    breaker.record(False, now=0)
    assert not breaker.allows(now=9.9)
    assert breaker.allows(now=10)  # the probe
    assert not breaker.allows(now=10.5)  # nobody else while it is under way
    breaker.record(False, now=11)  # the probe failed: open for another cooldown
    assert not breaker.allows(now=20)
    assert breaker.allows(now=21)
    breaker.record(True, now=21)
    assert breaker.allows(now=21) and breaker.allows(now=21) and breaker.state == "closed"


def test_guards_keep_one_breaker_per_integration() -> None:
    guards = Guards(threshold=1, cooldown=10)
    guards.breaker("int_a").record(False)
    assert guards.breaker("int_a").state == "open"
    assert guards.breaker("int_b").state == "closed"
