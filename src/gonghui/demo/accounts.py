"""The demo logins printed by `make run` (placeholder until the generator lands)."""

DEMO_PASSWORD = "Gonghui@2013"


def print_demo_logins():
    pass
