"""Who may do what in the service centre. Templates ask these to show buttons; services ask
them again before acting."""

from gonghui.core.roles import reads_business_data, writes_business_data
from gonghui.core.scope import covers
from gonghui.orgs.models import Level


def reads_service(user) -> bool:
    return reads_business_data(user)


def can_register_case(user) -> bool:
    return writes_business_data(user) and user.org_id is not None


def can_handle_case(user, case) -> bool:
    """The node that holds the case now, and every level above it, may move it on."""
    return writes_business_data(user) and covers(user, case.org.path)


def can_set_time_limits(user) -> bool:
    """Time limits are one rule for the whole city, set by the federation."""
    return writes_business_data(user) and user.org is not None and user.org.level == Level.FEDERATION


def can_mark_site(user, org) -> bool:
    return writes_business_data(user) and covers(user, org.path)


def can_write_for(user, org) -> bool:
    return writes_business_data(user) and covers(user, org.path)


def can_issue_permit(user, group) -> bool:
    """Permits are issued by the federation or a town, for the groups of its subtree."""
    return writes_business_data(user) and user.org.level <= Level.TOWN and covers(user, group.org.path)


def can_reveal(user) -> bool:
    return reads_business_data(user) and user.can_reveal
