"""Fakes of outside services that speak their real wire format on 127.0.0.1 (tests, demo, bench)."""
