from gonghui.core.roles import reads_business_data, writes_business_data
from gonghui.core.scope import covers


def can_read_finance(user) -> bool:
    return reads_business_data(user)


def can_record_finance(user) -> bool:
    return writes_business_data(user)


def can_record_for(user, org) -> bool:
    """Dues and audits of a union are recorded by a clerk or reviewer whose subtree holds it."""
    return writes_business_data(user) and covers(user, org.path)
