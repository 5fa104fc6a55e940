"""Shared test fixtures: a small city (a federation, two towns, their villages and
workplace unions, enterprises) and accounts of every role."""

import os

os.environ.setdefault("GONGHUI_TESTING", "1")

import pytest  # noqa: E402

from gonghui.testing import CityFactory, login_as  # noqa: E402,F401


@pytest.fixture
def city(db):
    return CityFactory().build()


@pytest.fixture
def make_user(db):
    from gonghui.testing import make_user as _make_user

    return _make_user
