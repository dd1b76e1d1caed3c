"""Benchmarks that start real servers on loopback and drive them with concurrent clients."""
