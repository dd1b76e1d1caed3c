"""Use-cases and transactions; the only callers of ``store``. Every HTTP face and the CLI use these."""
