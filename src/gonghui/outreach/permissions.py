from gonghui.core.roles import writes_business_data
from gonghui.core.scope import covers


def can_record_outreach(user) -> bool:
    return writes_business_data(user)


def can_record_visit(user, group, place_org) -> bool:
    """A clerk of the union that sent the group records its visits to places in their subtree."""
    return writes_business_data(user) and covers(user, group.org.path) and covers(user, place_org.path)
