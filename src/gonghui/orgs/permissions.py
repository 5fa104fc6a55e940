from gonghui.core.roles import reviews_business_data, writes_business_data
from gonghui.core.scope import covers


def can_edit_org(user, org) -> bool:
    return writes_business_data(user) and covers(user, org.path)


def can_move_org(user, org) -> bool:
    """A clerk may move nodes below their own, never their own node itself."""
    return can_edit_org(user, org) and org.pk != user.org_id


def can_accept_flagged_credit_code(user) -> bool:
    return reviews_business_data(user)
