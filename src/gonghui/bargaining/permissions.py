from gonghui.core.roles import writes_business_data
from gonghui.core.scope import covers
from gonghui.orgs.models import Level


def can_record(user) -> bool:
    return writes_business_data(user)


def can_edit_agreement(user, agreement) -> bool:
    return writes_business_data(user) and covers(user, agreement.org.path)


def can_open_rating_year(user) -> bool:
    """Opening a year for star ratings is the federation's call."""
    return writes_business_data(user) and user.org is not None and user.org.level == Level.FEDERATION
