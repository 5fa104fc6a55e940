"""Who may do what in the mutual-aid scheme. The rules are the federation's; enrolment and
claims are clerks' work in their own subtree; decisions are reviewers'."""

from gonghui.core.roles import reads_business_data, reviews_business_data, writes_business_data
from gonghui.core.scope import covers


def can_set_rules(user) -> bool:
    """The scheme's years and rules are set by the federation (a clerk or reviewer at the root)."""
    return writes_business_data(user) and user.org is not None and user.org.level == 1


def can_enrol(user, org) -> bool:
    return writes_business_data(user) and covers(user, org.path) and org.level >= 3


def can_manage_unit(user, unit) -> bool:
    return writes_business_data(user) and covers(user, unit.org.path)


def can_submit_claim(user, enrolment) -> bool:
    return writes_business_data(user) and covers(user, enrolment.org.path)


def can_decide_claim(user, claim) -> bool:
    return reviews_business_data(user) and covers(user, claim.org.path)


def can_pay_claim(user, claim) -> bool:
    return writes_business_data(user) and covers(user, claim.org.path)


def can_reveal(user) -> bool:
    """Seeing a whole diagnosis is the security administrator's grant, as for ID numbers."""
    return reads_business_data(user) and user.can_reveal
