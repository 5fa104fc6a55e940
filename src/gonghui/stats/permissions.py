"""Who may read the statistics and set targets. Templates ask these to show buttons; services
ask them again before acting."""

from gonghui.core.roles import reads_business_data, writes_business_data
from gonghui.core.scope import covers


def reads_stats(user) -> bool:
    """The catalogue, dashboards, progress and the report: every business role, in its subtree."""
    return reads_business_data(user)


def can_set_target(user, org) -> bool:
    """A target is set by the clerks of the node it is for or of a node above it."""
    return writes_business_data(user) and covers(user, org.path)


def can_set_targets(user) -> bool:
    return writes_business_data(user) and user.org_id is not None
