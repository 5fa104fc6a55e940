"""Who may change what in 劳动竞赛与创新: clerks and reviewers, inside their own subtree."""

from gonghui.core.roles import writes_business_data
from gonghui.core.scope import covers


def can_record_in(user, org) -> bool:
    return writes_business_data(user) and org is not None and covers(user, org.path)


def can_manage_contest(user, contest) -> bool:
    return can_record_in(user, contest.org)


def can_manage_base(user, base) -> bool:
    return can_record_in(user, base.org)
