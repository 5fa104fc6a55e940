"""Who may do what in 困难帮扶. Every write in services asks one of these first; templates
ask them to show the buttons."""

from gonghui.core.roles import reviews_business_data, writes_business_data
from gonghui.core.scope import covers


def _town_or_above(user) -> bool:
    return bool(user.org_id) and user.org.level <= 2


def can_apply_for(user, org) -> bool:
    """A union clerk applies for a worker of a union in their subtree."""
    return writes_business_data(user) and covers(user, org.path)


def can_check_file(user, hardship_file) -> bool:
    """The workplace union (or any level above it) checks the application."""
    return writes_business_data(user) and covers(user, hardship_file.org.path)


def can_visit_file(user, hardship_file) -> bool:
    """Home visits and the income check are done by the town (or the city)."""
    return writes_business_data(user) and _town_or_above(user) and covers(user, hardship_file.org.path)


def can_decide_file(user, hardship_file) -> bool:
    """Publishing the notice, archiving, rejecting, reviewing and exiting: a reviewer of the town or city."""
    return reviews_business_data(user) and _town_or_above(user) and covers(user, hardship_file.org.path)


def can_see_documents(user, hardship_file) -> bool:
    return writes_business_data(user) and covers(user, hardship_file.org.path)


def can_set_threshold(user, org) -> bool:
    return reviews_business_data(user) and covers(user, org.path) and org.level <= 2


def can_set_rates(user) -> bool:
    return reviews_business_data(user) and bool(user.org_id) and user.org.level == 1


def can_run_programmes(user) -> bool:
    return writes_business_data(user) and bool(user.org_id)


def can_manage_fund(user, fund) -> bool:
    return writes_business_data(user) and covers(user, fund.org.path)


def can_propose_grant(user, programme) -> bool:
    return writes_business_data(user) and covers(user, programme.org.path)


def can_approve_grant(user, grant) -> bool:
    """A reviewer who sees the recipient and the fund, and did not propose the grant."""
    return (
        reviews_business_data(user) and covers(user, grant.org.path) and covers(user, grant.fund.org.path)
        and grant.proposed_by_id != user.pk
    )


def can_pay_grant(user, grant) -> bool:
    return writes_business_data(user) and covers(user, grant.org.path) and covers(user, grant.fund.org.path)


def can_reveal_accounts(user) -> bool:
    """Whole payout account numbers on the bank's list: the same grant as for ID numbers."""
    return writes_business_data(user) and bool(user.can_reveal)
