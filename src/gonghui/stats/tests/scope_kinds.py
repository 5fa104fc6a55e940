"""The scope matrix's keywords for 统计与报告 (see gonghui/tests/test_scope_matrix.py).

Targets follow the node they are set for. An indicator code names no town's object: its
page is walked for every town with a few registered codes (and made-up ones must be 404),
and must show only the user's own subtree's records."""

import datetime  # noqa: F401
from decimal import Decimal

from gonghui.core.roles import Role
from gonghui.tests.scope_kinds import ObjectKind

WALKED_CODES = ("members.recruited", "orgs.unions_primary", "cards.issued")


def _targets_of_town(world, t):
    from gonghui.stats import services

    return [services.target_set(acting_user=world.users[t, Role.CLERK], indicator_code="members.recruited", org=world.town(t), year=2013,
                                value=Decimal(120 if t == "A" else 340), note="浒山分解目标" if t == "A" else "观海卫分解目标")]


def _codes(world, t):
    from gonghui.core.indicators import REGISTRY

    return [code for code in WALKED_CODES if code in REGISTRY]


KINDS: dict[str, ObjectKind] = {
    "target_id": ObjectKind("stats.Target", _targets_of_town, marks=lambda target: (target.note,)),
    "indicator_code": ObjectKind(None, _codes, value=lambda code: code, marks=lambda code: (), guess=lambda world: ["no.such_indicator", "x"],
                                 requires="gonghui.stats"),
}
