"""Queue mechanics without business rules: retry policy, circuit breakers, outbound transport, the run loop."""
