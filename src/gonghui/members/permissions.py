from gonghui.core.roles import reads_business_data, writes_business_data
from gonghui.core.scope import covers


def can_edit_member(user, member) -> bool:
    return writes_business_data(user) and covers(user, member.org.path)


def can_register_in(user, org) -> bool:
    return writes_business_data(user) and covers(user, org.path) and org.level >= 3


def can_reveal(user) -> bool:
    """Seeing a whole ID or mobile number is a grant of the security administrator."""
    return reads_business_data(user) and user.can_reveal


def can_decide_transfer(user, transfer) -> bool:
    return writes_business_data(user) and covers(user, transfer.to_org.path)
