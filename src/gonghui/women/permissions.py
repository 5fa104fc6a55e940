from gonghui.core.roles import writes_business_data
from gonghui.core.scope import covers


def can_record_women(user) -> bool:
    return writes_business_data(user)


def can_record_at(user, org) -> bool:
    return writes_business_data(user) and covers(user, org.path)
