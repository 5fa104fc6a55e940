from gonghui.core.roles import reads_business_data, writes_business_data
from gonghui.core.scope import covers


def can_read_culture(user) -> bool:
    return reads_business_data(user)


def can_record_culture(user) -> bool:
    return writes_business_data(user)


def can_record_at(user, org) -> bool:
    """A clerk or reviewer records culture work for places in their own subtree."""
    return writes_business_data(user) and covers(user, org.path)
