"""How the scope matrix (test_scope_matrix.py) fills each URL keyword with a town's objects.

The keywords of orgs, accounts, members and the import engine live in the matrix itself;
every later app keeps its own in `<app>/tests/scope_kinds.py` as `KINDS = {"keyword":
ObjectKind(...)}`, found here by app. A keyword must mean one thing: two apps declaring the
same one fail the run.
"""

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Max

from gonghui.core.roles import Role

BUSINESS = (Role.CLERK, Role.REVIEWER, Role.LEADER)


@dataclass(frozen=True)
class ObjectKind:
    """How to fill one URL keyword: with town t's objects, or with ids nobody has.

    `used_by` lists the roles (besides the town clerk, always tried) whose pages of this kind
    are scoped. Each is first shown town A's own object: where that page opens, town B's and
    guessed ids must answer exactly 404; where the role is refused the page outright (403, or
    the way back to sign-in), town B's ids must be refused alike.
    """

    model: str | None  # "app_label.Model" for guessed ids; None for a keyword that names no town's object
    of_town: Callable[..., list]  # (world, town "A"/"B") -> that town's objects
    used_by: tuple = BUSINESS
    value: Callable = lambda obj: obj.pk
    marks: Callable = lambda obj: (str(obj),)  # what names obj on a page
    guess: Callable | None = None  # world -> two values for the "guessed id" tries
    requires: str = ""  # a module that must be importable, for a keyword with no model

    @property
    def available(self) -> bool:
        """False for a kind whose app is not installed: none of its routes exist then."""
        if self.model:
            try:
                apps.get_model(self.model)
            except LookupError:
                return False
        return not self.requires or importlib.util.find_spec(self.requires) is not None

    @property
    def town_free(self) -> bool:
        """A keyword that is not an object of a town (an import type, a field name): its pages
        are the same for every town, and are checked for what they show instead."""
        return self.model is None

    def guessed(self, world) -> list:
        if self.guess is not None:
            return self.guess(world)
        top = apps.get_model(self.model).objects.aggregate(top=Max("pk"))["top"] or 0
        return [top + 1000, top + 1]


def app_kinds(known: dict) -> dict:
    """Every installed gonghui app's KINDS, checked against the keywords already known."""
    found: dict[str, ObjectKind] = {}
    for config in apps.get_app_configs():
        module = f"{config.name}.tests.scope_kinds"
        if not config.name.startswith("gonghui.") or importlib.util.find_spec(f"{config.name}.tests") is None:
            continue
        if importlib.util.find_spec(module) is None:
            continue
        for keyword, kind in importlib.import_module(module).KINDS.items():
            if keyword in known or keyword in found:
                raise AssertionError(f"URL keyword {keyword!r} of {config.name} is already used by another app; name it after its object")
            found[keyword] = kind
    return found
