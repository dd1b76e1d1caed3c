"""The ``interlink`` command line: serve, keys, secrets, org."""
