"""Helpers shared by test modules (fixtures live in conftest.py files)."""

import base64

PASSWORD = "correct-horse-battery"


def basic_auth(username: str, password: str = PASSWORD) -> str:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return f"Basic {token}"
